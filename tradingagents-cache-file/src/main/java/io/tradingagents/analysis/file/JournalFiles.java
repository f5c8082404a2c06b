package io.tradingagents.analysis.file;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File-system helpers of the journals: owner-only creation, file identity, directory fsync, and the
 * temporary file a compaction writes before renaming it over the journal ({@code <name>.<hex>.compact.tmp}
 * beside it). Stateless.
 */
final class JournalFiles {
  private static final Logger log = LoggerFactory.getLogger(JournalFiles.class);

  /** Stands for "no file at this path" in {@link #fileKey}. */
  static final Object MISSING = new Object() {
    @Override
    public String toString() {
      return "missing";
    }
  };
  private static final String COMPACT_SUFFIX = ".compact.tmp";
  private static final int WRITE_BUFFER_BYTES = 64 << 10;

  private JournalFiles() {}

  /**
   * @param file a path on some file system
   * @return {@code rw-------} where the file system is POSIX, else nothing
   */
  static FileAttribute<?>[] ownerOnlyFile(Path file) {
    return posix(file) ? new FileAttribute<?>[] {
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
  }

  /**
   * Creates the file's parent directories owner-only ({@code rwx------}) if missing; existing ones keep
   * their permissions.
   *
   * @param file an absolute path
   * @return the parent directory with symbolic links resolved
   * @throws IOException if a directory cannot be created, or exists as something else
   */
  static Path createParent(Path file) throws IOException {
    Path parent = file.getParent();
    if (parent == null) {
      throw new IOException("journal " + file + " has no parent directory");
    }
    FileAttribute<?>[] attributes = posix(file) ? new FileAttribute<?>[] {
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
        : new FileAttribute<?>[0];
    Files.createDirectories(parent, attributes);
    return parent.toRealPath();
  }

  /**
   * @param file a path
   * @return the identity of the file now at {@code file} (device and inode on Unix), {@link #MISSING} if
   *     there is none, or {@code null} if the platform has no file identities (then a replaced journal is
   *     not detected)
   * @throws IOException if its attributes cannot be read
   */
  static @Nullable Object fileKey(Path file) throws IOException {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    } catch (NoSuchFileException e) {
      return MISSING;
    }
  }

  /**
   * Forces a directory's entries (a created or renamed file's name) to the device, where the platform
   * can open a directory. Best effort: the files themselves are forced separately.
   *
   * @param directory the directory
   */
  static void forceDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      log.debug("Cannot fsync directory {}: {}", directory, e.toString());
    }
  }

  /** Writes the lines of a compacted journal. */
  interface LineWriter {
    /**
     * @param out where to write the lines, each ending with {@code '\n'}
     * @throws IOException if writing fails
     */
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Writes a new journal to a temporary file beside {@code file} (with {@code file}'s permissions where
   * they can be read, else owner-only), forces it to the device, renames it over {@code file} atomically
   * and forces the directory. A crash leaves either the old journal or the new one, whole, plus at worst
   * a temporary file that {@link #deleteStaleTemps} removes.
   *
   * @param file the journal
   * @param lines writes the new content
   * @throws IOException if writing or renaming fails; the temporary file is then deleted and the journal
   *     is unchanged
   */
  static void replace(Path file, LineWriter lines) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + "."
        + Long.toHexString(ThreadLocalRandom.current().nextLong()) + COMPACT_SUFFIX);
    try {
      try (FileChannel channel = FileChannel.open(temp,
          Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnlyFile(file))) {
        copyPermissions(file, temp);
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), WRITE_BUFFER_BYTES);
        lines.writeTo(out);
        out.flush();
        channel.force(true);
      }
      Files.move(temp, file, ATOMIC_MOVE, REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException suppressed) {
        log.debug("Cannot delete {} after a failed compaction: {}", temp, suppressed.toString());
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    forceDirectory(file.getParent());
  }

  /**
   * Deletes temporary files of compactions that died before renaming. Call only while holding the
   * journal's file lock, so that no compaction is running.
   *
   * @param file the journal
   * @return how many were deleted
   * @throws IOException if the directory cannot be listed
   */
  static int deleteStaleTemps(Path file) throws IOException {
    Pattern temp = Pattern.compile(Pattern.quote(file.getFileName().toString()) + "\\.[0-9a-f]{1,16}"
        + Pattern.quote(COMPACT_SUFFIX));
    int deleted = 0;
    try (DirectoryStream<Path> siblings = Files.newDirectoryStream(file.getParent(),
        p -> temp.matcher(p.getFileName().toString()).matches())) {
      for (Path sibling : siblings) {
        if (Files.deleteIfExists(sibling)) {
          log.atInfo().setMessage("Deleted {}, left by a compaction of {} that did not finish")
              .addArgument(sibling).addArgument(file).addKeyValue("event", "journal_compaction_leftover_deleted")
              .log();
          deleted++;
        }
      }
    }
    return deleted;
  }

  private static void copyPermissions(Path from, Path to) {
    if (!posix(from)) {
      return;
    }
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(from);
      Files.setPosixFilePermissions(to, permissions);
    } catch (IOException e) {
      log.debug("Cannot copy the permissions of {}; the compacted journal is owner-only: {}", from,
          e.toString());
    }
  }

  private static boolean posix(Path file) {
    return file.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
