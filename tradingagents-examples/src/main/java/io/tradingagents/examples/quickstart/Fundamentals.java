package io.tradingagents.examples.quickstart;

import static java.util.Objects.requireNonNull;

/**
 * Key ratios of one company for one reporting period, as a fundamentals API returns them. Immutable and
 * serializable by the cache's Jackson codec.
 *
 * @param symbol the ticker symbol
 * @param source the upstream that produced it
 * @param period the reporting period, e.g. {@code ttm} (trailing twelve months)
 * @param currency ISO 4217 code of {@code revenueMillions}
 * @param revenueMillions revenue in millions of {@code currency}
 * @param netMargin net income / revenue
 * @param returnOnEquity net income / shareholders' equity
 * @param priceToEarnings price / earnings per share
 * @param priceToBook price / book value per share
 */
public record Fundamentals(String symbol, String source, String period, String currency,
    double revenueMillions, double netMargin, double returnOnEquity, double priceToEarnings,
    double priceToBook) {

  /** Checks the fields. */
  public Fundamentals {
    requireNonNull(symbol, "symbol");
    requireNonNull(source, "source");
    requireNonNull(period, "period");
    requireNonNull(currency, "currency");
  }
}
