package io.tradingagents.cache.internal;

import io.tradingagents.cache.CacheEntryTooLargeException;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.CacheLoadException;
import io.tradingagents.cache.CacheLoader;
import io.tradingagents.cache.Loaded;
import io.tradingagents.cache.TtlPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads on a miss: single-flight per key in this JVM (concurrent callers wait for one load), across JVMs
 * through {@link CrossInstanceLoads}, stale-on-error, negative caching, and values served uncached when
 * they cannot be stored (another type held by the key, an entry too large).
 */
final class Loads {
  private static final Logger log = LoggerFactory.getLogger(DefaultAdaptiveCache.class);
  private static final Object MISS = Reads.MISS;
  private static final Object MISMATCH = Reads.MISMATCH;

  /** Stores a loaded value as the engine's {@code put} does. */
  interface Store {
    void put(CacheKey key, Object value, Duration ttl, ValueType declared);
  }

  private final Clock clock;
  private final TtlPolicy ttlPolicy;
  private final LocalTier local;
  private final Reads reads;
  private final EngineCounters counters;
  private final EngineMeters meters;
  private final Savings savings;
  private final CrossInstanceLoads crossInstanceLoads;
  private final Store store;
  /** Loads in progress by key, blocking and bulk ({@link BulkLoads}) alike. */
  final ConcurrentHashMap<CacheKey, Flight> inflight = new ConcurrentHashMap<>();
  /** Whether a loader's value was already served uncached because the key holds another type. */
  private final AtomicBoolean mismatchLogged = new AtomicBoolean();

  Loads(Clock clock, TtlPolicy ttlPolicy, LocalTier local, Reads reads, EngineCounters counters,
      EngineMeters meters, Savings savings, CrossInstanceLoads crossInstanceLoads, Store store) {
    this.clock = clock;
    this.ttlPolicy = ttlPolicy;
    this.local = local;
    this.reads = reads;
    this.counters = counters;
    this.meters = meters;
    this.savings = savings;
    this.crossInstanceLoads = crossInstanceLoads;
    this.store = store;
  }

  /**
   * The key holds a value of another type (two callers use one key for different types): the loader's
   * value is returned to this caller but not stored, so that it does not replace the other caller's value.
   */
  @SuppressWarnings("unchecked")
  <V> @Nullable V uncached(CacheKey key, ValueType type, CacheLoader<? extends V> loader) {
    warnMismatchOnce(key, type);
    try {
      Object loaded = loader.load(key);
      counters.loads.increment();
      return (V) (loaded instanceof Loaded ? ((Loaded<?>) loaded).value() : loaded);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      counters.loadFailures.increment();
      throw new CacheLoadException(key, e);
    }
  }

  /** Says once per cache that a loaded value is served uncached because the key holds another type. */
  void warnMismatchOnce(CacheKey key, ValueType type) {
    if (mismatchLogged.compareAndSet(false, true)) {
      log.atWarn().setMessage("Key {} holds a value of another type than {}; the loader's value is served "
          + "uncached so that the stored value is kept. Use one type per key (give the two uses different "
          + "keys or namespaces). Logged once per cache; counted in stats().typeMismatches()")
          .addArgument(key).addArgument(type.name).log();
    }
  }

  /** Single-flight: the first caller of a key loads, concurrent callers wait for its result. */
  <V> @Nullable V shared(CacheKey key, ValueType type, CacheLoader<? extends V> loader) {
    return shared(key, type, loader, Long.MAX_VALUE);
  }

  /**
   * {@link #shared(CacheKey, ValueType, CacheLoader)} serving a stale value on a failed load only if it
   * expired at most {@code maxStaleMillis} ago (within its stale window too). A caller that waits for
   * another caller's load gets that load's answer, whatever its own limit.
   */
  @SuppressWarnings("unchecked")
  <V> @Nullable V shared(CacheKey key, ValueType type, CacheLoader<? extends V> loader, long maxStaleMillis) {
    Flight mine = new Flight(type);
    Flight running = inflight.putIfAbsent(key, mine);
    if (running != null) {
      if (running.owner == Thread.currentThread()) {
        throw new IllegalStateException("The loader of " + key + " asked the cache for " + key
            + " itself; a loader must not read the key it is loading");
      }
      meters.coalescedLoads.increment();
      Object result = await(key, running);
      savings.avoided(key); // another caller's load answered this one
      if (result == LocalTier.NEGATIVE) {
        return null;
      }
      return running.type == type || (!type.isGeneric() && type.raw.isInstance(result)) ? (V) result
          : (V) load(key, type, loader, maxStaleMillis);
    }
    Object result;
    try {
      result = load(key, type, loader, maxStaleMillis);
    } catch (RuntimeException | Error e) {
      inflight.remove(key, mine); // first: a caller that comes after the failure loads again
      mine.completeExceptionally(e);
      throw e;
    }
    inflight.remove(key, mine);
    mine.complete(result);
    return result == LocalTier.NEGATIVE ? null : (V) result;
  }

  /** A load in progress, the thread running it and the type it loads. */
  static final class Flight extends CompletableFuture<Object> {
    final Thread owner = Thread.currentThread();
    final ValueType type;

    Flight(ValueType type) {
      this.type = type;
    }
  }

  static Object await(CacheKey key, CompletableFuture<Object> running) {
    try {
      return running.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheLoadException(key, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new CacheLoadException(key, cause);
    }
  }

  /** @return the value or {@link LocalTier#NEGATIVE} */
  private <V> Object load(CacheKey key, ValueType type, CacheLoader<? extends V> loader, long maxStaleMillis) {
    Object done = finishedJustBefore(key, type);
    if (done != null) {
      return done;
    }
    return crossInstanceLoads.run(key, () -> {
      Object stored = reads.readShared(key, type, false);
      return stored == MISS || stored == MISMATCH ? null : stored;
    }, () -> callLoader(key, type, loader, maxStaleMillis));
  }

  /**
   * @return the value (or {@link LocalTier#NEGATIVE}) of a load that finished just before ours registered,
   *     or {@code null}
   */
  @Nullable Object finishedJustBefore(CacheKey key, ValueType type) {
    LocalTier.Entry done = local.getIfPresent(key);
    return done != null && (type.accepts(done.value, done.type) || done.value == LocalTier.NEGATIVE)
        ? done.value : null;
  }

  /** @return the loaded value, {@link LocalTier#NEGATIVE} or a stale value */
  private <V> Object callLoader(CacheKey key, ValueType type, CacheLoader<? extends V> loader,
      long maxStaleMillis) {
    Object value;
    long start = System.nanoTime();
    try {
      value = loader.load(key);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return failed(key, type, e, start, maxStaleMillis);
    }
    return loaded(key, type, value, start);
  }

  /**
   * What follows a load that returned, blocking or asynchronous: counts it, remembers "no data", stores
   * the value with the loader's chosen expiry (a {@link Loaded}) or the policy's.
   *
   * @return the value, or {@link LocalTier#NEGATIVE}
   */
  Object loaded(CacheKey key, ValueType type, @Nullable Object result, long start) {
    return loaded(key, type, result, start, store);
  }

  /**
   * {@link #loaded(CacheKey, ValueType, Object, long)} handing the value to store to {@code into} (a bulk
   * load collects them for one batch write).
   */
  Object loaded(CacheKey key, ValueType type, @Nullable Object result, long start, Store into) {
    meters.load(key, start, true);
    counters.loads.increment();
    Object value = result;
    Duration chosen = null; // an ExpiringLoader's expiry (getWithExpiry), else the TTL policy's
    if (value instanceof Loaded) {
      chosen = ((Loaded<?>) value).ttlFrom(clock.instant());
      value = ((Loaded<?>) value).value();
    }
    if (value == null) {
      Duration negativeTtl = ttlPolicy.negativeTtl();
      if (!negativeTtl.isZero()) {
        local.putNegative(key, clock.millis() + negativeTtl.toMillis());
      }
      return LocalTier.NEGATIVE;
    }
    if (chosen != null && (chosen.isNegative() || chosen.isZero())) {
      log.debug("The loader of {} chose an expiry that has passed; serving its value uncached", key);
      return value;
    }
    try {
      into.put(key, value, chosen != null ? chosen : ttlPolicy.ttlForWrite(key, clock.instant()),
          type.isGeneric() ? type : ValueType.ofValue(value));
    } catch (CacheEntryTooLargeException e) {
      counters.oversizedValues.increment();
      log.debug("Serving the loaded value of {} uncached: {}", key, e.getMessage());
    }
    return value;
  }

  /**
   * What follows a load that failed, blocking or asynchronous: counts it and serves the last value if it
   * expired within its stale window (stale-on-error).
   *
   * @return the stale value
   * @throws CacheLoadException if there is none, with {@code error} as its cause
   */
  Object failed(CacheKey key, ValueType type, Throwable error, long start) {
    return failed(key, type, error, start, Long.MAX_VALUE);
  }

  /**
   * {@link #failed(CacheKey, ValueType, Throwable, long)} serving only a value expired at most
   * {@code maxStaleMillis} ago.
   */
  Object failed(CacheKey key, ValueType type, Throwable error, long start, long maxStaleMillis) {
    meters.load(key, start, false);
    counters.loadFailures.increment();
    LocalTier.Entry stale = local.staleEntry(key);
    if (stale != null && type.accepts(stale.value, stale.type)
        && clock.millis() - stale.expiresAtMillis <= maxStaleMillis) {
      counters.staleServed.increment();
      log.debug("Loader of {} failed; serving the stale value", key, error);
      return stale.value;
    }
    throw new CacheLoadException(key, error);
  }

}
