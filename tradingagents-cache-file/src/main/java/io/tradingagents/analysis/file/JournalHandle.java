package io.tradingagents.analysis.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open channels of one journal file (one inode): an append-mode channel for writes, forces and the
 * file lock, and a read channel for positional reads, plus the file's identity when it was opened, so
 * that a journal replaced by another process's compaction is noticed.
 *
 * <p>On Linux, closing any channel of a file releases <em>every</em> lock this process holds on it; the
 * journal therefore opens and closes handles only while holding its process-wide lock.
 *
 * <p>Thread-safe (the channels are); {@link #close()} is idempotent.
 */
final class JournalHandle {
  private static final Logger log = LoggerFactory.getLogger(JournalHandle.class);
  private static final Set<OpenOption> APPEND = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
      StandardOpenOption.APPEND);
  private static final int MAX_OPEN_ATTEMPTS = 5;

  private final Path file;
  private final FileChannel append;
  private final FileChannel read;
  private final @Nullable Object fileKey;

  private JournalHandle(Path file, FileChannel append, FileChannel read, @Nullable Object fileKey) {
    this.file = file;
    this.append = append;
    this.read = read;
    this.fileKey = fileKey;
  }

  /**
   * Opens (creating it owner-only if missing) the file now at {@code file}, making sure both channels and
   * the recorded identity belong to the same file even if it is being replaced meanwhile.
   *
   * @param file the journal path, absolute
   * @return the handle
   * @throws IOException if the file cannot be opened, or keeps being replaced
   */
  static JournalHandle open(Path file) throws IOException {
    for (int attempt = 1; ; attempt++) {
      Object before = JournalFiles.fileKey(file);
      FileChannel append = FileChannel.open(file, APPEND, JournalFiles.ownerOnlyFile(file));
      FileChannel read;
      Object after;
      try {
        read = FileChannel.open(file, StandardOpenOption.READ);
        after = JournalFiles.fileKey(file);
      } catch (IOException | RuntimeException e) {
        closeQuietly(file, append);
        throw e;
      }
      if (after == null || (before != JournalFiles.MISSING && before.equals(after))) {
        return new JournalHandle(file, append, read, after);
      }
      closeQuietly(file, append);
      closeQuietly(file, read);
      if (before == JournalFiles.MISSING) {
        JournalFiles.forceDirectory(file.getParent()); // we (or a peer) created it: persist its name
      }
      if (attempt >= MAX_OPEN_ATTEMPTS) {
        throw new IOException(file + " was replaced while being opened, " + attempt
            + " times in a row; is another program rewriting it?");
      }
    }
  }

  /** @return whether both channels are open (an interrupted reader or writer closes its channel) */
  boolean isOpen() {
    return append.isOpen() && read.isOpen();
  }

  /**
   * @return whether the path still names the file this handle opened (another process's compaction
   *     renames a new file over it); always {@code true} on platforms without file identities
   * @throws IOException if the path's attributes cannot be read
   */
  boolean isCurrent() throws IOException {
    return fileKey == null || fileKey.equals(JournalFiles.fileKey(file));
  }

  /**
   * @return the file's size
   * @throws IOException if it cannot be read
   */
  long size() throws IOException {
    return read.size();
  }

  /** @return the read channel, for positional reads */
  FileChannel reader() {
    return read;
  }

  /**
   * Blocks until this process holds the exclusive lock of the whole file.
   *
   * @return the lock
   * @throws IOException if locking fails or the thread is interrupted (which closes the channel)
   */
  FileLock lock() throws IOException {
    return append.lock();
  }

  /**
   * Appends {@code prefix} (if any) and {@code line}. In append mode every write lands at the end of the
   * file whatever other writers did.
   *
   * @param prefix bytes to write first, or {@code null}
   * @param line the line
   * @return the number of bytes written
   * @throws IOException if writing fails; part of the bytes may then be in the file
   */
  long write(@Nullable ByteBuffer prefix, byte[] line) throws IOException {
    ByteBuffer body = ByteBuffer.wrap(line);
    ByteBuffer[] buffers = prefix == null ? new ByteBuffer[] {body} : new ByteBuffer[] {prefix, body};
    long written = 0;
    while (body.hasRemaining()) {
      written += append.write(buffers);
    }
    return written;
  }

  /**
   * Forces written data (and the size) to the device.
   *
   * @throws IOException if forcing fails, or the channel was closed
   */
  void force() throws IOException {
    append.force(false);
  }

  /** Closes both channels, releasing this process's locks on the file. */
  void close() {
    closeQuietly(file, append);
    closeQuietly(file, read);
  }

  private static void closeQuietly(Path file, FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("Closing a channel of journal {} failed: {}", file, e.toString());
    }
  }

  @Override
  public String toString() {
    return "JournalHandle{" + file + ", key=" + fileKey + '}';
  }
}
