package io.tradingagents.cache.file;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.file.EntryDirectory.StoredFile;
import io.tradingagents.cache.file.EntryFormat.CorruptEntryException;
import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.spi.TierEntry;
import io.tradingagents.cache.spi.TierKind;
import io.tradingagents.cache.spi.TierUsage;
import io.tradingagents.monitoring.ErrorCategory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cache tier of local files: one file per entry, named by the SHA-256 of its key, holding the key, the
 * entry's times and value, and a CRC32C checksum (layout in {@code EntryFormat}). Writes go to a temporary
 * file that is renamed over the entry atomically, so readers (in this process or another sharing the
 * directory) see a whole old or a whole new value, never a mix.
 *
 * <p><b>Failures.</b> A missing file is a miss. A corrupt file (truncated, wrong magic or version, bad
 * checksum, or holding another key) is logged at WARN, counted ({@code corruptFiles} in
 * {@link #usage()}), deleted, and is a miss; it never throws. Any other I/O failure of
 * {@code get}/{@code put}/{@code remove}/{@code removeNamespace} throws {@link UncheckedIOException}, which
 * the engine's guard counts.
 *
 * <p><b>Expiry and size.</b> An expired entry is never returned; {@code get} deletes it, and a daemon
 * thread named {@value #SWEEPER_THREAD_NAME} deletes expired entries and temporary files left by crashed
 * writers (older than one hour) every sweep interval. When a put takes the total size over
 * {@link Options#maxBytes()}, that thread then deletes the least recently used entries until the total is
 * at most 90% of the cap; the put itself only queues that work and returns, so its cost does not grow
 * with the number of entries. Recency and sizes come from an index in memory (one map entry per file),
 * kept by puts, hits and removals, so eviction lists nothing; files keep their modification time as
 * recency too ({@code get} refreshes it), which the index takes from the listing at start-up and on every
 * sweep. The total is counted on put and remove and recounted at start-up and on every sweep; with several
 * processes on one directory each process's count and index are approximate between sweeps, and the cap
 * may be exceeded until the background eviction has run.
 *
 * <p><b>Unusable directory.</b> The constructor does not fail when the directory cannot be created or
 * written: the tier starts and {@link #ping()} throws a message naming the directory and the fix, so the
 * engine marks the tier down until it is fixed. {@code ping()} creates a missing directory.
 *
 * <p>Thread-safe, lock-free. {@link #close()} stops the sweeper; the files stay, and the tier still
 * answers calls after it.
 */
public final class FileTier implements CacheTier {
  private static final Logger log = LoggerFactory.getLogger(FileTier.class);

  /** The name of the housekeeping thread, which sweeps and evicts. */
  public static final String SWEEPER_THREAD_NAME = "tradingagents-cache-file-sweeper";
  private final EntryDirectory directory;
  private final Options options;
  private final Clock clock;
  private final Housekeeping housekeeping;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ScheduledExecutorService sweeper;

  /**
   * Settings of a {@link FileTier}.
   *
   * @param directory the cache directory; created owner-only ({@code rwx------}) with its parents if
   *     missing; an existing directory keeps its permissions
   * @param maxBytes the cap on the total size of the entry files; positive. Default 1 GiB
   * @param sweepInterval how often expired and stale temporary files are deleted; from 1 ms to 1 day.
   *     Default 5 minutes
   * @param fsync whether each write is forced to the device before it is renamed into place (durable
   *     across a power cut, much slower). Default {@code false}
   * @param clock the time source for expiry and recency. Default the system UTC clock
   */
  public record Options(Path directory, long maxBytes, Duration sweepInterval, boolean fsync, Clock clock) {
    /** The default cap: 1 GiB. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;
    /** The default sweep interval: 5 minutes. */
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(5);
    /** The longest sweep interval accepted: 1 day. */
    public static final Duration MAX_SWEEP_INTERVAL = Duration.ofDays(1);

    /**
     * Validates the settings.
     *
     * @param directory the cache directory
     * @param maxBytes the cap in bytes; positive
     * @param sweepInterval from 1 ms to 1 day
     * @param fsync whether to force each write to the device
     * @param clock the time source
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code maxBytes} is not positive or {@code sweepInterval} is
     *     not from 1 ms to 1 day
     */
    public Options {
      requireNonNull(directory, "directory");
      requireNonNull(sweepInterval, "sweepInterval");
      requireNonNull(clock, "clock");
      if (maxBytes <= 0) {
        throw new IllegalArgumentException("maxBytes must be positive but was " + maxBytes);
      }
      if (sweepInterval.toMillis() < 1 || sweepInterval.compareTo(MAX_SWEEP_INTERVAL) > 0) {
        throw new IllegalArgumentException("sweepInterval must be from 1ms to 1 day but was "
            + sweepInterval);
      }
    }

    /**
     * @param directory the cache directory
     * @return options with the defaults: 1 GiB, a sweep every 5 minutes, no fsync, the system UTC clock
     * @throws NullPointerException if {@code directory} is null
     */
    public static Options of(Path directory) {
      return new Options(directory, DEFAULT_MAX_BYTES, DEFAULT_SWEEP_INTERVAL, false, Clock.systemUTC());
    }

    /**
     * @param newMaxBytes the cap in bytes; positive
     * @return a copy with that cap
     * @throws IllegalArgumentException if not positive
     */
    public Options withMaxBytes(long newMaxBytes) {
      return new Options(directory, newMaxBytes, sweepInterval, fsync, clock);
    }

    /**
     * @param newSweepInterval from 1 ms to 1 day
     * @return a copy with that sweep interval
     * @throws IllegalArgumentException if out of range
     */
    public Options withSweepInterval(Duration newSweepInterval) {
      return new Options(directory, maxBytes, newSweepInterval, fsync, clock);
    }

    /**
     * @param newFsync whether to force each write to the device
     * @return a copy with that flag
     */
    public Options withFsync(boolean newFsync) {
      return new Options(directory, maxBytes, sweepInterval, newFsync, clock);
    }

    /**
     * @param newClock the time source
     * @return a copy with that clock
     */
    public Options withClock(Clock newClock) {
      return new Options(directory, maxBytes, sweepInterval, fsync, newClock);
    }
  }

  /**
   * Opens the tier: creates the directory if it can (logging a WARN if it cannot; see the class
   * comment), counts and indexes the files already there, and starts the housekeeping thread
   * ({@value #SWEEPER_THREAD_NAME}), which sweeps and evicts.
   *
   * @param options the settings
   * @throws NullPointerException if {@code options} is null
   */
  public FileTier(Options options) {
    this(options, Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, SWEEPER_THREAD_NAME);
      thread.setDaemon(true);
      return thread;
    }));
  }

  /**
   * Opens the tier with its housekeeping (sweeps and evictions) on {@code housekeepingExecutor}, which
   * {@link #close()} shuts down; for tests that control when housekeeping runs.
   *
   * @param options the settings
   * @param housekeepingExecutor runs sweeps and evictions
   */
  FileTier(Options options, ScheduledExecutorService housekeepingExecutor) {
    this.options = requireNonNull(options, "options");
    this.clock = options.clock();
    this.directory = new EntryDirectory(options.directory().toAbsolutePath().normalize(), options.fsync());
    this.sweeper = requireNonNull(housekeepingExecutor, "housekeepingExecutor");
    this.housekeeping = new Housekeeping(directory, options.maxBytes(), clock, sweeper);
    Path root = directory.root();
    try {
      directory.createRoot();
      if (directory.isWritableByOthers()) {
        log.atWarn().setMessage("Cache directory {} is writable by other users, who could plant cache entries: "
            + "make it owner-only (chmod 700) or set TA_CACHE_DIR to a private directory").addArgument(root)
            .addKeyValue("event", "file_dir_insecure").addKeyValue("tier", "file").log();
      }
      housekeeping.recount(directory.scan(), clock.millis());
    } catch (IOException e) {
      log.atWarn().setMessage("Cache directory {} cannot be used ({}); the file tier starts down until it can: "
          + "fix its permissions or set TA_CACHE_DIR to a writable directory").addArgument(root)
          .addArgument(e.toString()).addKeyValue("event", "tier_down").addKeyValue("tier", "file")
          .addKeyValue("reason", "directory_unusable").addKeyValue("error_category", ErrorCategory.of(e)).log();
    }
    long interval = options.sweepInterval().toMillis();
    sweeper.scheduleWithFixedDelay(this::sweepSafely, interval, interval, TimeUnit.MILLISECONDS);
    log.atInfo().setMessage("File cache tier opened at {} (max {} bytes, sweep every {}, fsync {})")
        .addArgument(root).addArgument(options.maxBytes()).addArgument(options.sweepInterval())
        .addArgument(options.fsync()).addKeyValue("event", "tier_opened").addKeyValue("tier", "file").log();
  }

  /** @return {@code file} */
  @Override
  public String name() {
    return "file";
  }

  /** @return {@link TierKind#FILE} */
  @Override
  public TierKind kind() {
    return TierKind.FILE;
  }

  /** @return the settings this tier was opened with */
  public Options options() {
    return options;
  }

  /**
   * Reads an entry and refreshes its file's modification time (its recency for eviction).
   *
   * @param key a canonical key
   * @return the entry, or {@code null} if absent, expired (then deleted) or corrupt (then logged, counted
   *     and deleted)
   * @throws NullPointerException if {@code key} is null
   * @throws UncheckedIOException if the file exists but cannot be read
   */
  @Override
  public @Nullable TierEntry get(String key) {
    requireNonNull(key, "key");
    Path file = directory.pathFor(key);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read cache file " + file + ": " + e
          + "; check the permissions of " + directory.root(), e);
    }
    EntryFormat.Decoded decoded;
    try {
      decoded = EntryFormat.decode(bytes);
    } catch (CorruptEntryException e) {
      housekeeping.discardCorrupt(file, bytes.length, e.getMessage());
      return null;
    }
    if (!decoded.key().equals(key)) {
      housekeeping.discardCorrupt(file, bytes.length, "it holds another key (moved or copied file)");
      return null;
    }
    long now = clock.millis();
    if (decoded.entry().isExpired(now)) {
      if (housekeeping.deleteQuietly(file, "expired")) {
        housekeeping.deleted(file, bytes.length);
      }
      return null;
    }
    touch(file, now);
    housekeeping.read(file, bytes.length, now);
    return decoded.entry();
  }

  /**
   * Writes an entry atomically. An entry already expired removes the key instead; so does an entry whose
   * file would be larger than the cap (it could never stay). If the write takes the total over the cap,
   * an eviction is queued for the background thread; this call does not wait for it, nor list the
   * directory, nor delete other entries.
   *
   * @param key a canonical key
   * @param entry the entry
   * @throws NullPointerException if an argument is null
   * @throws UncheckedIOException if the file cannot be written (disk full, permissions, ...)
   */
  @Override
  public void put(String key, TierEntry entry) {
    requireNonNull(key, "key");
    requireNonNull(entry, "entry");
    long now = clock.millis();
    if (entry.isExpired(now)) {
      remove(key);
      return;
    }
    byte[] bytes = EntryFormat.encode(key, entry);
    if (bytes.length > options.maxBytes()) {
      log.debug("Not caching {}: its {} bytes exceed the file tier's cap of {} bytes", key, bytes.length,
          options.maxBytes());
      remove(key);
      return;
    }
    Path file = directory.pathFor(key);
    try {
      long previousSize = sizeOrMinusOne(file);
      directory.writeAtomically(file, bytes, now);
      housekeeping.written(file, bytes.length, previousSize, now);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write cache file " + file + ": " + e
          + "; check the free space and permissions of " + directory.root(), e);
    }
    housekeeping.evictInBackgroundIfOverCap();
  }

  /**
   * @param key a canonical key
   * @return whether a file was deleted
   * @throws NullPointerException if {@code key} is null
   * @throws UncheckedIOException if the file exists but cannot be deleted
   */
  @Override
  public boolean remove(String key) {
    requireNonNull(key, "key");
    Path file = directory.pathFor(key);
    try {
      long size = sizeOrMinusOne(file);
      boolean deleted = Files.deleteIfExists(file);
      if (deleted) {
        housekeeping.deleted(file, Math.max(0, size));
      }
      return deleted;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete cache file " + file + ": " + e
          + "; check the permissions of " + directory.root(), e);
    }
  }

  /**
   * Reads the stored key of every entry file and deletes those starting with {@code prefix}.
   *
   * @param prefix a namespace prefix
   * @return the number of files deleted
   * @throws NullPointerException if {@code prefix} is null
   * @throws UncheckedIOException if the directory cannot be listed or a file cannot be read or deleted
   */
  @Override
  public long removeNamespace(String prefix) {
    requireNonNull(prefix, "prefix");
    long removed = 0;
    for (StoredFile file : housekeeping.scan()) {
      if (file.temp()) {
        continue;
      }
      EntryFormat.Head head = housekeeping.readHead(file);
      if (head != null && head.key().startsWith(prefix)) {
        try {
          if (Files.deleteIfExists(file.path())) {
            housekeeping.deleted(file.path(), file.size());
            removed++;
          }
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot delete cache file " + file.path() + ": " + e, e);
        }
      }
    }
    return removed;
  }

  /**
   * Checks that the directory exists (creating it if missing), is a writable directory, and that a probe
   * file can be created and deleted in it. Writes nothing into the cache's key space.
   *
   * @throws UncheckedIOException if the directory cannot be created or the probe file cannot be written;
   *     the message names the directory and the fix
   * @throws IllegalStateException if the directory is not writable
   */
  @Override
  public void ping() {
    Path root = directory.root();
    String fix = ": fix its permissions or set TA_CACHE_DIR to a writable directory";
    try {
      directory.createRoot();
    } catch (IOException e) {
      throw new UncheckedIOException("Cache directory " + root + " cannot be created (" + e + ")" + fix, e);
    }
    if (!Files.isWritable(root)) {
      throw new IllegalStateException("Cache directory " + root + " is not writable" + fix);
    }
    try {
      directory.probe();
    } catch (IOException e) {
      throw new UncheckedIOException("Cache directory " + root + " is not writable (" + e + ")" + fix, e);
    }
  }

  /**
   * @return the entry count and total bytes of the entry files (counted, approximate when several
   *     processes share the directory) and details {@code directory}, {@code maxBytes},
   *     {@code evictions} and {@code corruptFiles}
   */
  @Override
  public TierUsage usage() {
    return new TierUsage(housekeeping.entryCount(), housekeeping.totalBytes(), Map.of(
        "directory", directory.root().toString(),
        "maxBytes", Long.toString(options.maxBytes()),
        "evictions", Long.toString(housekeeping.evictions()),
        "corruptFiles", Long.toString(housekeeping.corruptFiles())));
  }

  /** Stops the sweeper (a sweep in progress finishes). The files stay. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      sweeper.shutdown();
      log.atInfo().setMessage("File cache tier at {} closed").addArgument(directory.root())
          .addKeyValue("event", "tier_closed").addKeyValue("tier", "file").log();
    }
  }

  @Override
  public String toString() {
    return "FileTier{" + directory.root() + '}';
  }

  /**
   * @param key a canonical key
   * @return where its entry lives; for tests
   */
  Path pathFor(String key) {
    return directory.pathFor(key);
  }

  /**
   * Runs one sweep now, on the calling thread; for tests.
   *
   * @return the number of files deleted
   * @throws UncheckedIOException if the directory cannot be listed or a file cannot be read
   */
  int sweepOnce() {
    return housekeeping.sweepOnce();
  }

  /** @return how many times the directory was listed since the tier opened; for tests */
  long directoryScans() {
    return directory.scans();
  }

  /** @return the number of entry files in the in-memory index; for tests */
  int indexedFiles() {
    return housekeeping.indexed();
  }

  private void sweepSafely() {
    try {
      int deleted = housekeeping.sweepOnce();
      log.debug("Swept cache directory {}: {} files deleted", directory.root(), deleted);
    } catch (RuntimeException e) {
      log.atWarn().setMessage("Sweeping cache directory {} failed; retrying in {}").addArgument(directory.root())
          .addArgument(options.sweepInterval()).setCause(e).addKeyValue("event", "file_sweep_failed")
          .addKeyValue("tier", "file").addKeyValue("error_category", ErrorCategory.of(e)).log();
    }
  }

  private void touch(Path file, long nowMillis) {
    try {
      Files.setLastModifiedTime(file, FileTime.fromMillis(nowMillis));
    } catch (IOException e) {
      // Recency is best effort: the value was read whole, so the hit stands.
      log.debug("Cannot refresh the modification time of cache file {}: {}", file, e.toString());
    }
  }

  private static long sizeOrMinusOne(Path file) throws IOException {
    try {
      return Files.size(file);
    } catch (NoSuchFileException e) {
      return -1;
    }
  }
}
