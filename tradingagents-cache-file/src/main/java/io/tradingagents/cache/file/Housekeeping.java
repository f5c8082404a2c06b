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
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file tier's bookkeeping: the running entry count and total size, the {@link EntryIndex} of sizes and
 * last uses, sweeping expired and stale files, evicting least recently used entries over the cap, and
 * discarding corrupt files. Every deletion tolerates the file having vanished already (another process
 * may sweep the same directory).
 *
 * <p>A put that takes the total over the cap only queues an eviction on the background executor (at most
 * one queued at a time): the caller's thread never lists the directory nor deletes other entries.
 * Eviction picks its victims from the index, not from a directory listing; only the periodic sweep lists
 * the directory.
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
  private final AtomicBoolean evictionQueued = new AtomicBoolean();
  private final EntryIndex index = new EntryIndex();
  private final Executor background;

  /**
   * @param directory the entry files
   * @param maxBytes the cap on their total size
   * @param clock the time source for expiry, recency and temporary-file age
   * @param background runs evictions off the caller's thread
   */
  Housekeeping(EntryDirectory directory, long maxBytes, Clock clock, Executor background) {
    this.directory = directory;
    this.maxBytes = maxBytes;
    this.clock = clock;
    this.background = background;
  }

  /** @return the number of entry files in the index; for tests */
  int indexed() {
    return index.size();
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
   * Counts and indexes a file that was written.
   *
   * @param file the entry file
   * @param size its size
   * @param previousSize the size of the file it replaced, or -1 if it replaced none
   * @param nowMillis when it was written
   */
  void written(Path file, long size, long previousSize, long nowMillis) {
    index.used(file, size, nowMillis);
    totalBytes.addAndGet(size - Math.max(0, previousSize));
    if (previousSize < 0) {
      entryCount.incrementAndGet();
    }
  }

  /**
   * Records a hit, so that eviction sees the file as recently used.
   *
   * @param file the entry file
   * @param size its size
   * @param nowMillis when it was read
   */
  void read(Path file, long size, long nowMillis) {
    index.used(file, size, nowMillis);
  }

  /**
   * Uncounts and unindexes an entry file that was deleted.
   *
   * @param file the file
   * @param size its size
   */
  void deleted(Path file, long size) {
    index.removed(file);
    totalBytes.addAndGet(-size);
    entryCount.decrementAndGet();
  }

  /**
   * Sets the counts from a listing and reconciles the index with it.
   *
   * @param files the files listed; temporary ones are not counted
   * @param listingStartedMillis when the listing started
   */
  void recount(List<StoredFile> files, long listingStartedMillis) {
    long bytes = 0;
    List<StoredFile> entries = new ArrayList<>(files.size());
    for (StoredFile file : files) {
      if (!file.temp()) {
        bytes += file.size();
        entries.add(file);
      }
    }
    totalBytes.set(bytes);
    entryCount.set(entries.size());
    index.reconcile(entries, listingStartedMillis);
  }

  /**
   * If the total is over the cap, queues an eviction on the background executor unless one is queued
   * already; returns at once. Does no file I/O on the caller's thread, unless the executor refuses the
   * task (the tier is closed): then it evicts here.
   */
  void evictInBackgroundIfOverCap() {
    if (totalBytes() <= maxBytes || !evictionQueued.compareAndSet(false, true)) {
      return;
    }
    try {
      background.execute(this::runQueuedEviction);
    } catch (RejectedExecutionException e) {
      evictionQueued.set(false);
      log.debug("Background housekeeping of {} has stopped ({}); evicting on the caller's thread",
          directory.root(), e.toString());
      evictIfOverCap();
    }
  }

  private void runQueuedEviction() {
    evictionQueued.set(false);
    evictIfOverCap();
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
        index.removed(file.path());
      } else {
        live.add(file);
      }
    }
    recount(live, now);
    return deleted + evictIfOverCap();
  }

  /**
   * Deletes least recently used entries (by the index: last write or hit in this process, or modification
   * time when last listed) until the total is at most {@link #EVICTION_LOW_WATER} of the cap, if it is over
   * the cap. Lists nothing. An entry written or read after the victims were chosen is skipped. Failures
   * are logged, not thrown: the write that triggered it has succeeded, and the next put or sweep retries.
   *
   * @return the number of files deleted
   */
  int evictIfOverCap() {
    if (!evicting.compareAndSet(false, true)) {
      return 0;
    }
    try {
      long total = totalBytes();
      if (total <= maxBytes) {
        return 0;
      }
      long target = (long) (maxBytes * EVICTION_LOW_WATER);
      int evicted = 0;
      for (EntryIndex.Candidate victim : index.oldestFirst()) {
        if (total <= target) {
          break;
        }
        if (!index.isUnchanged(victim.path(), victim.indexed())) {
          continue;
        }
        long size = victim.indexed().size();
        try {
          if (Files.deleteIfExists(victim.path())) {
            evicted++;
          }
          // Deleted here or already gone (another process): either way it no longer counts.
          deleted(victim.path(), size);
          total -= size;
        } catch (IOException e) {
          log.warn("Cannot delete least recently used cache file {}: {}", victim.path(), e.toString());
        }
      }
      evictions.addAndGet(evicted);
      log.debug("Evicted {} least recently used files from {} to stay under {} bytes", evicted,
          directory.root(), maxBytes);
      return evicted;
    } catch (RuntimeException e) {
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
      deleted(file, size);
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
