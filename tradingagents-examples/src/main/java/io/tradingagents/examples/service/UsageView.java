package io.tradingagents.examples.service;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradingagents.analysis.UsageAnalytics;
import io.tradingagents.analysis.UsagePeriod;
import io.tradingagents.analysis.UsageReport;
import io.tradingagents.analysis.UsageStore;
import io.tradingagents.analysis.UsageSummary;
import java.time.Clock;
import java.util.Map;

/**
 * The dashboard's usage tables: LLM calls and cost per currency by day (the last {@value #DAYS} days), by
 * hour of the day, by module and by analysis type, in {@link UsageAnalytics#DEFAULT_ZONE}, computed by
 * {@link UsageAnalytics} from the usage store. Costs are never added across currencies. Stateless apart
 * from its inputs; the caller bounds how often it runs (it reads the store).
 */
final class UsageView {
  /** Days the tables cover, today included. */
  static final int DAYS = 7;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final UsageStore store;
  private final Clock clock;

  UsageView(UsageStore store, Clock clock) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
  }

  /** @return {@code {"zone":..,"byDay":{"2026-12-02":{"calls":n,"cost":{"USD":x}}},"byHour":..,"byModule":..,"byAnalysisType":..}} */
  ObjectNode json() {
    UsageReport report = new UsageAnalytics().report(store,
        UsagePeriod.lastDays(DAYS, clock, UsageAnalytics.DEFAULT_ZONE));
    ObjectNode root = JSON.createObjectNode().put("zone", report.zone());
    put(root.putObject("byDay"), report.byDay());
    put(root.putObject("byHour"), report.byHour());
    put(root.putObject("byModule"), report.byModule());
    put(root.putObject("byAnalysisType"), report.byAnalysisType());
    return root;
  }

  private static void put(ObjectNode out, Map<?, UsageSummary> groups) {
    groups.forEach((key, summary) -> {
      ObjectNode group = out.putObject(String.valueOf(key)).put("calls", summary.calls());
      ObjectNode cost = group.putObject("cost");
      summary.costByCurrency().forEach((currency, amount) -> cost.put(currency, amount));
    });
  }
}
