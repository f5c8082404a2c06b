package io.tradingagents.examples.quickstart;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.CacheStats;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.Market;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The analysis workload of the quickstart: for every symbol of a watchlist, an analyst agent asks for
 * 90 days of daily prices, the last week of news and the trailing-twelve-month fundamentals, each through
 * {@link AdaptiveCache#get(CacheKey, Class, io.tradingagents.cache.CacheLoader)} with a
 * {@link SimulatedUpstream} as the loader. The first round starts cold; the warm rounds ask again, as the
 * next agents of the same analysis would.
 *
 * <p>Requests run one after another so that each latency is that of one request alone. Not thread-safe:
 * run one workload at a time; it may be run again on another cache.
 */
public final class QuickstartWorkload {
  /** A watchlist across the three markets the cache knows, including symbols of unusual shape. */
  public static final List<String> DEFAULT_WATCHLIST = List.of(
      "AAPL", "MSFT", "NVDA", "GOOGL", "AMZN", "BRK.B", // US
      "000001", "600519", "300750", "601318",           // A-share: Ping An Bank, Moutai, CATL, Ping An
      "0700.HK", "09988", "3690.HK", "00941");          // Hong Kong: Tencent, Alibaba, Meituan, China Mobile
  /** The data kinds asked for per symbol, in request order. */
  public static final List<DataKind> KINDS =
      List.of(DataKind.STOCK_DATA, DataKind.NEWS, DataKind.FUNDAMENTALS);
  /** The namespace of the quickstart's keys, so that they never mix with an application's entries. */
  public static final String NAMESPACE = "quickstart";

  private static final int PRICE_HISTORY_DAYS = 90;
  private static final int NEWS_DAYS = 7;
  private static final String FUNDAMENTALS_PERIOD = "ttm";

  private final List<String> watchlist;
  private final int warmRounds;
  private final LocalDate asOf;
  private final SimulatedUpstream upstream;
  /** Keys hash their parameters once when built, so they are built once here and reused every round. */
  private final List<Request> requests;

  /**
   * @param watchlist the symbols, at least one; see {@link CacheKey.Builder#symbol} for valid ones
   * @param warmRounds rounds after the cold one, at least 0
   * @param asOf the last day of every date range asked for
   * @param upstream the loader of every miss
   * @throws IllegalArgumentException if the watchlist is empty or {@code warmRounds} is negative
   */
  public QuickstartWorkload(List<String> watchlist, int warmRounds, LocalDate asOf,
      SimulatedUpstream upstream) {
    if (watchlist.isEmpty()) {
      throw new IllegalArgumentException("watchlist must name at least one symbol");
    }
    if (warmRounds < 0) {
      throw new IllegalArgumentException("warmRounds must be >= 0 but was " + warmRounds);
    }
    this.watchlist = List.copyOf(watchlist);
    this.warmRounds = warmRounds;
    this.asOf = requireNonNull(asOf, "asOf");
    this.upstream = requireNonNull(upstream, "upstream");
    List<Request> all = new ArrayList<>();
    for (String symbol : this.watchlist) {
      for (DataKind kind : KINDS) {
        all.add(new Request(symbol, kind, keyFor(symbol, kind)));
      }
    }
    this.requests = List.copyOf(all);
  }

  /**
   * Plays one cold round and the warm rounds through {@code cache}.
   *
   * @param cache the cache; left open
   * @return what was measured, including the cache's stats and backend info at the end
   * @throws io.tradingagents.cache.CacheLoadException if the upstream fails (it does only when interrupted)
   */
  public WorkloadResult run(AdaptiveCache cache) {
    requireNonNull(cache, "cache");
    List<RoundResult> rounds = new ArrayList<>();
    List<long[]> warmLatencies = new ArrayList<>();
    for (int round = 0; round <= warmRounds; round++) {
      long[] latencies = new long[requests.size()];
      rounds.add(runRound(cache, round, latencies));
      if (round > 0) {
        warmLatencies.add(latencies);
      }
    }
    long[] warm = warmLatencies.stream().flatMapToLong(Arrays::stream).toArray();
    return new WorkloadResult(watchlist, KINDS.size(), rounds, LatencySummary.of(warm), cache.stats(),
        cache.backendInfo());
  }

  private RoundResult runRound(AdaptiveCache cache, int number, long[] latencies) {
    CacheStats before = cache.stats();
    Map<Currency, BigDecimal> spent = new HashMap<>();
    Map<Currency, BigDecimal> saved = new HashMap<>();
    long upstreamCalls = 0;
    for (int i = 0; i < requests.size(); i++) {
      Request request = requests.get(i);
      long callsBefore = upstream.totalCalls();
      long start = System.nanoTime();
      Object value = fetch(cache, request);
      latencies[i] = System.nanoTime() - start;
      requireNonNull(value, "the simulated upstream always has data");

      boolean loaded = upstream.totalCalls() > callsBefore;
      SimulatedUpstream.Provider provider = SimulatedUpstream.Provider.of(request.key().market());
      (loaded ? spent : saved).merge(provider.currency(), provider.pricePerCall(request.kind()),
          BigDecimal::add);
      upstreamCalls += loaded ? 1 : 0;
    }
    CacheStats after = cache.stats();
    long hits = (after.hits() + after.negativeHits()) - (before.hits() + before.negativeHits());
    return new RoundResult(number, requests.size(), upstreamCalls, hits,
        after.requests() - before.requests(), LatencySummary.of(latencies), spent, saved);
  }

  /** The three calls an analyst makes per symbol: each names its value type and its loader. */
  private @Nullable Object fetch(AdaptiveCache cache, Request request) {
    CacheKey key = request.key();
    String symbol = request.symbol();
    if (request.kind().equals(DataKind.STOCK_DATA)) {
      return cache.get(key, PriceHistory.class,
          k -> upstream.priceHistory(symbol, priceHistoryStart(), asOf));
    }
    if (request.kind().equals(DataKind.NEWS)) {
      return cache.get(key, NewsDigest.class, k -> upstream.news(symbol, newsStart(), asOf));
    }
    return cache.get(key, Fundamentals.class, k -> upstream.fundamentals(symbol, FUNDAMENTALS_PERIOD));
  }

  /**
   * The key of one request: the source and the date range are part of it, so a different provider or
   * range is never answered with this entry.
   *
   * @param symbol the ticker symbol
   * @param kind one of {@link #KINDS}
   * @return the key
   */
  private CacheKey keyFor(String symbol, DataKind kind) {
    Market market = Market.detect(symbol);
    CacheKey.Builder key = CacheKey.builder(kind, symbol)
        .namespace(NAMESPACE)
        .market(market)
        .source(SimulatedUpstream.Provider.of(market).source());
    if (kind.equals(DataKind.STOCK_DATA)) {
      key.dateRange(priceHistoryStart(), asOf).param("interval", "1d");
    } else if (kind.equals(DataKind.NEWS)) {
      key.dateRange(newsStart(), asOf);
    } else {
      key.param("period", FUNDAMENTALS_PERIOD);
    }
    return key.build();
  }

  private LocalDate priceHistoryStart() {
    return asOf.minusDays(PRICE_HISTORY_DAYS - 1);
  }

  private LocalDate newsStart() {
    return asOf.minusDays(NEWS_DAYS - 1);
  }

  /** One value an analyst asks for, with its key built once. */
  private record Request(String symbol, DataKind kind, CacheKey key) {}
}
