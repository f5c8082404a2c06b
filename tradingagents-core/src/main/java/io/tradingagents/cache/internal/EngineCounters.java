package io.tradingagents.cache.internal;

import io.tradingagents.cache.CacheStats;
import io.tradingagents.monitoring.CacheInstrumentation.Counter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The engine's end-to-end counters: one lookup counts one hit (in memory: {@link LocalTier#hits}; in a
 * shared tier: {@link #sharedHits}), one negative hit or one miss, whichever path it took.
 */
final class EngineCounters {
  final LongAdder sharedHits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder negativeHits = new LongAdder();
  final LongAdder loads = new LongAdder();
  final LongAdder loadFailures = new LongAdder();
  final LongAdder staleServed = new LongAdder();
  final LongAdder decodeFailures = new LongAdder();
  final LongAdder typeMismatches = new LongAdder();
  final LongAdder writeFailures = new LongAdder();
  final LongAdder oversizedValues = new LongAdder();

  /** @return a snapshot with the tiers' own counters, the in-process tier first */
  CacheStats snapshot(LocalTier local, Tiers tiers) {
    List<CacheStats.TierStats> tierStats = new ArrayList<>();
    tierStats.add(new CacheStats.TierStats("memory", local.hits.sum(), local.misses.sum(),
        local.puts.sum(), 0, 0, 0));
    for (GuardedTier tier : tiers.all()) {
      long reads = tier.reads.sum();
      tierStats.add(new CacheStats.TierStats(tier.name(), tier.hits.sum(), tier.misses.sum(),
          tier.puts.sum(), tier.errors.sum(), tier.rejected.sum(),
          reads == 0 ? 0 : tier.readNanos.sum() / reads));
    }
    return new CacheStats(local.hits.sum() + sharedHits.sum(), misses.sum(), negativeHits.sum(), loads.sum(),
        loadFailures.sum(), staleServed.sum(), decodeFailures.sum(), typeMismatches.sum(),
        writeFailures.sum(), oversizedValues.sum(), tierStats);
  }

  /** @return the counters the meters read at scrape time, without building a snapshot */
  Map<Counter, LongSupplier> forMeters(LocalTier local) {
    return Map.of(Counter.HITS, () -> local.hits.sum() + sharedHits.sum(), Counter.MISSES, misses::sum,
        Counter.NEGATIVE_HITS, negativeHits::sum, Counter.LOADS, loads::sum,
        Counter.LOAD_FAILURES, loadFailures::sum, Counter.STALE_SERVED, staleServed::sum,
        Counter.DECODE_FAILURES, decodeFailures::sum, Counter.TYPE_MISMATCHES, typeMismatches::sum,
        Counter.WRITE_FAILURES, writeFailures::sum);
  }
}
