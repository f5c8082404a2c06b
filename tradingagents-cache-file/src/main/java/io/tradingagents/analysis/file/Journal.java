package io.tradingagents.analysis.file;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.CacheException;
import io.tradingagents.monitoring.ErrorCategory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileLock;
import java.nio.channels.FileLockInterruptionException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only journal of JSON lines with an in-memory index: the engine of the file-backed stores.
 *
 * <p><b>Appending.</b> A record is encoded outside any lock. Then, under a lock shared by every journal
 * on that path in this JVM and an exclusive {@link java.nio.channels.FileLock} on the file (which other
 * processes take too), the journal catches up with lines other processes appended, asks the store whether
 * the record is still wanted (idempotency), and writes the line with one append-mode {@code write}. If
 * the file does not end with {@code '\n'} (a writer died mid-line), a {@code '\n'} goes first, so a torn
 * line never swallows the next record. The locks are held for that write only: the fsync policy's force
 * runs after they are released.
 *
 * <p><b>Reading.</b> At open the whole file is read into the index; afterwards only the lines appended
 * since (by this process or others) are read, when the file's size or identity changed. A line that does
 * not decode is skipped, counted and logged at WARN once (see {@link SkippedLine}); a last line without
 * {@code '\n'} that decodes is a record (the JSON object is complete), one that does not is a torn tail.
 *
 * <p><b>Compaction</b> writes the surviving records to a temporary file, forces it, renames it over the
 * journal and forces the directory, holding both locks; another process notices the new file (its
 * identity changed) the next time it locks or reads, and reloads it.
 *
 * <p>Thread-safe. {@link #close()} forces (unless the policy is {@link FsyncPolicy#NEVER}) and closes the
 * file; later operations throw {@link IllegalStateException}.
 *
 * @param <T> the record type
 * @param <I> the index type
 */
final class Journal<T, I extends JournalIndex<T>> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Journal.class);

  private static final int MAX_REOPENS = 10;
  /**
   * One lock per journal path in this JVM. File locks belong to the whole process (a second lock from
   * another channel throws, and closing any channel of the file drops them all), so every journal object
   * on one path must take the same in-process lock before it touches the file lock or opens or closes a
   * channel. Entries are never removed: one small lock per path ever opened.
   */
  private static final ConcurrentMap<Path, ReentrantLock> PROCESS_LOCKS = new ConcurrentHashMap<>();

  /** What readers see, published as a whole: the open file, how much of it was read, and the index. */
  private record View<I>(JournalHandle handle, long end, I index) {
  }

  private final Path file;
  private final String kind;
  private final FsyncPolicy fsync;
  private final JsonLines<T> codec;
  private final Supplier<I> indexFactory;
  private final ReentrantLock lock;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong forces = new AtomicLong();
  private final SkipLog skips;
  private final JournalReader<T> reader; // guarded by lock
  private final @Nullable PeriodicFsync periodicFsync;

  private volatile View<I> view;
  private volatile boolean needsLoad = true;

  /**
   * Opens the journal, creating it and its directories if missing, and reads it into a new index.
   *
   * @param options where the journal lives and its fsync policy
   * @param kind what it holds, for messages ({@code usage}, {@code analysis}, {@code session})
   * @param type the record type
   * @param indexFactory makes an empty index
   * @throws CacheException if the file or its directory cannot be created, opened or read
   */
  Journal(JournalOptions options, String kind, Class<T> type, Supplier<I> indexFactory) {
    requireNonNull(options, "options");
    this.kind = requireNonNull(kind, "kind");
    this.fsync = options.fsync();
    this.codec = new JsonLines<>(type);
    this.indexFactory = requireNonNull(indexFactory, "indexFactory");
    Path requested = options.file().toAbsolutePath().normalize();
    try {
      this.file = JournalFiles.createParent(requested).resolve(requested.getFileName());
    } catch (IOException e) {
      throw new CacheException("Cannot create the directory of the " + kind + " journal " + requested
          + " (" + e + "): fix its permissions or choose another file", e);
    }
    this.skips = new SkipLog(file, kind);
    this.reader = new JournalReader<>(file, codec, skips);
    this.lock = PROCESS_LOCKS.computeIfAbsent(file, path -> new ReentrantLock());
    lock.lock();
    try {
      view = new View<>(JournalHandle.open(file), 0, indexFactory.get());
      try {
        FileLock fileLock = lockCurrent();
        try {
          JournalFiles.deleteStaleTemps(file);
        } finally {
          release(fileLock);
        }
      } catch (IOException | RuntimeException e) {
        view.handle().close();
        throw e;
      }
    } catch (IOException e) {
      throw new CacheException("Cannot open the " + kind + " journal " + file + " (" + e
          + "): make it a readable and writable file, or choose another", e);
    } finally {
      lock.unlock();
    }
    this.periodicFsync = fsync == FsyncPolicy.INTERVAL
        ? new PeriodicFsync(file, kind, options.fsyncInterval(), () -> view.handle(), forces) : null;
    log.atInfo().setMessage("Opened the {} journal {}: {} records, {} lines skipped, fsync {} (interval {})")
        .addArgument(kind).addArgument(file).addArgument(view.index().size()).addArgument(skips.total())
        .addArgument(fsync).addArgument(options.fsyncInterval()).addKeyValue("event", "journal_opened")
        .addKeyValue("store", String.valueOf(kind)).log();
  }

  /** @return the journal file, absolute, its directory's symbolic links resolved */
  Path file() {
    return file;
  }

  /**
   * @return the index as of the last read or append; call {@link #refresh()} first to see other processes'
   *     appends
   * @throws IllegalStateException if the journal is closed
   */
  I index() {
    checkOpen();
    return view.index();
  }

  /** @return how many lines were skipped since open (each reported once) */
  long skippedLines() {
    return skips.total();
  }

  /** @return the last (at most 16) skipped lines, oldest first */
  List<SkippedLine> recentSkips() {
    return skips.recent();
  }

  /** @return how many times the file was forced to the device */
  long forceCount() {
    return forces.get();
  }

  /**
   * Appends a record unless, after catching up with the file, {@code wanted} says otherwise.
   *
   * @param record the record
   * @param wanted tested on the caught-up index, under the lock; {@code false} skips the write
   * @return whether the record was written
   * @throws IllegalStateException if the journal is closed
   * @throws IllegalArgumentException if the record encodes to more than 16 MiB
   * @throws CacheException if the file cannot be written or forced, or the thread was interrupted
   */
  boolean append(T record, Predicate<? super I> wanted) {
    byte[] line = codec.encode(record);
    JournalHandle written = locked("append to", () -> {
      View<I> current = view;
      if (!wanted.test(current.index())) {
        return null;
      }
      long bytes = current.handle().write(reader.endsMidLine() ? ByteBuffer.wrap(new byte[] {'\n'}) : null,
          line);
      reader.appended();
      current.index().apply(record);
      view = new View<>(current.handle(), current.end() + bytes, current.index());
      return current.handle();
    });
    if (written == null) {
      return false;
    }
    if (periodicFsync != null) {
      periodicFsync.appended();
    } else if (fsync == FsyncPolicy.EVERY_RECORD) {
      force(written);
    }
    return true;
  }

  /**
   * Brings the index up to date with the file if it changed (a cheap size and identity check otherwise).
   *
   * @throws IllegalStateException if the journal is closed
   * @throws CacheException if the file cannot be read
   */
  void refresh() {
    checkOpen();
    View<I> current = view;
    try {
      if (!needsLoad && current.handle().isOpen() && current.handle().size() == current.end()
          && current.handle().isCurrent()) {
        return;
      }
    } catch (IOException e) {
      log.debug("Cannot check the {} journal {} for changes ({}); locking it", kind, file, e.toString());
    }
    locked("read", () -> null); // taking the locks catches the index up with the file
  }

  /**
   * Reads every record in the file, oldest first, without taking the lock. Lines skipped earlier are
   * skipped again silently (logged at DEBUG only).
   *
   * @param keep which records to return
   * @return the records kept, in file order (repeated ids included)
   * @throws IllegalStateException if the journal is closed
   * @throws CacheException if the file cannot be read
   */
  List<T> readAll(Predicate<? super T> keep) {
    refresh();
    return readCurrent(keep);
  }

  /**
   * Reads every record of the current view, without catching up first: for use inside
   * {@link #compact}'s function, where the view is already caught up and the locks are held.
   *
   * @param keep which records to return
   * @return the records kept, in file order (repeated ids included)
   */
  List<T> readCurrent(Predicate<? super T> keep) {
    for (int attempt = 1; ; attempt++) {
      View<I> current = view;
      List<T> records = new ArrayList<>();
      try {
        codec.readAll(current.handle().reader(), current.end(), keep, records, file);
        return records;
      } catch (ClosedChannelException e) {
        if (attempt >= 3 || Thread.currentThread().isInterrupted()) {
          throw failure("read", e);
        }
        refresh(); // a reopen closed the channel under us: read the new one
      } catch (IOException e) {
        throw failure("read", e);
      }
    }
  }

  /**
   * Rewrites the journal with only {@code survivorsOf}'s records (compaction), unless that would not drop
   * anything (no record, superseded version or damaged line).
   *
   * @param survivorsOf given the caught-up index, under the lock, returns the records to keep, in the order
   *     to write them
   * @return how many records (distinct ids) were dropped
   * @throws IllegalStateException if the journal is closed
   * @throws CacheException if the new file cannot be written or renamed; the journal is then unchanged
   */
  long compact(Function<? super I, ? extends Collection<T>> survivorsOf) {
    return locked("compact", () -> {
      View<I> current = view;
      Collection<T> survivors = survivorsOf.apply(current.index());
      long dropped = current.index().size() - survivors.size();
      long lineCount = reader.lineCount();
      if (dropped == 0 && lineCount == survivors.size()) {
        return 0L;
      }
      JournalFiles.replace(file, out -> {
        for (T record : survivors) {
          out.write(codec.encode(record));
        }
      });
      JournalHandle fresh = JournalHandle.open(file);
      I index = indexFactory.get();
      survivors.forEach(index::apply);
      reader.rewritten(survivors.size());
      view = new View<>(fresh, fresh.size(), index);
      needsLoad = false;
      current.handle().close(); // releases the file lock: waiting processes find the file replaced
      log.atInfo().setMessage("Compacted the {} journal {}: kept {} records, dropped {} records and {} "
          + "superseded or damaged lines").addArgument(kind).addArgument(file).addArgument(survivors.size())
          .addArgument(dropped).addArgument(lineCount - survivors.size() - dropped)
          .addKeyValue("event", "journal_compacted").addKeyValue("store", String.valueOf(kind)).log();
      return dropped;
    });
  }

  /** Work done holding both locks, on the caught-up view. */
  private interface Locked<R> {
    @Nullable R run() throws IOException;
  }

  /**
   * Runs {@code body} holding this JVM's lock of the file and the OS file lock, after catching the index
   * up with what other processes appended.
   *
   * @throws IllegalStateException if the journal is closed
   * @throws CacheException if the file cannot be read or written ({@code action} names what was tried)
   */
  private <R> @Nullable R locked(String action, Locked<R> body) {
    lock.lock();
    try {
      checkOpen();
      FileLock fileLock = lockCurrent();
      try {
        return body.run();
      } finally {
        release(fileLock);
      }
    } catch (IOException e) {
      throw failure(action, e);
    } finally {
      lock.unlock();
    }
  }

  /** Stops the fsync thread, forces the file (unless the policy is {@link FsyncPolicy#NEVER}) and closes it. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (periodicFsync != null) {
      periodicFsync.close();
    }
    lock.lock();
    try {
      JournalHandle handle = view.handle();
      if (fsync != FsyncPolicy.NEVER && handle.isOpen()) {
        try {
          handle.force();
          forces.incrementAndGet();
        } catch (IOException e) {
          log.atWarn().setMessage("Cannot fsync the {} journal {} while closing it ({}); its last records may "
              + "not survive a power cut").addArgument(kind).addArgument(file).addArgument(e.toString())
              .addKeyValue("event", "journal_fsync_failed").addKeyValue("store", String.valueOf(kind))
              .addKeyValue("error_category", ErrorCategory.of(e)).log();
        }
      }
      handle.close();
    } finally {
      lock.unlock();
    }
    log.atInfo().setMessage("Closed the {} journal {}").addArgument(kind).addArgument(file)
        .addKeyValue("event", "journal_closed").addKeyValue("store", String.valueOf(kind)).log();
  }

  /**
   * Under {@link #lock}: takes the file lock of the file now at the path (reopening it if another process
   * replaced it, or an interrupted thread closed our channel) and reads what changed.
   */
  private FileLock lockCurrent() throws IOException {
    for (int attempt = 1; ; attempt++) {
      JournalHandle handle = view.handle();
      String reopenBecause;
      if (handle.isOpen()) {
        FileLock fileLock = handle.lock();
        boolean keep = false;
        try {
          if (handle.isCurrent()) {
            if (needsLoad) {
              load(handle);
            } else {
              catchUp(handle);
            }
            keep = true;
            return fileLock;
          }
        } finally {
          if (!keep) {
            release(fileLock);
          }
        }
        reopenBecause = "another process replaced it (a compaction)";
      } else {
        reopenBecause = "its channel was closed by an interrupted thread";
      }
      if (attempt > MAX_REOPENS) {
        throw new IOException(file + " had to be reopened " + MAX_REOPENS + " times in a row (last because "
            + reopenBecause + "); is another program replacing it?");
      }
      reopen(reopenBecause);
    }
  }

  private void reopen(String reason) throws IOException {
    View<I> old = view;
    log.atInfo().setMessage("Reopening the {} journal {}: {}").addArgument(kind).addArgument(file)
        .addArgument(reason).addKeyValue("event", "journal_reopened").addKeyValue("store", String.valueOf(kind))
        .log();
    if (fsync != FsyncPolicy.NEVER && old.handle().isOpen()) {
      try {
        old.handle().force();
      } catch (IOException e) {
        log.debug("Cannot fsync the old file of journal {} before reopening: {}", file, e.toString());
      }
    }
    old.handle().close();
    view = new View<>(JournalHandle.open(file), old.end(), old.index());
    needsLoad = true;
  }

  private void load(JournalHandle handle) throws IOException {
    I fresh = indexFactory.get();
    reader.reset();
    long size = handle.size();
    reader.read(handle.reader(), 0, size, fresh);
    view = new View<>(handle, size, fresh);
    needsLoad = false;
  }

  private void catchUp(JournalHandle handle) throws IOException {
    View<I> current = view;
    long size = handle.size();
    if (size == current.end()) {
      return;
    }
    if (size < current.end()) {
      log.atWarn().setMessage("The {} journal {} shrank from {} to {} bytes, which no store does; reloading it")
          .addArgument(kind).addArgument(file).addArgument(current.end()).addArgument(size)
          .addKeyValue("event", "journal_truncated").addKeyValue("store", String.valueOf(kind)).log();
      load(handle);
      return;
    }
    reader.read(handle.reader(), current.end(), size, current.index());
    view = new View<>(handle, size, current.index());
  }

  private void force(JournalHandle handle) {
    try {
      handle.force();
      forces.incrementAndGet();
      return;
    } catch (ClosedChannelException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw failure("fsync", e);
      }
      log.debug("The channel of journal {} was closed before its fsync; forcing the current one", file);
    } catch (IOException e) {
      throw failure("fsync", e);
    }
    lock.lock();
    try {
      if (closed.get()) {
        return; // close() forced the file
      }
      FileLock fileLock = lockCurrent();
      try {
        view.handle().force();
        forces.incrementAndGet();
      } finally {
        release(fileLock);
      }
    } catch (IOException e) {
      throw failure("fsync", e);
    } finally {
      lock.unlock();
    }
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("The " + kind + " journal " + file
          + " is closed; open a new store to use it");
    }
  }

  private CacheException failure(String action, IOException e) {
    if (Thread.currentThread().isInterrupted() || e instanceof ClosedByInterruptException
        || e instanceof FileLockInterruptionException) {
      return new CacheException("Interrupted while trying to " + action + " the " + kind + " journal "
          + file + "; the operation may not have completed: retry it (appends are idempotent by id)", e);
    }
    return new CacheException("Cannot " + action + " the " + kind + " journal " + file + " (" + e
        + "): check the free disk space and the file's permissions", e);
  }

  private static void release(@Nullable FileLock fileLock) {
    if (fileLock != null && fileLock.isValid()) {
      try {
        fileLock.release();
      } catch (IOException e) {
        log.debug("Releasing a journal file lock failed (the channel closed, which released it): {}",
            e.toString());
      }
    }
  }
}
