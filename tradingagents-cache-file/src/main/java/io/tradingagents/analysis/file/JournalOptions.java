package io.tradingagents.analysis.file;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of a file-backed store's journal.
 *
 * @param file the journal file; created with its parent directories if missing (directories
 *     {@code rwx------} and the file {@code rw-------} where the file system is POSIX)
 * @param fsync when appended lines are forced to the device. Default {@link FsyncPolicy#INTERVAL}
 * @param fsyncInterval how often {@link FsyncPolicy#INTERVAL} forces; from 1 ms to 10 minutes, ignored by
 *     the other policies. Default 1 second
 */
public record JournalOptions(Path file, FsyncPolicy fsync, Duration fsyncInterval) {
  /** The default fsync interval: 1 second. */
  public static final Duration DEFAULT_FSYNC_INTERVAL = Duration.ofSeconds(1);
  /** The longest fsync interval accepted: 10 minutes. */
  public static final Duration MAX_FSYNC_INTERVAL = Duration.ofMinutes(10);

  /**
   * Validates the settings.
   *
   * @param file the journal file
   * @param fsync the fsync policy
   * @param fsyncInterval from 1 ms to 10 minutes
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code file} has no file name (a root) or {@code fsyncInterval} is
   *     out of range
   */
  public JournalOptions {
    requireNonNull(file, "file");
    requireNonNull(fsync, "fsync");
    requireNonNull(fsyncInterval, "fsyncInterval");
    if (file.getFileName() == null) {
      throw new IllegalArgumentException("file must name a file but was " + file
          + "; pass a path such as /var/lib/app/usage.jsonl");
    }
    if (fsyncInterval.toMillis() < 1 || fsyncInterval.compareTo(MAX_FSYNC_INTERVAL) > 0) {
      throw new IllegalArgumentException("fsyncInterval must be from 1ms to 10 minutes but was "
          + fsyncInterval);
    }
  }

  /**
   * @param file the journal file
   * @return options with the defaults: {@link FsyncPolicy#INTERVAL}, every second
   * @throws NullPointerException if {@code file} is null
   * @throws IllegalArgumentException if {@code file} has no file name
   */
  public static JournalOptions of(Path file) {
    return new JournalOptions(file, FsyncPolicy.INTERVAL, DEFAULT_FSYNC_INTERVAL);
  }

  /**
   * @param policy the fsync policy
   * @return a copy with that policy
   * @throws NullPointerException if {@code policy} is null
   */
  public JournalOptions withFsync(FsyncPolicy policy) {
    return new JournalOptions(file, policy, fsyncInterval);
  }

  /**
   * @param interval from 1 ms to 10 minutes
   * @return a copy with that interval
   * @throws IllegalArgumentException if out of range
   */
  public JournalOptions withFsyncInterval(Duration interval) {
    return new JournalOptions(file, fsync, interval);
  }
}
