package io.tradingagents.cache;

import java.util.List;

/**
 * A snapshot of what the cache has done since it was built. Immutable.
 *
 * @param hits reads answered by any tier
 * @param misses reads no tier could answer (including type mismatches and undecodable entries)
 * @param negativeHits reads answered "no data" from the negative cache
 * @param loads loader calls that returned (a bulk loader's call counts once per key it was asked for)
 * @param loadFailures loader calls that threw (a bulk loader's, once per key that failed)
 * @param staleServed loader failures answered with a stale value
 * @param decodeFailures stored entries that could not be decoded (removed and counted as misses)
 * @param typeMismatches reads whose stored value was not of the requested type
 * @param writeFailures tier writes or removals that failed (logged, never thrown)
 * @param oversizedValues loaded values served uncached because their encoding exceeded the maximum entry
 *     size (see {@link CacheEntryTooLargeException})
 * @param tiers per-tier counters, the in-process tier first
 */
public record CacheStats(long hits, long misses, long negativeHits, long loads, long loadFailures,
    long staleServed, long decodeFailures, long typeMismatches, long writeFailures, long oversizedValues,
    List<TierStats> tiers) {

  /* Copies the tier list. */
  public CacheStats {
    tiers = List.copyOf(tiers);
  }

  /**
   * The counts between an earlier snapshot and this one, e.g. for one round of a workload. Tiers are
   * matched by name; a tier absent from {@code earlier} is taken whole. Mean latencies are this snapshot's.
   *
   * @param earlier an earlier snapshot of the same cache
   * @return this minus {@code earlier}
   */
  public CacheStats minus(CacheStats earlier) {
    java.util.Map<String, TierStats> before = new java.util.HashMap<>();
    earlier.tiers.forEach(t -> before.put(t.tier(), t));
    List<TierStats> delta = tiers.stream()
        .map(t -> before.containsKey(t.tier()) ? t.minus(before.get(t.tier())) : t).toList();
    return new CacheStats(hits - earlier.hits, misses - earlier.misses, negativeHits - earlier.negativeHits,
        loads - earlier.loads, loadFailures - earlier.loadFailures, staleServed - earlier.staleServed,
        decodeFailures - earlier.decodeFailures, typeMismatches - earlier.typeMismatches,
        writeFailures - earlier.writeFailures, oversizedValues - earlier.oversizedValues, delta);
  }

  /** @return hits + misses + negative hits */
  public long requests() {
    return hits + misses + negativeHits;
  }

  /** @return hits / requests, or 1.0 when there were no requests (as Caffeine reports it) */
  public double hitRate() {
    long requests = requests();
    return requests == 0 ? 1.0 : (double) (hits + negativeHits) / requests;
  }

  /**
   * Counters of one tier.
   *
   * @param tier the tier's name ({@code memory}, {@code redis}, {@code mongodb}, {@code file}, ...)
   * @param hits reads this tier answered
   * @param misses reads that reached this tier and missed
   * @param puts entries written to this tier
   * @param errors failed operations (timeouts, connection errors, refused by an open breaker excluded)
   * @param rejected operations not attempted because the tier's breaker was open
   * @param meanReadNanos mean latency of this tier's reads, 0 for the in-process tier (not timed)
   */
  public record TierStats(String tier, long hits, long misses, long puts, long errors, long rejected,
      long meanReadNanos) {

    /** @return hits / (hits + misses), or 1.0 when the tier was never read (as Caffeine reports it) */
    public double hitRate() {
      long reads = hits + misses;
      return reads == 0 ? 1.0 : (double) hits / reads;
    }

    TierStats minus(TierStats other) {
      return new TierStats(tier, hits - other.hits, misses - other.misses, puts - other.puts,
          errors - other.errors, rejected - other.rejected, meanReadNanos);
    }
  }
}
