package io.tradingagents.examples.quickstart;

import io.tradingagents.cache.BackendInfo;
import io.tradingagents.cache.CacheSavings;
import io.tradingagents.cache.CacheStats;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What {@link QuickstartWorkload#run} measured. Immutable.
 *
 * @param watchlist the symbols asked for
 * @param kindsPerSymbol how many data kinds were asked for per symbol
 * @param analysesPerRound how many analyses were asked for per round, over all symbols
 * @param rounds the cold round first, then the warm rounds
 * @param warmLatency data request latency over all warm rounds together
 * @param stats the cache's counters when the workload ended
 * @param savings the cache's upstream calls avoided and their declared cost when the workload ended
 *     ({@code cache.savings()}; counted since the cache was built)
 * @param backend the cache's tiers, their state and sizes when the workload ended
 */
public record WorkloadResult(List<String> watchlist, int kindsPerSymbol, int analysesPerRound,
    List<RoundResult> rounds, LatencySummary warmLatency, CacheStats stats, CacheSavings savings,
    BackendInfo backend) {

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

  /** @return LLM calls over all rounds */
  public long llmCalls() {
    return rounds.stream().mapToLong(RoundResult::llmCalls).sum();
  }

  /** @return analyses over all rounds that the cache answered without the analysts writing them */
  public long analysesFromCache() {
    return rounds.stream().mapToLong(RoundResult::analysesFromCache).sum();
  }

  /** @return cache hits / lookups over the warm rounds together, 0 if there were none */
  public double warmHitRate() {
    long lookups = warm().stream().mapToLong(RoundResult::cacheLookups).sum();
    long hits = warm().stream().mapToLong(RoundResult::cacheHits).sum();
    return lookups == 0 ? 0.0 : (double) hits / lookups;
  }

  /** @return upstream cost paid over all rounds, per currency (never summed across currencies) */
  public Map<Currency, BigDecimal> costSpent() {
    return total(RoundResult::costSpent);
  }

  /** @return upstream cost avoided over all rounds, per currency (never summed across currencies) */
  public Map<Currency, BigDecimal> costSaved() {
    return total(RoundResult::costSaved);
  }

  /**
   * @return what the analyses the cache answered had cost to write, over all rounds, per currency (never
   *     summed across currencies): the LLM cost the cache avoided
   */
  public Map<Currency, BigDecimal> llmCostSaved() {
    return total(RoundResult::llmCostSaved);
  }

  private Map<Currency, BigDecimal> total(Function<RoundResult, Map<Currency, BigDecimal>> cost) {
    Map<Currency, BigDecimal> total = new HashMap<>();
    for (RoundResult round : rounds) {
      cost.apply(round).forEach((currency, amount) -> total.merge(currency, amount, BigDecimal::add));
    }
    return Map.copyOf(total);
  }
}
