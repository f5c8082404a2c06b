package io.tradingagents.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.CacheLoader;
import io.tradingagents.cache.spi.DistributedLock;
import io.tradingagents.cache.spi.TierEntry;
import io.tradingagents.market.RefreshAhead;
import io.tradingagents.market.TradingCalendar;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refresh-ahead ({@link RefreshAhead}): a bounded hot set of keys read with a loader, and a round that
 * reloads those about to expire (or, while their market is closed, about to open), within a concurrency
 * cap and a token bucket per upstream source, under a distributed lock so that one instance reloads a
 * key; failures back off exponentially and keep the old value. The round runs every tick on the engine's
 * scheduler and hands reloads to the cache's executor; {@link #runRound(Executor)} runs one on demand.
 */
final class Refresher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Refresher.class);

  private final RefreshAhead config;
  private final Clock clock;
  private final LocalTier local;
  private final Tiers tiers;
  private final Loads loads;
  private final EngineCounters counters;
  private final EngineMeters meters;
  private final Duration lease;
  private final Cache<CacheKey, Hot> hot;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final Semaphore running;
  private volatile @Nullable ScheduledFuture<?> task;
  private volatile boolean closed;

  /** A hot key: the loader and type of its last read, and its failed reloads. */
  static final class Hot {
    volatile @Nullable CacheLoader<?> loader;
    volatile @Nullable ValueType type;
    /** Guarded by this. */
    private long notBeforeMillis;
    private int failures;
    private boolean reloading;
  }

  Refresher(RefreshAhead config, Clock clock, LocalTier local, Tiers tiers, Loads loads, EngineCounters counters,
      EngineMeters meters, Duration lease) {
    this.config = config;
    this.clock = clock;
    this.local = local;
    this.tiers = tiers;
    this.loads = loads;
    this.counters = counters;
    this.meters = meters;
    this.lease = lease;
    this.running = new Semaphore(config.maxConcurrent());
    Ticker ticker = clock.equals(Clock.systemUTC()) || clock.equals(Clock.systemDefaultZone())
        ? Ticker.systemTicker()
        : () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
    this.hot = Caffeine.newBuilder().maximumSize(config.hotKeys()).expireAfterAccess(config.hotWindow())
        .ticker(ticker).executor(Runnable::run).build();
  }

  /** Starts the background round on {@code scheduler}, handing reloads to {@code executor}. */
  void start(java.util.concurrent.ScheduledExecutorService scheduler, Executor executor) {
    long tick = config.tick().toMillis();
    task = scheduler.scheduleWithFixedDelay(() -> {
      try {
        runRound(executor);
      } catch (RuntimeException e) {
        log.warn("A refresh-ahead round failed; the next runs in {}", config.tick(), e);
      }
    }, tick, tick, TimeUnit.MILLISECONDS);
  }

  /**
   * Remembers a read with a loader. No allocation once the key is hot; nothing at all for other kinds.
   */
  void touch(CacheKey key, ValueType type, CacheLoader<?> loader) {
    if (!config.kinds().contains(key.kind())) {
      return;
    }
    Hot entry = hot.getIfPresent(key);
    if (entry == null) {
      entry = hot.get(key, k -> new Hot());
    }
    entry.loader = loader;
    entry.type = type;
  }

  /** @return keys in the hot set now (after pending expiry and eviction) */
  long hotKeys() {
    hot.cleanUp();
    return hot.estimatedSize();
  }

  /**
   * Looks at every hot key once and starts the reloads that are due, within the concurrency cap and the
   * sources' rate limits.
   *
   * @param executor runs the reloads ({@code Runnable::run} runs them on the caller's thread)
   * @return reloads started
   */
  int runRound(Executor executor) {
    if (closed) {
      return 0;
    }
    long now = clock.millis();
    int started = 0;
    hot.cleanUp();
    for (Map.Entry<CacheKey, Hot> e : hot.asMap().entrySet()) {
      CacheKey key = e.getKey();
      Hot entry = e.getValue();
      LocalTier.Entry stored = local.getIfPresent(key);
      if (closed || stored == null || stored.value == LocalTier.NEGATIVE || now < dueAt(key, stored, now)) {
        continue;
      }
      synchronized (entry) {
        if (entry.reloading || now < entry.notBeforeMillis) {
          continue;
        }
        if (!running.tryAcquire()) {
          break; // the cap is reached: the rest waits for the next round
        }
        if (!bucket(key.source()).tryTake(now)) {
          running.release();
          meters.refreshRateLimited.increment();
          continue;
        }
        entry.reloading = true;
      }
      started++;
      try {
        executor.execute(() -> reload(key, entry, stored));
      } catch (RejectedExecutionException rejected) {
        done(entry);
        log.debug("Refresh of {} not started: the executor is saturated or shut down", key, rejected);
      }
    }
    return started;
  }

  /**
   * @return when the key should be reloaded: {@code lead} (minus its jitter) before it expires; while its
   *     market is closed and the entry lasts past the next open, {@code preOpenLead} before that open
   */
  long dueAt(CacheKey key, LocalTier.Entry stored, long now) {
    long jitter = jitterMillis(key, stored.expiresAtMillis);
    long beforeExpiry = stored.expiresAtMillis - config.lead().toMillis() - jitter;
    try {
      TradingCalendar calendar = config.calendars().calendar(key.market());
      Instant at = Instant.ofEpochMilli(now);
      if (calendar.covers(at.atZone(calendar.zone()).toLocalDate()) && !calendar.isOpen(at)) {
        long open = calendar.nextOpen(at).toEpochMilli();
        if (stored.expiresAtMillis > open) { // lasts past the open: reload shortly before it, once
          long preOpen = open - config.preOpenLead().toMillis() - jitter;
          return stored.writtenAtMillis < preOpen ? Math.min(preOpen, beforeExpiry) : beforeExpiry;
        }
      }
    } catch (RuntimeException e) { // no calendar for the date: the expiry alone decides
      log.debug("No trading calendar for {} at {}; refreshing {} by its expiry", key.market(), now, key, e);
    }
    return beforeExpiry;
  }

  /** @return a stable pseudo-random part of the jitter for this key and expiry */
  private long jitterMillis(CacheKey key, long expiresAtMillis) {
    long bound = config.jitter().toMillis();
    if (bound == 0) {
      return 0;
    }
    long z = key.asString().hashCode() * 0x9E3779B97F4A7C15L + expiresAtMillis;
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return Math.floorMod(z ^ (z >>> 33), bound + 1);
  }

  private TokenBucket bucket(@Nullable String source) {
    String name = source == null ? "" : source;
    TokenBucket bucket = buckets.get(name);
    return bucket != null ? bucket
        : buckets.computeIfAbsent(name, s -> new TokenBucket(config.ratePerSecond(source), clock.millis()));
  }

  /** Reloads one key: under its refresh lock if a tier offers one, unless another instance refreshed it. */
  private void reload(CacheKey key, Hot entry, LocalTier.Entry seen) {
    DistributedLock.@Nullable Lease held = null;
    try {
      GuardedTier lockTier = tiers.lockTier();
      if (lockTier != null) {
        GuardedTier.LockAttempt attempt = lockTier.tryLock("refresh:" + key.asString(), lease);
        held = attempt.lease(); // null if held elsewhere, or if the lock tier failed: reload without it
        if (attempt.heldElsewhere() || refreshedElsewhere(lockTier, key, seen)) {
          meters.refreshSkippedLocked.increment(); // another instance reloads it; its write reaches us
          backOff(entry, config.lead().toMillis(), false);
          return;
        }
      }
      if (!closed) {
        callLoader(key, entry);
      }
    } finally {
      if (held != null) {
        held.close();
      }
      done(entry);
    }
  }

  /**
   * @return whether the shared tier holds a newer write than the copy this round saw (another instance
   *     refreshed it just before); the stale copy in memory is dropped then
   */
  private boolean refreshedElsewhere(GuardedTier lockTier, CacheKey key, LocalTier.Entry seen) {
    TierEntry shared = lockTier.get(key.asString());
    if (shared != null && shared.createdAtMillis() > seen.writtenAtMillis) {
      local.invalidateRemote(key);
      return true;
    }
    return false;
  }

  private void callLoader(CacheKey key, Hot entry) {
    CacheLoader<?> loader = entry.loader;
    ValueType type = entry.type;
    if (loader == null || type == null) {
      return;
    }
    long start = System.nanoTime();
    Object value;
    try {
      value = loader.load(key);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      meters.load(key, start, false);
      counters.loadFailures.increment();
      meters.refreshFailures.increment();
      long backoff = backOff(entry, 0, true);
      log.debug("Refresh of {} failed; the old value is kept, next attempt in {} ms", key, backoff, e);
      return;
    }
    try {
      loads.loaded(key, type, value, start);
      meters.refreshes.increment();
      synchronized (entry) {
        entry.failures = 0;
        entry.notBeforeMillis = 0;
      }
    } catch (RuntimeException e) { // closed meanwhile, or a value the codec refuses
      meters.refreshFailures.increment();
      backOff(entry, 0, true);
      log.debug("Refreshed value of {} could not be stored", key, e);
    }
  }

  /**
   * @param fixedMillis the wait when not counting a failure
   * @param failed whether a reload failed: the wait doubles with each failure, up to the maximum
   * @return the wait
   */
  private long backOff(Hot entry, long fixedMillis, boolean failed) {
    synchronized (entry) {
      long wait = fixedMillis;
      if (failed) {
        int doublings = Math.min(entry.failures, 30);
        entry.failures++;
        wait = Math.min(config.maxBackoff().toMillis(), config.firstBackoff().toMillis() << doublings);
      }
      entry.notBeforeMillis = clock.millis() + wait;
      return wait;
    }
  }

  private void done(Hot entry) {
    synchronized (entry) {
      entry.reloading = false;
    }
    running.release();
  }

  /** Stops the background round; reloads already running finish on the executor. Idempotent. */
  @Override
  public void close() {
    closed = true;
    ScheduledFuture<?> current = task;
    if (current != null) {
      current.cancel(false);
    }
  }

  /** A token bucket of one second's worth of reloads (at least one), refilled continuously. */
  static final class TokenBucket {
    private final double perMilli;
    private final double capacity;
    private double tokens;
    private long lastMillis;

    TokenBucket(double perSecond, long nowMillis) {
      this.perMilli = perSecond / 1000;
      this.capacity = Math.max(1, perSecond);
      this.tokens = capacity;
      this.lastMillis = nowMillis;
    }

    synchronized boolean tryTake(long nowMillis) {
      if (nowMillis > lastMillis) {
        tokens = Math.min(capacity, tokens + (nowMillis - lastMillis) * perMilli);
        lastMillis = nowMillis;
      }
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }
  }
}
