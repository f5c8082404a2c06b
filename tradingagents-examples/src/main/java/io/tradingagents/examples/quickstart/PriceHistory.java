package io.tradingagents.examples.quickstart;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.List;

/**
 * Daily price history of one symbol over a date range, as a market-data API returns it. Immutable (the
 * cache hands the same instance to every reader) and serializable by the cache's Jackson codec.
 *
 * @param symbol the ticker symbol
 * @param source the upstream that produced it, e.g. {@code polygon}
 * @param currency ISO 4217 code of the prices (the trading currency: USD, CNY or HKD)
 * @param from first day asked for, inclusive
 * @param to last day asked for, inclusive
 * @param bars one bar per trading day, oldest first; unmodifiable
 */
public record PriceHistory(String symbol, String source, String currency, LocalDate from, LocalDate to,
    List<Bar> bars) {

  /** Checks the fields and copies the bars. */
  public PriceHistory {
    requireNonNull(symbol, "symbol");
    requireNonNull(source, "source");
    requireNonNull(currency, "currency");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    bars = List.copyOf(bars);
  }

  /**
   * One trading day.
   *
   * @param date the trading day
   * @param open opening price
   * @param high highest price
   * @param low lowest price
   * @param close closing price
   * @param volume shares traded
   */
  public record Bar(LocalDate date, double open, double high, double low, double close, long volume) {

    /** Checks the date. */
    public Bar {
      requireNonNull(date, "date");
    }
  }
}
