package io.tradingagents.cache.file;

import io.tradingagents.cache.file.EntryDirectory.StoredFile;
import io.tradingagents.cache.file.EntryFormat.CorruptEntryException;
import io.tradingagents.monitoring.ErrorCategory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file tier's bookkeeping: the running entry count and total size, sweeping expired and stale files,
 * evicting least recently used entries over the cap, and discarding corrupt files. Every deletion
 * tolerates the file having vanished already (another process may sweep the same directory).
 *
 * <p>Thread-safe, lock-free; at most one eviction runs at a time in a process.
 */
final class Housekeeping {
  private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

  /** Temporary files older than this were left by a crashed writer. */
  static final Duration STALE_TEMP_AGE = Duration.ofHours(1);
  /** Eviction stops at this fraction of the cap, so a full cache is not rescanned on every put. */
  static final double EVICTION_LOW_WATER = 0.9;

  private final EntryDirectory directory;
  private final long maxBytes;
  private final Clock clock;
  private final AtomicLong totalBytes = new AtomicLong();
  private final AtomicLong entryCount = new AtomicLong();
  private final AtomicLong evictions = new AtomicLong();
  private final AtomicLong corruptFiles = new AtomicLong();
  private final AtomicBoolean evicting = new AtomicBoolean();

  /**
   * @param directory the entry files
   * @param maxBytes the cap on their total size
   * @param clock the time source for expiry and temporary-file age
   */
  Housekeeping(EntryDirectory directory, long maxBytes, Clock clock) {
    this.directory = directory;
    this.maxBytes = maxBytes;
    this.clock = clock;
  }

  /** @return entry files counted, at least 0 */
  long entryCount() {
    return Math.max(0, entryCount.get());
  }

  /** @return bytes of entry files counted, at least 0 */
  long totalBytes() {
    return Math.max(0, totalBytes.get());
  }

  /** @return files deleted to stay under the cap since the tier opened */
  long evictions() {
    return evictions.get();
  }

  /** @return corrupt files discarded since the tier opened */
  long corruptFiles() {
    return corruptFiles.get();
  }

  /**
   * Counts a file that was written.
   *
   * @param size its size
   * @param previousSize the size of the file it replaced, or -1 if it replaced none
   */
  void written(long size, long previousSize) {
    totalBytes.addAndGet(size - Math.max(0, previousSize));
    if (previousSize < 0) {
      entryCount.incrementAndGet();
    }
  }

  /** @param size the size of an entry file that was deleted */
  void deleted(long size) {
    totalBytes.addAndGet(-size);
    entryCount.decrementAndGet();
  }

  /**
   * Sets the counts from a listing.
   *
   * @param files the files listed; temporary ones are not counted
   */
  void recount(List<StoredFile> files) {
    long bytes = 0;
    long entries = 0;
    for (StoredFile file : files) {
      if (!file.temp()) {
        bytes += file.size();
        entries++;
      }
    }
    totalBytes.set(bytes);
    entryCount.set(entries);
  }

  /**
   * One sweep: deletes expired entries, corrupt heads and stale temporary files, recounts, and evicts if
   * the total is over the cap.
   *
   * @return the number of files deleted
   * @throws UncheckedIOException if the directory cannot be listed or a file cannot be read
   */
  int sweepOnce() {
    long now = clock.millis();
    int deleted = 0;
    List<StoredFile> live = new ArrayList<>();
    for (StoredFile file : scan()) {
      if (file.temp()) {
        if (now - file.lastModifiedMillis() > STALE_TEMP_AGE.toMillis()
            && deleteQuietly(file.path(), "stale temporary")) {
          deleted++;
        }
        continue;
      }
      EntryFormat.Head head = readHead(file);
      if (head == null) {
        continue;
      }
      if (now >= head.expiresAtMillis()) {
        if (deleteQuietly(file.path(), "expired")) {
          deleted++;
        }
      } else {
        live.add(file);
      }
    }
    recount(live);
    return deleted + evictIfOverCap(live);
  }

  /**
   * Deletes least recently used entries (oldest modification time first) until the total is at most
   * {@link #EVICTION_LOW_WATER} of the cap, if it is over the cap. Failures are logged, not thrown: the
   * write that triggered it has succeeded, and the sweeper tries again.
   *
   * @param known the live entry files, or {@code null} to list them (and recount)
   * @return the number of files deleted
   */
  int evictIfOverCap(@Nullable List<StoredFile> known) {
    if (!evicting.compareAndSet(false, true)) {
      return 0;
    }
    try {
      List<StoredFile> files = known;
      if (files == null) {
        files = new ArrayList<>(scan());
        files.removeIf(StoredFile::temp);
        recount(files);
      }
      long total = files.stream().mapToLong(StoredFile::size).sum();
      if (total <= maxBytes) {
        return 0;
      }
      long target = (long) (maxBytes * EVICTION_LOW_WATER);
      List<StoredFile> oldestFirst = new ArrayList<>(files);
      oldestFirst.sort(Comparator.comparingLong(StoredFile::lastModifiedMillis));
      int evicted = 0;
      for (StoredFile file : oldestFirst) {
        if (total <= target) {
          break;
        }
        if (deleteQuietly(file.path(), "least recently used")) {
          deleted(file.size());
          evicted++;
        }
        total -= file.size();
      }
      evictions.addAndGet(evicted);
      log.debug("Evicted {} least recently used files from {} to stay under {} bytes", evicted,
          directory.root(), maxBytes);
      return evicted;
    } catch (UncheckedIOException e) {
      log.atWarn().setMessage("Evicting from cache directory {} failed; the next put or sweep retries")
          .addArgument(directory.root()).setCause(e).addKeyValue("event", "file_evict_failed")
          .addKeyValue("tier", "file").addKeyValue("error_category", ErrorCategory.of(e)).log();
      return 0;
    } finally {
      evicting.set(false);
    }
  }

  /**
   * @return the entry and temporary files
   * @throws UncheckedIOException if the directory cannot be listed
   */
  List<StoredFile> scan() {
    try {
      return directory.scan();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list cache directory " + directory.root() + ": " + e
          + "; fix its permissions or set TA_CACHE_DIR to a readable directory", e);
    }
  }

  /**
   * @param file an entry file
   * @return its head, or {@code null} if it vanished or was corrupt (then discarded)
   * @throws UncheckedIOException if it cannot be read
   */
  EntryFormat.@Nullable Head readHead(StoredFile file) {
    try {
      return EntryFormat.readHead(file.path());
    } catch (NoSuchFileException e) {
      log.trace("Cache file {} vanished before it was read", file.path());
      return null;
    } catch (CorruptEntryException e) {
      discardCorrupt(file.path(), file.size(), e.getMessage());
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read cache file " + file.path() + ": " + e, e);
    }
  }

  /**
   * Counts, logs at WARN and deletes a corrupt file.
   *
   * @param file the file
   * @param size its size
   * @param problem what is wrong with it
   */
  void discardCorrupt(Path file, long size, String problem) {
    corruptFiles.incrementAndGet();
    log.atWarn().setMessage("Cache file {} is corrupt ({}); deleting it, the entry is a miss").addArgument(file)
        .addArgument(problem).addKeyValue("event", "file_entry_corrupt").addKeyValue("tier", "file")
        .addKeyValue("error_category", "decode").log();
    if (deleteQuietly(file, "corrupt")) {
      deleted(size);
    }
  }

  /**
   * Deletes a file that may already be gone; a failure is logged at WARN, not thrown.
   *
   * @param file the file
   * @param reason why, for the log
   * @return whether this call deleted it
   */
  boolean deleteQuietly(Path file, String reason) {
    try {
      return Files.deleteIfExists(file);
    } catch (IOException e) {
      log.atWarn().setMessage("Cannot delete {} cache file {}: {}").addArgument(reason).addArgument(file)
          .addArgument(e.toString()).addKeyValue("event", "file_delete_failed").addKeyValue("tier", "file")
          .addKeyValue("error_category", ErrorCategory.of(e)).log();
      return false;
    }
  }
}
