package io.tradingagents.examples.tradingweek;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.AdaptiveCacheBuilder;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.Market;
import io.tradingagents.cache.TtlPolicy;
import io.tradingagents.market.MarketExpiryPolicy;
import io.tradingagents.market.RefreshAhead;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The trading-week example: one week of reads, Monday 2026-06-15 00:00 UTC to the next Monday, on an
 * injected clock, played through the cache once per expiry policy, printing for each the upstream calls
 * (split into calls while the market trades, on a trading day outside the session, and on a weekend or
 * holiday), the hit rate and the stale-served reads. Friday 19 June is a holiday on both markets
 * (Juneteenth in New York, the Dragon Boat Festival in Shanghai), so the week has a three-day weekend.
 *
 * <p>The policies:
 * <ol type="a">
 *   <li>the flat TTL table ({@link TtlPolicy#defaults()}: stock data 2 h in the US, 1 h in China);
 *   <li>market-aware expiry ({@link MarketExpiryPolicy}: 5 minutes while the market trades, until the next
 *       open plus 1 minute plus up to 5 minutes of jitter while it is closed, 30 days for completed days);
 *   <li>market-aware expiry plus refresh-ahead ({@link RefreshAhead} for stock data, its defaults: hot keys
 *       reloaded 30 s before they expire, and 5 minutes before the open for entries that last past it;
 *       5 reloads a second per source). The cache runs refresh rounds on wall-clock time, which a simulated
 *       week does not have, so the example runs one round per 10 simulated seconds itself with
 *       {@link io.tradingagents.cache.AdaptiveCache#refreshNow()}.
 * </ol>
 *
 * <pre>
 * mvn -B -q -DskipTests -Ptrading-week package            # from the repository root
 * </pre>
 *
 * <p>Every figure is computed by the run; the jitter's random source is seeded, so two runs print the
 * same table.
 */
public final class TradingWeek {
  /** The first read: Monday 2026-06-15 00:00 UTC. */
  public static final Instant START = Instant.parse("2026-06-15T00:00:00Z");
  /** The end of the week, exclusive: the next Monday 00:00 UTC. */
  public static final Instant END = START.plus(Duration.ofDays(7));
  /** The time between two rounds of reads. */
  public static final Duration CADENCE = Duration.ofMinutes(10);
  /** The symbols read, per market. */
  public static final Map<Market, List<String>> WATCHLISTS = Map.of(
      Market.US, List.of("AAPL", "MSFT", "NVDA", "AMZN"),
      Market.CHINA_A, List.of("600519", "000001", "300750", "601318"));

  private TradingWeek() {}

  /**
   * Prints the table to standard output.
   *
   * @param args none
   */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    print(run(), out);
    out.flush();
  }

  /** A policy to compare: its label, how it configures the cache, and what runs every simulated step. */
  record Variant(String label, UnaryOperator<AdaptiveCacheBuilder> configure, Consumer<AdaptiveCache> eachStep) {}

  /** @return the policies compared, in order */
  static List<Variant> variants() {
    List<Variant> variants = new ArrayList<>();
    variants.add(new Variant("(a) flat TTL table", b -> b.ttlPolicy(TtlPolicy.defaults()), cache -> { }));
    variants.add(new Variant("(b) market-aware", b -> b.ttlPolicy(marketAware()), cache -> { }));
    // the round's tick is wall-clock time: an hour keeps the background round out of a one-second run
    variants.add(new Variant("(c) + refresh-ahead", b -> b.ttlPolicy(marketAware()).refreshAhead(RefreshAhead.builder()
        .kinds(DataKind.STOCK_DATA).tick(Duration.ofHours(1)).build()),
        AdaptiveCache::refreshNow));
    return variants;
  }

  private static TtlPolicy marketAware() {
    return TtlPolicy.builder()
        .expiry(DataKind.STOCK_DATA, MarketExpiryPolicy.builder().random(new Random(15)).build()).build();
  }

  /** @return one result per {@linkplain #variants() variant}, in order */
  public static List<WeekResult> run() {
    TradingWeekSimulation week = new TradingWeekSimulation(START, END, CADENCE, WATCHLISTS);
    return variants().stream().map(v -> week.run(v.label(), v.configure(), v.eachStep())).toList();
  }

  /**
   * @param results the results to print
   * @param out where to print them
   */
  static void print(List<WeekResult> results, PrintWriter out) {
    out.printf(Locale.ROOT, "Trading week %s to %s, reads every %d min around the clock%n", START, END,
        CADENCE.toMinutes());
    WATCHLISTS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.printf(Locale.ROOT,
        "  %s watchlist: %s (latest quote + 20 daily bars each)%n", e.getKey().code(), String.join(" ", e.getValue())));
    out.println("  Friday 2026-06-19: Juneteenth (US) and Dragon Boat Festival (CN), both markets closed");
    out.println();
    String format = "%-20s %6s %9s %9s %8s %11s %15s %16s %13s %12s%n";
    out.printf(Locale.ROOT, format, "policy", "reads", "hit rate", "upstream", "refresh", "in session",
        "weekday closed", "weekend/holiday", "stale served", "worst stale");
    for (WeekResult r : results) {
      out.printf(Locale.ROOT, format, r.policy(), r.reads(), String.format(Locale.ROOT, "%.1f%%", r.hitRate() * 100),
          r.upstreamCalls(), r.refreshCalls(), r.callsInSession(), r.callsWeekdayClosed(), r.callsClosedDay(),
          r.staleServed(), r.worstStaleness().toMinutes() + " min");
    }
    out.println();
    out.println("upstream = in session + weekday closed + weekend/holiday = misses + refresh (background reloads);");
    out.println("reads = cache hits + misses.");
    out.println("stale served: reads answered with a quote the market has traded past (a minute or more of");
    out.println("trading since its price); worst stale: the most trading time between a served quote's price and the read.");
  }
}
