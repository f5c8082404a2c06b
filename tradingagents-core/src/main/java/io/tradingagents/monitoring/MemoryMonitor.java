package io.tradingagents.monitoring;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.AdaptiveCache;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples heap use after garbage collection and, optionally, a cache's in-process weight on a schedule
 * (default every 30 s). When heap use after GC reaches a share of the maximum heap (default 85 %), it
 * logs one WARN ({@code memory_high}) and stays quiet while it stays there; when it falls back below, one
 * INFO ({@code memory_recovered}) with how long it lasted. {@link MemoryMetrics} publishes the last sample
 * as gauges. Heap after GC is read from the heap pools' collection usage (what the last collection left),
 * which unlike the current usage does not rise and fall with every allocation.
 *
 * <p>Thread-safe. {@link #start()} schedules sampling on a daemon thread; {@link #close()} stops it, and a
 * second {@code close()} is a no-op. Tests call {@link #sampleNow()} with an injected sampler and clock.
 */
public final class MemoryMonitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MemoryMonitor.class);

  /** One reading of the heap. */
  public record HeapSample(long usedAfterGcBytes, long maxBytes) {
    /** @return used / max, or 0 when the maximum is unknown */
    public double share() {
      return maxBytes <= 0 ? 0 : (double) usedAfterGcBytes / maxBytes;
    }
  }

  /** Reads the heap; the default reads the JVM's memory pools. */
  @FunctionalInterface
  public interface Sampler {
    /** @return the heap now */
    HeapSample sample();
  }

  private final Sampler sampler;
  private final Clock clock;
  private final Duration interval;
  private final double threshold;
  private final @Nullable CacheInstrumentation cache;
  private volatile @Nullable HeapSample last;
  private volatile long cacheWeightBytes = -1;
  private @Nullable Instant highSince;
  private @Nullable ScheduledExecutorService scheduler;
  private @Nullable ScheduledFuture<?> task;
  private boolean closed;

  private MemoryMonitor(Builder b) {
    this.sampler = b.sampler;
    this.clock = b.clock;
    this.interval = b.interval;
    this.threshold = b.threshold;
    this.cache = b.cache;
  }

  /** @return a builder: every 30 s, 85 % of the maximum heap, the JVM's heap pools, no cache */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts sampling every interval on a daemon thread named {@code tradingagents-memory-monitor}.
   *
   * @return this monitor
   * @throws IllegalStateException if started before or closed
   */
  public synchronized MemoryMonitor start() {
    if (closed || scheduler != null) {
      throw new IllegalStateException(closed ? "the memory monitor is closed" : "already started");
    }
    ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "tradingagents-memory-monitor");
      thread.setDaemon(true);
      return thread;
    });
    scheduler = started;
    long millis = interval.toMillis();
    task = started.scheduleWithFixedDelay(this::sampleQuietly, 0, millis, TimeUnit.MILLISECONDS);
    return this;
  }

  private void sampleQuietly() {
    try {
      sampleNow();
    } catch (RuntimeException e) {
      log.debug("Memory sample failed", e);
    }
  }

  /**
   * Takes one sample now, logging a change of state as described above.
   *
   * @return the heap sample
   */
  public synchronized HeapSample sampleNow() {
    HeapSample sample = sampler.sample();
    last = sample;
    if (cache != null) {
      cacheWeightBytes = cache.memoryWeightBytes();
    }
    boolean high = sample.maxBytes() > 0 && sample.share() >= threshold;
    Instant now = clock.instant();
    if (high && highSince == null) {
      highSince = now;
      log.atWarn()
          .setMessage("Heap use after GC is {}% of the maximum ({} of {} bytes), at or above {}%; the "
              + "in-process tier holds {} bytes")
          .addArgument(percent(sample.share())).addArgument(sample.usedAfterGcBytes())
          .addArgument(sample.maxBytes()).addArgument(percent(threshold)).addArgument(cacheWeightBytes)
          .addKeyValue("event", "memory_high")
          .addKeyValue("heap_used_after_gc_bytes", sample.usedAfterGcBytes())
          .addKeyValue("heap_max_bytes", sample.maxBytes())
          .addKeyValue("threshold_percent", percent(threshold))
          .addKeyValue("cache_weight_bytes", cacheWeightBytes)
          .log();
    } else if (!high && highSince != null) {
      long durationMs = Duration.between(highSince, now).toMillis();
      highSince = null;
      log.atInfo()
          .setMessage("Heap use after GC is back to {}% of the maximum, below {}%, after {} ms")
          .addArgument(percent(sample.share())).addArgument(percent(threshold)).addArgument(durationMs)
          .addKeyValue("event", "memory_recovered")
          .addKeyValue("heap_used_after_gc_bytes", sample.usedAfterGcBytes())
          .addKeyValue("heap_max_bytes", sample.maxBytes())
          .addKeyValue("threshold_percent", percent(threshold))
          .addKeyValue("duration_ms", durationMs)
          .log();
    }
    return sample;
  }

  private static long percent(double share) {
    return Math.round(share * 100);
  }

  /** @return the last sample, or {@code null} before the first */
  public @Nullable HeapSample lastSample() {
    return last;
  }

  /** @return the watched cache's in-process weight at the last sample, or -1 if none is watched */
  public long cacheWeightBytes() {
    return cacheWeightBytes;
  }

  /** @return whether heap use after GC was at or above the threshold at the last sample */
  public synchronized boolean isHigh() {
    return highSince != null;
  }

  /** @return the share of the maximum heap that counts as high */
  public double threshold() {
    return threshold;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (task != null) {
      task.cancel(false);
    }
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  /** Reads heap use after GC from the heap pools; falls back to current use where a pool has none. */
  static HeapSample jvmHeap() {
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() != MemoryType.HEAP || !pool.isValid()) {
        continue;
      }
      MemoryUsage afterGc = pool.isCollectionUsageThresholdSupported() ? pool.getCollectionUsage() : null;
      MemoryUsage usage = afterGc != null ? afterGc : pool.getUsage();
      used += usage == null ? 0 : usage.getUsed();
    }
    return new HeapSample(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax());
  }

  /** Builds a {@link MemoryMonitor}. Not thread-safe. */
  public static final class Builder {
    private Sampler sampler = MemoryMonitor::jvmHeap;
    private Clock clock = Clock.systemUTC();
    private Duration interval = Duration.ofSeconds(30);
    private double threshold = 0.85;
    private @Nullable CacheInstrumentation cache;

    private Builder() {}

    /**
     * @param value how often to sample; 100 ms to 1 h, default 30 s
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder interval(Duration value) {
      requireNonNull(value, "interval");
      if (value.compareTo(Duration.ofMillis(100)) < 0 || value.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("interval must be between 100ms and 1h but was " + value);
      }
      this.interval = value;
      return this;
    }

    /**
     * @param share heap use after GC, as a share of the maximum heap, at which to warn; above 0 and at
     *     most 1, default 0.85
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder threshold(double share) {
      if (!(share > 0 && share <= 1)) {
        throw new IllegalArgumentException("threshold must be a share of the heap in (0, 1], e.g. 0.85 for "
            + "85%, but was " + share);
      }
      this.threshold = share;
      return this;
    }

    /**
     * @param cache a cache whose in-process weight to sample too, built by {@link AdaptiveCache#builder()}
     * @return this builder
     * @throws IllegalArgumentException if the cache was not built by {@link AdaptiveCache#builder()}
     */
    public Builder cache(AdaptiveCache cache) {
      this.cache = CacheInstrumentation.of(requireNonNull(cache, "cache")).orElseThrow(() ->
          new IllegalArgumentException("MemoryMonitor samples caches built by AdaptiveCache.builder(), but "
              + "was given a " + cache.getClass().getName()));
      return this;
    }

    /**
     * @param value reads the heap; default: the JVM's heap pools after GC
     * @return this builder
     */
    public Builder sampler(Sampler value) {
      this.sampler = requireNonNull(value, "sampler");
      return this;
    }

    /**
     * @param value the clock of the {@code duration_ms} of a recovery; default system UTC
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = requireNonNull(value, "clock");
      return this;
    }

    /** @return the monitor, not yet started */
    public MemoryMonitor build() {
      return new MemoryMonitor(this);
    }
  }
}
