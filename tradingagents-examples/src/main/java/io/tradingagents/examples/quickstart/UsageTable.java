package io.tradingagents.examples.quickstart;

import static java.util.Objects.requireNonNull;

import io.tradingagents.analysis.CostAlert;
import io.tradingagents.analysis.UsageReport;
import io.tradingagents.analysis.UsageSummary;
import io.tradingagents.cache.CacheSavings;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Prints the quickstart's usage summary as plain-text tables: LLM calls, tokens and cost per currency by
 * module, by analysis type and by provider/model, the totals, any cost alerts, and what the cache saved.
 * Every figure comes from a {@link UsageReport} built by the library's
 * {@link io.tradingagents.analysis.UsageAnalytics} (with {@code cache.savings()} attached), except the LLM
 * cost of the analyses answered from the cache, which the quickstart counts itself. Costs are printed per
 * currency and never added across currencies; LLM costs are rounded to 6 decimals for display. Not
 * thread-safe.
 */
public final class UsageTable {
  private static final String GROUP = "%-22s %7s %14s %14s";
  private static final String COST = " %14s";

  private final PrintStream out;

  /** @param out where to print, e.g. {@code System.out} */
  public UsageTable(PrintStream out) {
    this.out = requireNonNull(out, "out");
  }

  /**
   * Prints the usage summary.
   *
   * @param usage the usage report, with the cache's savings attached
   * @param result what the workload measured
   * @param alerts the cost alerts the usage tracker raised; may be empty
   */
  public void print(UsageReport usage, WorkloadResult result, List<CostAlert> alerts) {
    UsageSummary total = usage.total();
    heading(String.format(Locale.ROOT, "Usage summary (UsageAnalytics over the usage store, days in %s): %d LLM "
        + "calls, cost per currency (never added together)", usage.zone(), total.calls()));
    if (total.calls() == 0) {
      row("no LLM calls: every analysis came from the cache");
    } else {
      List<String> currencies = List.copyOf(total.costByCurrency().keySet());
      group("by module", usage.byModule(), currencies);
      group("by analysis type", usage.byAnalysisType(), currencies);
      group("by provider/model", usage.byProviderModel(), currencies);
      out.println();
      summary("total", total, currencies);
    }
    printAlerts(alerts);
    printSavings(usage.cacheSavings(), result);
  }

  private void group(String title, Map<String, UsageSummary> groups, List<String> currencies) {
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, GROUP, title, "calls",
        "input tokens", "output tokens"));
    for (String currency : currencies) {
      header.append(String.format(Locale.ROOT, COST, "cost " + currency));
    }
    out.println();
    row("%s", header);
    new TreeMap<>(groups).forEach((name, summary) -> summary(name, summary, currencies));
  }

  private void summary(String name, UsageSummary summary, List<String> currencies) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-22s %,7d %,14d %,14d", name,
        summary.calls(), summary.inputTokens(), summary.outputTokens()));
    for (String currency : currencies) {
      BigDecimal cost = summary.costByCurrency().get(currency);
      line.append(String.format(Locale.ROOT, COST, cost == null ? "-" : llmAmount(cost)));
    }
    row("%s", line);
  }

  private void printAlerts(List<CostAlert> alerts) {
    out.println();
    if (alerts.isEmpty()) {
      row("cost alerts (UsageTracker, daily threshold per currency): none");
      return;
    }
    for (CostAlert alert : alerts) {
      row("cost alert (UsageTracker): %s spending on %s reached %s, threshold %s",
          alert.currency().getCurrencyCode(), alert.day(), llmAmount(alert.total()),
          alert.threshold().toPlainString());
    }
  }

  private void printSavings(@Nullable CacheSavings savings, WorkloadResult result) {
    heading(String.format(Locale.ROOT, "Cost saved by the cache (cache.savings(), at the prices declared with "
        + "upstreamCost): %d calls avoided", savings == null ? 0 : savings.totalCallsAvoided()));
    if (savings == null) {
      row("(no cache savings attached to the usage report)");
      return;
    }
    row("%-14s %14s", "data kind", "calls avoided");
    new TreeMap<>(savings.callsAvoided()).forEach((kind, calls) -> row("%-14s %,14d%s", kind, calls,
        QuickstartWorkload.KINDS.stream().anyMatch(k -> k.name().equals(kind)) ? "" : "  (no declared price)"));
    row("saved per unit: %s", savings.savedByUnit().isEmpty() ? "nothing priced"
        : new TreeMap<>(savings.savedByUnit()).entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue().toPlainString())
            .collect(Collectors.joining(", ")));
    Map<Currency, BigDecimal> llmSaved = result.llmCostSaved();
    if (!llmSaved.isEmpty()) {
      // An analysis costs what its LLM calls' tokens cost, so it has no fixed price to declare; each cached
      // analysis carries the cost it was written at instead.
      row("LLM cost avoided: %s", llmSaved.entrySet().stream()
          .sorted(Map.Entry.comparingByKey(Comparator.comparing(Currency::getCurrencyCode)))
          .map(e -> e.getKey().getCurrencyCode() + " " + llmAmount(e.getValue()))
          .collect(Collectors.joining(", ")));
      row("  (the quickstart's own count: %d analyses answered from the cache, at the cost they were written at)",
          result.analysesFromCache());
    }
  }

  private void heading(String title) {
    out.println();
    out.println(title);
  }

  private void row(String format, Object... values) {
    out.println("  " + String.format(Locale.ROOT, format, values));
  }

  private static String llmAmount(BigDecimal amount) {
    return amount.setScale(6, RoundingMode.HALF_UP).toPlainString();
  }
}
