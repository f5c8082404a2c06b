package io.tradingagents.examples.quickstart;

import io.tradingagents.cache.BackendInfo;
import io.tradingagents.cache.CacheStats;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link QuickstartWorkload#run} measured. Immutable.
 *
 * @param watchlist the symbols asked for
 * @param kindsPerSymbol how many data kinds were asked for per symbol
 * @param rounds the cold round first, then the warm rounds
 * @param warmLatency request latency over all warm rounds together
 * @param stats the cache's counters when the workload ended
 * @param backend the cache's tiers, their state and sizes when the workload ended
 */
public record WorkloadResult(List<String> watchlist, int kindsPerSymbol, List<RoundResult> rounds,
    LatencySummary warmLatency, CacheStats stats, BackendInfo backend) {

  /** Copies the lists. */
  public WorkloadResult {
    watchlist = List.copyOf(watchlist);
    rounds = List.copyOf(rounds);
    if (rounds.isEmpty() || !rounds.get(0).cold()) {
      throw new IllegalArgumentException("rounds must start with the cold round");
    }
  }

  /** @return the first round */
  public RoundResult cold() {
    return rounds.get(0);
  }

  /** @return the rounds after the first; empty if there were none */
  public List<RoundResult> warm() {
    return rounds.subList(1, rounds.size());
  }

  /** @return requests over all rounds */
  public long requests() {
    return rounds.stream().mapToLong(RoundResult::requests).sum();
  }

  /** @return upstream calls over all rounds */
  public long upstreamCalls() {
    return rounds.stream().mapToLong(RoundResult::upstreamCalls).sum();
  }

  /** @return requests over all rounds that needed no upstream call */
  public long upstreamCallsAvoided() {
    return requests() - upstreamCalls();
  }

  /** @return upstream calls over the warm rounds */
  public long warmUpstreamCalls() {
    return warm().stream().mapToLong(RoundResult::upstreamCalls).sum();
  }

  /** @return cache hits / lookups over the warm rounds together, 0 if there were none */
  public double warmHitRate() {
    long lookups = warm().stream().mapToLong(RoundResult::cacheLookups).sum();
    long hits = warm().stream().mapToLong(RoundResult::cacheHits).sum();
    return lookups == 0 ? 0.0 : (double) hits / lookups;
  }

  /** @return upstream cost paid over all rounds, per currency (never summed across currencies) */
  public Map<Currency, BigDecimal> costSpent() {
    return total(true);
  }

  /** @return upstream cost avoided over all rounds, per currency (never summed across currencies) */
  public Map<Currency, BigDecimal> costSaved() {
    return total(false);
  }

  private Map<Currency, BigDecimal> total(boolean spent) {
    Map<Currency, BigDecimal> total = new HashMap<>();
    for (RoundResult round : rounds) {
      (spent ? round.costSpent() : round.costSaved()).forEach((currency, amount) ->
          total.merge(currency, amount, BigDecimal::add));
    }
    return Map.copyOf(total);
  }
}
