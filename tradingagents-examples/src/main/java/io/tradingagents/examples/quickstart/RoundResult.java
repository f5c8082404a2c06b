package io.tradingagents.examples.quickstart;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Map;

/**
 * What one pass over the watchlist did. Immutable.
 *
 * @param number 0 for the cold round, then 1, 2, ... for the warm rounds
 * @param requests data values (price history, news, fundamentals) asked of the cache
 * @param upstreamCalls how many of them the cache had to load from the upstream
 * @param analyses analyses asked of the cache
 * @param analysesWritten how many of them the analysts had to write (the rest came from the cache)
 * @param llmCalls LLM calls made writing them
 * @param cacheHits reads the cache answered, data and analyses (from {@code cache.stats()}, this round only)
 * @param cacheLookups reads the cache counted, data and analyses (from {@code cache.stats()}, this round only)
 * @param latency data request latency as the caller saw it
 * @param costSpent upstream cost paid this round, per currency; unmodifiable
 * @param costSaved upstream cost the cache avoided this round, per currency; unmodifiable
 * @param llmCostSaved what the analyses the cache answered had cost to write, per currency; unmodifiable
 */
public record RoundResult(int number, int requests, long upstreamCalls, int analyses, long analysesWritten,
    long llmCalls, long cacheHits, long cacheLookups, LatencySummary latency,
    Map<Currency, BigDecimal> costSpent, Map<Currency, BigDecimal> costSaved,
    Map<Currency, BigDecimal> llmCostSaved) {

  /** Copies the cost maps. */
  public RoundResult {
    costSpent = Map.copyOf(costSpent);
    costSaved = Map.copyOf(costSaved);
    llmCostSaved = Map.copyOf(llmCostSaved);
  }

  /** @return whether this is the first round, which starts with an empty in-process tier */
  public boolean cold() {
    return number == 0;
  }

  /** @return requests the cache answered without calling the upstream */
  public long upstreamCallsAvoided() {
    return requests - upstreamCalls;
  }

  /** @return analyses the cache answered without the analysts writing them */
  public long analysesFromCache() {
    return analyses - analysesWritten;
  }

  /** @return cache hits / cache lookups this round, 0 if there were none */
  public double hitRate() {
    return cacheLookups == 0 ? 0.0 : (double) cacheHits / cacheLookups;
  }
}
