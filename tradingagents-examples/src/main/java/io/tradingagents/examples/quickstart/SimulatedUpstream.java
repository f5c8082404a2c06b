package io.tradingagents.examples.quickstart;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.AdaptiveCacheBuilder;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.Market;
import io.tradingagents.cache.UpstreamCost;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A stand-in for the slow, paid market-data APIs an analysis application calls: price history, news and
 * fundamentals. Every answer is deterministic (seeded by symbol and data kind), every call takes a
 * deterministic 20 to 80 ms (paid through an injectable {@link Delay}, so tests pay nothing) and costs a
 * fixed price in its provider's billing currency (see {@link Provider}).
 *
 * <p>Thread-safe. It counts its calls, in total and per (symbol, kind), so that callers can check what the
 * cache saved.
 */
public final class SimulatedUpstream {
  /** Fastest simulated call. */
  public static final Duration MIN_LATENCY = Duration.ofMillis(20);
  /** Slowest simulated call. */
  public static final Duration MAX_LATENCY = Duration.ofMillis(80);

  private static final List<String> GOOD_NEWS = List.of(
      "%s beats quarterly revenue estimates", "Analysts raise %s price target",
      "%s announces share buyback", "%s wins large new contract");
  private static final List<String> BAD_NEWS = List.of(
      "%s misses earnings expectations", "Regulator opens inquiry into %s",
      "%s cuts full-year guidance", "Key executive leaves %s");

  private final Delay delay;
  private final AtomicLong totalCalls = new AtomicLong();
  private final Map<Call, LongAdder> callsByKey = new ConcurrentHashMap<>();

  /**
   * @param delay pays the simulated latency of each call: {@link Delay#sleeping()} in the quickstart,
   *     {@link Delay#none()} in tests
   */
  public SimulatedUpstream(Delay delay) {
    this.delay = requireNonNull(delay, "delay");
  }

  /**
   * Daily bars of one symbol, one per weekday in the range.
   *
   * @param symbol the ticker symbol
   * @param from first day, inclusive
   * @param to last day, inclusive
   * @return the history, never null
   * @throws InterruptedException if interrupted while waiting out the simulated latency
   */
  public PriceHistory priceHistory(String symbol, LocalDate from, LocalDate to) throws InterruptedException {
    Market market = Market.detect(symbol);
    SplittableRandom random = call(symbol, DataKind.STOCK_DATA);
    double price = 10 + random.nextDouble(490);
    List<PriceHistory.Bar> bars = new ArrayList<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      if (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
        continue;
      }
      double open = price;
      double close = Math.max(1, open * (1 + 0.015 * random.nextGaussian()));
      double high = Math.max(open, close) * (1 + 0.01 * random.nextDouble());
      double low = Math.min(open, close) * (1 - 0.01 * random.nextDouble());
      bars.add(new PriceHistory.Bar(day, cents(open), cents(high), cents(low), cents(close),
          500_000 + random.nextLong(20_000_000)));
      price = close;
    }
    return new PriceHistory(symbol, Provider.of(market).source(), tradingCurrency(market), from, to, bars);
  }

  /**
   * Headlines about one symbol, newest first.
   *
   * @param symbol the ticker symbol
   * @param from first day, inclusive
   * @param to last day, inclusive
   * @return the digest, never null
   * @throws InterruptedException if interrupted while waiting out the simulated latency
   */
  public NewsDigest news(String symbol, LocalDate from, LocalDate to) throws InterruptedException {
    SplittableRandom random = call(symbol, DataKind.NEWS);
    long days = to.toEpochDay() - from.toEpochDay() + 1;
    int count = 3 + random.nextInt(5);
    List<NewsDigest.Headline> headlines = new ArrayList<>();
    double sentimentSum = 0;
    for (int i = 0; i < count; i++) {
      boolean good = random.nextDouble() < 0.6;
      List<String> templates = good ? GOOD_NEWS : BAD_NEWS;
      double sentiment = cents((good ? 1 : -1) * (0.2 + 0.8 * random.nextDouble()));
      LocalDate date = to.minusDays(Math.min(days - 1, (long) i * days / count));
      headlines.add(new NewsDigest.Headline(date,
          String.format(templates.get(random.nextInt(templates.size())), symbol), sentiment));
      sentimentSum += sentiment;
    }
    return new NewsDigest(symbol, Provider.of(Market.detect(symbol)).source(), from, to, headlines,
        cents(sentimentSum / count));
  }

  /**
   * Key ratios of one company.
   *
   * @param symbol the ticker symbol
   * @param period the reporting period, e.g. {@code ttm}
   * @return the ratios, never null
   * @throws InterruptedException if interrupted while waiting out the simulated latency
   */
  public Fundamentals fundamentals(String symbol, String period) throws InterruptedException {
    Market market = Market.detect(symbol);
    SplittableRandom random = call(symbol, DataKind.FUNDAMENTALS);
    return new Fundamentals(symbol, Provider.of(market).source(), period, tradingCurrency(market),
        cents(1_000 + random.nextDouble(400_000)), cents(0.02 + random.nextDouble(0.35)),
        cents(0.03 + random.nextDouble(0.40)), cents(6 + random.nextDouble(60)),
        cents(0.6 + random.nextDouble(15)));
  }

  /**
   * The simulated latency of one call: the same for every call of a (symbol, kind).
   *
   * @param symbol the ticker symbol
   * @param kind the data kind
   * @return between {@link #MIN_LATENCY} and {@link #MAX_LATENCY}, inclusive
   */
  public static Duration latencyOf(String symbol, DataKind kind) {
    long spread = MAX_LATENCY.toMillis() - MIN_LATENCY.toMillis() + 1;
    return MIN_LATENCY.plusMillis(Math.floorMod(seed(symbol, kind) >>> 17, spread));
  }

  /** @return calls made since this upstream was created */
  public long totalCalls() {
    return totalCalls.get();
  }

  /** @return calls made per (symbol, kind) since this upstream was created; a snapshot */
  public Map<Call, Long> callsBySymbolAndKind() {
    Map<Call, Long> snapshot = new HashMap<>();
    callsByKey.forEach((call, count) -> snapshot.put(call, count.sum()));
    return Map.copyOf(snapshot);
  }

  private SplittableRandom call(String symbol, DataKind kind) throws InterruptedException {
    delay.pause(latencyOf(symbol, kind));
    totalCalls.incrementAndGet();
    callsByKey.computeIfAbsent(new Call(symbol, kind), c -> new LongAdder()).increment();
    return new SplittableRandom(seed(symbol, kind));
  }

  private static long seed(String symbol, DataKind kind) {
    return seed(symbol + '|' + kind.name());
  }

  /**
   * A seed computed from the characters alone, so it is the same in every run and JVM.
   *
   * @param text what the seed stands for, e.g. {@code AAPL|news}
   * @return the seed
   */
  static long seed(String text) {
    long h = 1125899906842597L;
    for (int i = 0; i < text.length(); i++) {
      h = 31 * h + text.charAt(i);
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }

  private static String tradingCurrency(Market market) {
    switch (market) {
      case CHINA_A: return "CNY";
      case HONG_KONG: return "HKD";
      default: return "USD";
    }
  }

  private static double cents(double value) {
    return Math.round(value * 100) / 100.0;
  }

  /**
   * One (symbol, kind) pair the upstream was asked for.
   *
   * @param symbol the ticker symbol as passed
   * @param kind the data kind
   */
  public record Call(String symbol, DataKind kind) {}

  /**
   * The simulated data providers and what one call costs. Each provider bills in one currency; amounts in
   * different currencies are never added together.
   */
  public enum Provider {
    /** US data, billed in US dollars. */
    POLYGON("polygon", "USD", "0.0040", "0.0100", "0.0250"),
    /** A-share and Hong Kong data, billed in renminbi. */
    TUSHARE("tushare", "CNY", "0.0300", "0.0800", "0.2000");

    private final String source;
    private final Currency currency;
    private final BigDecimal stockDataPrice;
    private final BigDecimal newsPrice;
    private final BigDecimal fundamentalsPrice;

    Provider(String source, String currency, String stockData, String news, String fundamentals) {
      this.source = source;
      this.currency = Currency.getInstance(currency);
      this.stockDataPrice = new BigDecimal(stockData);
      this.newsPrice = new BigDecimal(news);
      this.fundamentalsPrice = new BigDecimal(fundamentals);
    }

    /**
     * @param market a market
     * @return the provider that serves it
     */
    public static Provider of(Market market) {
      return market == Market.US ? POLYGON : TUSHARE;
    }

    /** @return the source name used in cache keys */
    public String source() {
      return source;
    }

    /** @return the currency this provider bills in */
    public Currency currency() {
      return currency;
    }

    /**
     * @param kind one of stock data, news or fundamentals
     * @return the price of one call, in {@link #currency()}
     * @throws IllegalArgumentException if the provider does not sell that kind
     */
    public BigDecimal pricePerCall(DataKind kind) {
      if (kind.equals(DataKind.STOCK_DATA)) {
        return stockDataPrice;
      }
      if (kind.equals(DataKind.NEWS)) {
        return newsPrice;
      }
      if (kind.equals(DataKind.FUNDAMENTALS)) {
        return fundamentalsPrice;
      }
      throw new IllegalArgumentException(source + " does not sell " + kind
          + " data; use stock_data, news or fundamentals");
    }
  }

  /**
   * Declares every provider's price per call to the cache, per market and data kind, so that
   * {@link io.tradingagents.cache.AdaptiveCache#savings()} prices the calls the cache avoided.
   *
   * @param builder the cache's builder
   * @return {@code builder}
   */
  public static AdaptiveCacheBuilder declareUpstreamCosts(AdaptiveCacheBuilder builder) {
    requireNonNull(builder, "builder");
    for (Market market : Market.values()) {
      Provider provider = Provider.of(market);
      for (DataKind kind : List.of(DataKind.STOCK_DATA, DataKind.NEWS, DataKind.FUNDAMENTALS)) {
        builder.upstreamCost(kind, market, UpstreamCost.of(provider.pricePerCall(kind).toPlainString(),
            provider.currency().getCurrencyCode()));
      }
    }
    return builder;
  }

  /** Pays the simulated latency of a call. */
  @FunctionalInterface
  public interface Delay {
    /**
     * @param latency how long the call takes
     * @throws InterruptedException if interrupted while waiting
     */
    void pause(Duration latency) throws InterruptedException;

    /** @return a delay that really waits, like a remote API would */
    static Delay sleeping() {
      return latency -> Thread.sleep(latency.toMillis());
    }

    /** @return a delay that returns at once, for tests */
    static Delay none() {
      return latency -> { };
    }
  }
}
