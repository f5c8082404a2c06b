package io.tradingagents.examples.spring;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Stands in for a paid market-data API (no network): deterministic prices, and a count of the calls it
 * was asked, which is what the cache saves. Thread-safe.
 */
@Component
public class Upstream {
  private final AtomicInteger calls = new AtomicInteger();

  /** @return how many calls reached the upstream */
  public int calls() {
    return calls.get();
  }

  Quote quote(String symbol) {
    calls.incrementAndGet();
    return new Quote(symbol, price(symbol, LocalDate.now()), "USD");
  }

  PriceHistory history(String symbol, LocalDate from, LocalDate to, String source) {
    calls.incrementAndGet();
    List<PriceHistory.Bar> bars = new ArrayList<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      bars.add(new PriceHistory.Bar(day, price(symbol, day)));
    }
    return new PriceHistory(symbol, source, List.copyOf(bars));
  }

  Headlines headlines(String symbol) {
    calls.incrementAndGet();
    return new Headlines(symbol, List.of(symbol + " beats estimates", symbol + " announces buyback"));
  }

  private static double price(String symbol, LocalDate day) {
    return 100 + Math.floorMod(symbol.hashCode() + day.getDayOfYear(), 50);
  }

  /** A last price. */
  public record Quote(String symbol, double price, String currency) {}

  /**
   * Daily closes.
   *
   * @param symbol the symbol
   * @param source the upstream source
   * @param bars one per day
   */
  public record PriceHistory(String symbol, String source, List<Bar> bars) {
    /** One day's close. */
    public record Bar(LocalDate day, double close) {}
  }

  /** News headlines of a symbol. */
  public record Headlines(String symbol, List<String> titles) {}
}
