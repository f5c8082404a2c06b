package io.tradingagents.monitoring;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.PerformanceMode;
import io.tradingagents.cache.internal.DefaultAdaptiveCache;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Cheap readings of a cache's counters, and a place to attach {@link CacheObserver}s, for binders such as
 * {@link CacheMetrics}. Every reading is one or a few {@code LongAdder} sums or a field read: none builds
 * a {@link io.tradingagents.cache.CacheStats} snapshot and none calls a server, so a scrape costs the
 * same whether a tier is healthy, down or hung.
 *
 * <p>Thread-safe; readings are not atomic with each other.
 */
public interface CacheInstrumentation {

  /** End-to-end counters of the cache (each lookup, load or write counted once). */
  enum Counter {
    /** Lookups answered with a value by any tier. */
    HITS,
    /** Lookups answered "no data" from the negative cache (counted as hits end to end). */
    NEGATIVE_HITS,
    /** Lookups no tier could answer. */
    MISSES,
    /** Entries written by callers ({@code put}, {@code putAll}) or by loads. */
    PUTS,
    /** Loader calls that returned. */
    LOADS,
    /** Loader calls that threw. */
    LOAD_FAILURES,
    /** Callers that waited for another caller's load of the same key instead of loading. */
    COALESCED_LOADS,
    /** Loader failures answered with a stale value. */
    STALE_SERVED,
    /** Stored entries that could not be decoded (removed, counted as misses). */
    DECODE_FAILURES,
    /** Reads whose stored value was of another type than the one asked for. */
    TYPE_MISMATCHES,
    /** Tier writes or removals that did not reach their tier (kept for the repair). */
    WRITE_FAILURES,
    /** In-process entries evicted (size bound or expiry). */
    EVICTIONS,
    /** Sum of the weights (bytes) of the evicted in-process entries. */
    EVICTION_WEIGHT,
    /** Invalidation messages handed to the invalidation bus for other instances. */
    INVALIDATIONS_SENT,
    /** Invalidation messages from other instances received from the bus. */
    INVALIDATIONS_RECEIVED,
    /** Times the invalidation bus subscription was re-established after a disconnect (not the first). */
    BUS_RECONNECTS,
    /** Refresh-ahead reloads that stored a new value. */
    REFRESHES,
    /** Refresh-ahead reloads whose loader failed (the old value is kept; retried with backoff). */
    REFRESH_FAILURES,
    /** Refresh-ahead reloads left to another instance that held the key's refresh lock or had reloaded it. */
    REFRESHES_LOCKED,
    /** Due refresh-ahead reloads postponed because their source's rate limit had no token left. */
    REFRESHES_RATE_LIMITED
  }

  /** Per-tier counters. */
  enum TierCounter {
    /** Reads this tier answered. */
    HITS,
    /** Reads that reached this tier and missed. */
    MISSES,
    /** Entries written to this tier. */
    PUTS,
    /** Failed calls (timeouts, connection errors). */
    ERRORS,
    /** Calls not attempted because the tier's breaker was open. */
    REJECTED,
    /** Writes and removals the tier missed while down, replayed into it (or resolved) on its return. */
    REPLAYS
  }

  /**
   * @param counter which counter
   * @return its value since the cache was built
   */
  long count(Counter counter);

  /** @return the tiers' names in read order, {@code memory} (the in-process tier) first */
  List<String> tierNames();

  /**
   * @param tier an index into {@link #tierNames()}
   * @param counter which counter
   * @return its value since the cache was built (0 for errors and rejections of the in-process tier)
   * @throws IndexOutOfBoundsException if {@code tier} is not an index of {@link #tierNames()}
   */
  long tierCount(int tier, TierCounter counter);

  /**
   * Read from the breaker state and the performance mode the engine already holds: never a call to the
   * tier.
   *
   * @param tier an index into {@link #tierNames()}
   * @return whether reads and writes go to that tier now (always true for the in-process tier)
   * @throws IndexOutOfBoundsException if {@code tier} is not an index of {@link #tierNames()}
   */
  boolean tierAvailable(int tier);

  /** @return the current performance mode */
  PerformanceMode mode();

  /** @return entries held by the in-process tier (an estimate, as Caffeine reports it) */
  long memoryEntries();

  /** @return the in-process tier's weighted size in bytes, or -1 if unknown */
  long memoryWeightBytes();

  /** @return the in-process tier's bound in bytes */
  long memoryMaximumBytes();

  /** @return data kinds that have a declared upstream cost, plus the built-in kinds */
  Set<DataKind> kinds();

  /**
   * @param kind a data kind
   * @return loader calls avoided for that kind (a hit, or another caller's load, answered the call)
   */
  long callsAvoided(DataKind kind);

  /** @return the cost units (currencies) declared for {@code kind}, empty if none */
  Set<String> costUnits(DataKind kind);

  /**
   * @param kind a data kind
   * @param unit a unit of {@link #costUnits(DataKind)}
   * @return the declared cost of the calls avoided for that kind, in that unit
   */
  double saved(DataKind kind, String unit);

  /**
   * Attaches an observer; it receives events from now on. Attaching is rare (once per binder).
   *
   * @param observer the observer
   */
  void addObserver(CacheObserver observer);

  /**
   * @param cache a cache
   * @return its instrumentation, or empty if it was not built by {@link AdaptiveCache#builder()}
   */
  static Optional<CacheInstrumentation> of(AdaptiveCache cache) {
    return cache instanceof DefaultAdaptiveCache
        ? Optional.of(((DefaultAdaptiveCache) cache).instrumentation())
        : Optional.empty();
  }
}
