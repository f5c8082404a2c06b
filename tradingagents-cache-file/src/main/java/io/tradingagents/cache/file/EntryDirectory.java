package io.tradingagents.cache.file;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory layout: an entry for key {@code k} lives at {@code <root>/<h[0..2]>/<h>.entry} where
 * {@code h} is the SHA-256 hex of {@code k} in UTF-8, so no user input ever reaches a path. Writers stage
 * a file as {@code <h>.<random>.tmp} in the same directory and rename it over the entry atomically.
 * Only names of these shapes are ever listed, read or deleted; anything else in the directory is left
 * alone. Directories are created {@code rwx------} and files {@code rw-------} where the file system is
 * POSIX.
 *
 * <p>Thread-safe; holds no locks.
 */
final class EntryDirectory {
  private static final Logger log = LoggerFactory.getLogger(EntryDirectory.class);

  /** The suffix of entry files. */
  static final String ENTRY_SUFFIX = ".entry";
  /** The suffix of temporary files being written. */
  static final String TEMP_SUFFIX = ".tmp";
  private static final Pattern SHARD_NAME = Pattern.compile("[0-9a-f]{2}");
  private static final Pattern ENTRY_NAME = Pattern.compile("[0-9a-f]{64}\\.entry");
  private static final Pattern TEMP_NAME = Pattern.compile("[0-9a-f]{64}\\.[0-9a-f]{1,16}\\.tmp");
  private static final Set<OpenOption> CREATE_NEW = Set.of(StandardOpenOption.CREATE_NEW,
      StandardOpenOption.WRITE);
  private static final HexFormat HEX = HexFormat.of();

  private final Path root;
  private final boolean fsync;
  private final FileAttribute<?>[] directoryAttributes;
  private final FileAttribute<?>[] fileAttributes;
  private final AtomicLong scans = new AtomicLong();

  /** One file found by {@link #scan()}. */
  record StoredFile(Path path, long size, long lastModifiedMillis, boolean temp) {
  }

  /**
   * @param root the cache directory, absolute
   * @param fsync whether to force each written file (and its directory) to the device
   */
  EntryDirectory(Path root, boolean fsync) {
    this.root = root;
    this.fsync = fsync;
    boolean posix = root.getFileSystem().supportedFileAttributeViews().contains("posix");
    this.directoryAttributes = posix ? new FileAttribute<?>[] {
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
        : new FileAttribute<?>[0];
    this.fileAttributes = posix ? new FileAttribute<?>[] {
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
  }

  /** @return how many times {@link #scan()} listed the directory; for tests */
  long scans() {
    return scans.get();
  }

  /** @return the cache directory */
  Path root() {
    return root;
  }

  /**
   * @param key a canonical key
   * @return where its entry lives
   */
  Path pathFor(String key) {
    String hash = sha256Hex(key);
    return root.resolve(hash.substring(0, 2)).resolve(hash + ENTRY_SUFFIX);
  }

  /**
   * Creates the cache directory (and its parents) owner-only if it does not exist; leaves an existing
   * one as it is.
   *
   * @throws IOException if it cannot be created or exists as something other than a directory
   */
  void createRoot() throws IOException {
    Files.createDirectories(root, directoryAttributes);
  }

  /**
   * @return whether the directory exists and group or others may write to it (so they could plant
   *     entries); {@code false} where permissions are not POSIX
   */
  boolean isWritableByOthers() {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(root);
      return permissions.contains(PosixFilePermission.GROUP_WRITE)
          || permissions.contains(PosixFilePermission.OTHERS_WRITE);
    } catch (UnsupportedOperationException | IOException e) {
      log.debug("Cannot read the permissions of {}: {}", root, e.toString());
      return false;
    }
  }

  /**
   * Creates and deletes a probe file in the directory (not a cache entry: its name has neither entry
   * shape).
   *
   * @throws IOException if the file cannot be created or deleted
   */
  void probe() throws IOException {
    Path probe = Files.createTempFile(root, ".probe-", TEMP_SUFFIX, fileAttributes);
    Files.delete(probe);
  }

  /**
   * Writes {@code bytes} to a new temporary file beside {@code file}, stamps it with
   * {@code lastModifiedMillis}, and renames it over {@code file} atomically: a concurrent reader, in this
   * process or another, sees the old file or the new one, whole.
   *
   * @param file the entry path, from {@link #pathFor}
   * @param bytes the whole file content
   * @param lastModifiedMillis the recency stamp, epoch milliseconds
   * @throws IOException if writing or renaming fails; the temporary file is then deleted
   */
  void writeAtomically(Path file, byte[] bytes, long lastModifiedMillis) throws IOException {
    Path shard = file.getParent();
    Path temp = shard.resolve(file.getFileName() + "."
        + Long.toHexString(ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX);
    try {
      try {
        writeNew(temp, bytes);
      } catch (NoSuchFileException e) {
        log.trace("Creating shard directory {} ({})", shard, e.getMessage());
        Files.createDirectories(shard, directoryAttributes);
        writeNew(temp, bytes);
      }
      Files.setLastModifiedTime(temp, FileTime.fromMillis(lastModifiedMillis));
      Files.move(temp, file, ATOMIC_MOVE, REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      deleteTemp(temp, e);
      throw e;
    }
    if (fsync) {
      forceDirectory(shard);
    }
  }

  /**
   * Lists entry and temporary files (regular files only, symbolic links skipped). Files that vanish
   * while listing are left out.
   *
   * @return the files, in no particular order; empty if the directory does not exist
   * @throws IOException if the directory cannot be listed
   */
  List<StoredFile> scan() throws IOException {
    scans.incrementAndGet();
    List<StoredFile> files = new ArrayList<>();
    try (DirectoryStream<Path> shards = Files.newDirectoryStream(root,
        p -> SHARD_NAME.matcher(p.getFileName().toString()).matches())) {
      for (Path shard : shards) {
        scanShard(shard, files);
      }
    } catch (NoSuchFileException e) {
      log.debug("Cache directory {} does not exist; nothing to scan", e.getFile());
    } catch (DirectoryIteratorException e) {
      throw e.getCause();
    }
    return files;
  }

  private void scanShard(Path shard, List<StoredFile> files) throws IOException {
    try (DirectoryStream<Path> names = Files.newDirectoryStream(shard)) {
      for (Path path : names) {
        String name = path.getFileName().toString();
        boolean entry = ENTRY_NAME.matcher(name).matches();
        if (!entry && !TEMP_NAME.matcher(name).matches()) {
          continue;
        }
        try {
          BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
              LinkOption.NOFOLLOW_LINKS);
          if (attributes.isRegularFile()) {
            files.add(new StoredFile(path, attributes.size(), attributes.lastModifiedTime().toMillis(),
                !entry));
          }
        } catch (NoSuchFileException e) {
          log.trace("Cache file {} vanished while scanning", path);
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      log.debug("Skipping {} while scanning: {}", shard, e.toString());
    } catch (DirectoryIteratorException e) {
      throw e.getCause();
    }
  }

  private void writeNew(Path temp, byte[] bytes) throws IOException {
    try (FileChannel channel = FileChannel.open(temp, CREATE_NEW, fileAttributes)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      if (fsync) {
        channel.force(true);
      }
    }
  }

  private void forceDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not every platform can open a directory; the file itself was forced already.
      log.debug("Cannot fsync directory {}: {}", directory, e.toString());
    }
  }

  private static void deleteTemp(Path temp, Exception failure) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      log.debug("Cannot delete temporary cache file {}; the sweeper will: {}", temp, e.toString());
      failure.addSuppressed(e);
    }
  }

  private static String sha256Hex(String key) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM; every Java platform must have it",
          e);
    }
  }
}
