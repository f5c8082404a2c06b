package io.tradingagents.analysis.file;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.CacheException;
import java.nio.file.Path;

/**
 * Opens the file-backed stores in one directory, under fixed file names:
 *
 * <pre>{@code
 * try (FileUsageStore usage = FileStores.usage(dir, FsyncPolicy.INTERVAL);
 *      FileAnalysisStore analyses = FileStores.analysis(dir, FsyncPolicy.EVERY_RECORD)) {
 *   usage.append(record);
 * }
 * }</pre>
 *
 * <p>The directory (and its parents) is created owner-only ({@code rwx------}) if missing, and the files
 * owner-only ({@code rw-------}), where the file system is POSIX. For another file name or the fsync
 * interval, use the stores' constructors with {@link JournalOptions}. Stateless.
 */
public final class FileStores {
  /** The usage journal's file name. */
  public static final String USAGE_FILE = "usage.jsonl";
  /** The analysis journal's file name. */
  public static final String ANALYSIS_FILE = "analysis.jsonl";
  /** The session journal's file name. */
  public static final String SESSION_FILE = "sessions.jsonl";

  private FileStores() {}

  /**
   * @param directory where the journal lives
   * @param fsync the fsync policy; {@link FsyncPolicy#INTERVAL} forces every second
   * @return the usage store of {@code directory/}{@value #USAGE_FILE}
   * @throws NullPointerException if an argument is null
   * @throws CacheException if the file cannot be created, opened or read
   */
  public static FileUsageStore usage(Path directory, FsyncPolicy fsync) {
    return new FileUsageStore(options(directory, USAGE_FILE, fsync));
  }

  /**
   * @param directory where the journal lives
   * @param fsync the fsync policy; {@link FsyncPolicy#INTERVAL} forces every second
   * @return the analysis store of {@code directory/}{@value #ANALYSIS_FILE}
   * @throws NullPointerException if an argument is null
   * @throws CacheException if the file cannot be created, opened or read
   */
  public static FileAnalysisStore analysis(Path directory, FsyncPolicy fsync) {
    return new FileAnalysisStore(options(directory, ANALYSIS_FILE, fsync));
  }

  /**
   * @param directory where the journal lives
   * @param fsync the fsync policy; {@link FsyncPolicy#INTERVAL} forces every second
   * @return the session store of {@code directory/}{@value #SESSION_FILE}
   * @throws NullPointerException if an argument is null
   * @throws CacheException if the file cannot be created, opened or read
   */
  public static FileSessionStore sessions(Path directory, FsyncPolicy fsync) {
    return new FileSessionStore(options(directory, SESSION_FILE, fsync));
  }

  private static JournalOptions options(Path directory, String name, FsyncPolicy fsync) {
    requireNonNull(directory, "directory");
    return JournalOptions.of(directory.resolve(name)).withFsync(fsync);
  }
}
