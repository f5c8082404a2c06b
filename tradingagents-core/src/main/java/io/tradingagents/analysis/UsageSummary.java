package io.tradingagents.analysis;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * Totals of a group of usage records. Costs stay per currency: they are never added across currencies.
 *
 * @param calls number of records
 * @param inputTokens tokens read
 * @param outputTokens tokens written
 * @param costByCurrency cost per ISO 4217 code, sorted by code
 */
public record UsageSummary(long calls, long inputTokens, long outputTokens,
    Map<String, BigDecimal> costByCurrency) {

  /* Copies the costs into a sorted, unmodifiable map. */
  public UsageSummary {
    costByCurrency = java.util.Collections.unmodifiableMap(new TreeMap<>(costByCurrency));
  }

  /** A running total; not thread-safe. */
  static final class Accumulator {
    private long calls;
    private long inputTokens;
    private long outputTokens;
    private final Map<String, BigDecimal> cost = new TreeMap<>();

    void add(UsageRecord record) {
      calls++;
      inputTokens += record.inputTokens();
      outputTokens += record.outputTokens();
      cost.merge(record.cost().currency().getCurrencyCode(), record.cost().amount(), BigDecimal::add);
    }

    UsageSummary freeze() {
      Map<String, BigDecimal> stripped = new TreeMap<>();
      cost.forEach((currency, amount) -> {
        BigDecimal plain = amount.stripTrailingZeros();
        stripped.put(currency, plain.scale() < 0 ? plain.setScale(0) : plain); // 100, never 1E+2
      });
      return new UsageSummary(calls, inputTokens, outputTokens, stripped);
    }
  }
}
