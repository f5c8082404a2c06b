package io.tradingagents.examples.tradingweek;

import java.time.Duration;

/**
 * What one policy did over the simulated week. Every count is exact.
 *
 * @param policy the policy's label, e.g. {@code (a) flat TTL table}
 * @param reads reads made by the simulated agents
 * @param hits reads the cache answered without calling the upstream
 * @param upstreamCalls calls to the simulated upstream, by readers (one per miss) and by refresh-ahead; the
 *     simulated upstream never fails, so {@code hits + upstreamCalls - refreshCalls == reads}
 * @param refreshCalls upstream calls made by refresh-ahead in the background, not for a waiting reader
 * @param callsInSession upstream calls made while the symbol's market was trading
 * @param callsWeekdayClosed upstream calls made on a trading day outside its session (overnight, before
 *     the open, after the close, during a lunch break)
 * @param callsClosedDay upstream calls made on a weekend or holiday of the symbol's market
 * @param staleServed reads answered with a quote the market has since moved past: it traded for a minute
 *     or more after the quote's price (the simulated price moves every trading minute)
 * @param worstStaleness the most trading time (nights, breaks, weekends excluded) between a served quote's
 *     price and the read
 * @param cacheStaleServed the cache's own stale-on-error count ({@code CacheStats.staleServed}); 0 here, as
 *     the simulated upstream never fails
 */
public record WeekResult(String policy, long reads, long hits, long upstreamCalls, long refreshCalls,
    long callsInSession, long callsWeekdayClosed, long callsClosedDay, long staleServed, Duration worstStaleness,
    long cacheStaleServed) {

  /** @return hits / reads, or 0 when nothing was read */
  public double hitRate() {
    return reads == 0 ? 0 : (double) hits / reads;
  }

  /** @return reads that waited for the upstream (misses) */
  public long readerCalls() {
    return upstreamCalls - refreshCalls;
  }

  /** @return upstream calls made while the market was closed, weekday or not */
  public long callsOutsideSessions() {
    return callsWeekdayClosed + callsClosedDay;
  }
}
