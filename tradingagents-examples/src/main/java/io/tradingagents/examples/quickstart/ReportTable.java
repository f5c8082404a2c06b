package io.tradingagents.examples.quickstart;

import static java.util.Objects.requireNonNull;

import io.tradingagents.analysis.CostAlert;
import io.tradingagents.analysis.UsageReport;
import io.tradingagents.cache.BackendInfo;
import io.tradingagents.cache.CacheStats;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Prints a {@link WorkloadResult} as plain-text tables: rounds, latency, upstream cost per currency, the
 * cache's per-tier counters and its backend info, then the usage summary ({@link UsageTable}). Not
 * thread-safe.
 */
public final class ReportTable {
  private final PrintStream out;

  /** @param out where to print, e.g. {@code System.out} */
  public ReportTable(PrintStream out) {
    this.out = requireNonNull(out, "out");
  }

  /**
   * Prints the whole report.
   *
   * @param result what the workload measured
   * @param usage the usage report of the run's LLM calls, with the cache's savings attached
   * @param alerts the cost alerts the usage tracker raised; may be empty
   */
  public void print(WorkloadResult result, UsageReport usage, List<CostAlert> alerts) {
    int warmRounds = result.warm().size();
    out.printf(Locale.ROOT, "%nTradingAgents cache quickstart: %d symbols x %d data kinds + %d analyses per "
        + "round, 1 cold + %d warm round%s%n", result.watchlist().size(), result.kindsPerSymbol(),
        result.analysesPerRound(), warmRounds, warmRounds == 1 ? "" : "s");
    printRounds(result);
    printLatency(result);
    printCost(result);
    printTiers(result.stats());
    printBackend(result.backend());
    new UsageTable(out).print(usage, result, alerts);
    out.println();
  }

  private void printRounds(WorkloadResult result) {
    heading("Rounds (requests: data values; hit rate: all cache lookups, data and analyses)");
    row("%-8s %9s %15s %16s %9s %10s %10s %9s %10s", "round", "requests", "upstream calls", "calls avoided",
        "hit rate", "p50", "p99", "analyses", "LLM calls");
    for (RoundResult round : result.rounds()) {
      row("%-8s %9d %15d %16d %9s %10s %10s %9d %10d", round.cold() ? "cold" : "warm " + round.number(),
          round.requests(), round.upstreamCalls(), round.upstreamCallsAvoided(), percent(round.hitRate()),
          duration(round.latency().p50Nanos()), duration(round.latency().p99Nanos()), round.analyses(),
          round.llmCalls());
    }
    row("%-8s %9d %15d %16d %9s %10s %10s %9d %10d", "total", result.requests(), result.upstreamCalls(),
        result.upstreamCallsAvoided(), percent(result.stats().hitRate()), "", "",
        result.analysesPerRound() * result.rounds().size(), result.llmCalls());
  }

  private void printLatency(WorkloadResult result) {
    LatencySummary cold = result.cold().latency();
    LatencySummary warm = result.warmLatency();
    heading("Latency per data request (System.nanoTime around cache.get)");
    row("%-8s %9s %10s %10s %10s", "rounds", "samples", "p50", "p99", "max");
    row("%-8s %9d %10s %10s %10s", "cold", cold.samples(), duration(cold.p50Nanos()),
        duration(cold.p99Nanos()), duration(cold.maxNanos()));
    if (warm.samples() > 0) {
      row("%-8s %9d %10s %10s %10s", "warm", warm.samples(), duration(warm.p50Nanos()),
          duration(warm.p99Nanos()), duration(warm.maxNanos()));
      row("p50 speed-up, warm vs cold: %,.0fx", (double) cold.p50Nanos() / Math.max(1, warm.p50Nanos()));
    }
    row("(a cold request pays the simulated upstream's %d-%d ms; the very first one also pays class loading "
        + "and codec warm-up)", SimulatedUpstream.MIN_LATENCY.toMillis(),
        SimulatedUpstream.MAX_LATENCY.toMillis());
  }

  private void printCost(WorkloadResult result) {
    Map<Currency, BigDecimal> spent = result.costSpent();
    Map<Currency, BigDecimal> saved = result.costSaved();
    heading("Upstream cost per currency (currencies are never added together)");
    row("%-8s %-10s %10s %10s %14s %8s", "currency", "billed by", "spent", "saved", "without cache",
        "% saved");
    TreeSet<Currency> currencies = new TreeSet<>(Comparator.comparing(Currency::getCurrencyCode));
    currencies.addAll(spent.keySet());
    currencies.addAll(saved.keySet());
    for (Currency currency : currencies) {
      BigDecimal paid = spent.getOrDefault(currency, BigDecimal.ZERO);
      BigDecimal avoided = saved.getOrDefault(currency, BigDecimal.ZERO);
      BigDecimal total = paid.add(avoided);
      double share = total.signum() == 0 ? 0.0 : avoided.doubleValue() / total.doubleValue();
      row("%-8s %-10s %10s %10s %14s %8s", currency.getCurrencyCode(), providers(currency),
          paid.toPlainString(), avoided.toPlainString(), total.toPlainString(), percent(share));
    }
  }

  private void printTiers(CacheStats stats) {
    heading(String.format(Locale.ROOT, "Cache counters (cache.stats()): %d lookups, %d hits, %d misses, "
        + "%d loads, %d write failures", stats.requests(), stats.hits(), stats.misses(), stats.loads(),
        stats.writeFailures()));
    row("%-10s %8s %8s %9s %8s %8s %9s %11s", "tier", "hits", "misses", "hit rate", "puts", "errors",
        "rejected", "mean read");
    for (CacheStats.TierStats tier : stats.tiers()) {
      row("%-10s %8d %8d %9s %8d %8d %9d %11s", tier.tier(), tier.hits(), tier.misses(),
          percent(tier.hitRate()), tier.puts(), tier.errors(), tier.rejected(),
          tier.meanReadNanos() == 0 ? "-" : duration(tier.meanReadNanos()));
    }
  }

  private void printBackend(BackendInfo backend) {
    heading(String.format(Locale.ROOT, "Backend (cache.backendInfo()): mode %s, primary %s, fallback %s",
        backend.mode(), backend.primaryBackend(), backend.fallbackEnabled() ? "enabled" : "none"));
    row("%-10s %-9s %-9s %8s %12s  %s", "tier", "state", "in use", "entries", "size", "details");
    for (BackendInfo.TierInfo tier : backend.tiers()) {
      row("%-10s %-9s %-9s %8s %12s  %s", tier.name(), tier.state(), tier.available() ? "yes" : "no",
          tier.entryCount() < 0 ? "?" : String.valueOf(tier.entryCount()), bytes(tier.sizeBytes()),
          tier.details().entrySet().stream().sorted(Map.Entry.comparingByKey())
              .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
    }
  }

  private static String providers(Currency currency) {
    return Arrays.stream(SimulatedUpstream.Provider.values())
        .filter(provider -> provider.currency().equals(currency))
        .map(SimulatedUpstream.Provider::source)
        .collect(Collectors.joining(","));
  }

  private void heading(String title) {
    out.println();
    out.println(title);
  }

  private void row(String format, Object... values) {
    out.println("  " + String.format(Locale.ROOT, format, values));
  }

  private static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
  }

  private static String duration(long nanos) {
    if (nanos >= 1_000_000) {
      return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
    return String.format(Locale.ROOT, "%.1f us", nanos / 1e3);
  }

  private static String bytes(long bytes) {
    if (bytes < 0) {
      return "?";
    }
    return bytes < 1024 ? bytes + " B" : String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
  }
}
