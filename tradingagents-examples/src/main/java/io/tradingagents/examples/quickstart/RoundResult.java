package io.tradingagents.examples.quickstart;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Map;

/**
 * What one pass over the watchlist did. Immutable.
 *
 * @param number 0 for the cold round, then 1, 2, ... for the warm rounds
 * @param requests values asked of the cache
 * @param upstreamCalls how many of them the cache had to load from the upstream
 * @param cacheHits reads the cache answered (from {@code cache.stats()}, this round only)
 * @param cacheLookups reads the cache counted (from {@code cache.stats()}, this round only)
 * @param latency request latency as the caller saw it
 * @param costSpent upstream cost paid this round, per currency; unmodifiable
 * @param costSaved upstream cost the cache avoided this round, per currency; unmodifiable
 */
public record RoundResult(int number, int requests, long upstreamCalls, long cacheHits, long cacheLookups,
    LatencySummary latency, Map<Currency, BigDecimal> costSpent, Map<Currency, BigDecimal> costSaved) {

  /** Copies the cost maps. */
  public RoundResult {
    costSpent = Map.copyOf(costSpent);
    costSaved = Map.copyOf(costSaved);
  }

  /** @return whether this is the first round, which starts with an empty in-process tier */
  public boolean cold() {
    return number == 0;
  }

  /** @return requests the cache answered without calling the upstream */
  public long upstreamCallsAvoided() {
    return requests - upstreamCalls;
  }

  /** @return cache hits / cache lookups this round, 0 if there were none */
  public double hitRate() {
    return cacheLookups == 0 ? 0.0 : (double) cacheHits / cacheLookups;
  }
}
