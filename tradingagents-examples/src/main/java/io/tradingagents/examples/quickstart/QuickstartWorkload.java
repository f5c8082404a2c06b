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
 * {@link SimulatedUpstream} as the loader. Then the analysts write the symbol's analyses, again through the
 * cache ({@link DataKind#ANALYSIS}, one key per analysis type and day) with an {@link AnalystTeam} as the
 * loader: three LLM calls per analysis, recorded as usage. Every symbol gets a {@value #COMPREHENSIVE}
 * analysis; every other symbol (the first, third, ... of the watchlist) also a {@value #TECHNICAL} one. The
 * first round starts cold; the warm rounds ask again, as the next agents of the same analysis would, and
 * find the data and the analyses in the cache.
 *
 * <p>Requests run one after another so that each latency is that of one request alone (only the data
 * requests are timed). Not thread-safe: run one workload at a time; it may be run again on another cache.
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
  /** The analysis type written for every symbol. */
  public static final String COMPREHENSIVE = "comprehensive";
  /** The analysis type written for every other symbol. */
  public static final String TECHNICAL = "technical";

  private static final int PRICE_HISTORY_DAYS = 90;
  private static final int NEWS_DAYS = 7;
  private static final String FUNDAMENTALS_PERIOD = "ttm";

  private final List<String> watchlist;
  private final int warmRounds;
  private final LocalDate asOf;
  private final SimulatedUpstream upstream;
  private final AnalystTeam analysts;
  /** Keys hash their parameters once when built, so they are built once here and reused every round. */
  private final List<SymbolPlan> plans;
  private final int requestsPerRound;
  private final int analysesPerRound;

  /**
   * @param watchlist the symbols, at least one; see {@link CacheKey.Builder#symbol} for valid ones
   * @param warmRounds rounds after the cold one, at least 0
   * @param asOf the last day of every date range asked for
   * @param upstream the loader of every data miss
   * @param analysts the loader of every analysis miss
   * @throws IllegalArgumentException if the watchlist is empty or {@code warmRounds} is negative
   */
  public QuickstartWorkload(List<String> watchlist, int warmRounds, LocalDate asOf,
      SimulatedUpstream upstream, AnalystTeam analysts) {
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
    this.analysts = requireNonNull(analysts, "analysts");
    List<SymbolPlan> all = new ArrayList<>();
    for (int i = 0; i < this.watchlist.size(); i++) {
      String symbol = this.watchlist.get(i);
      List<Request> data = new ArrayList<>();
      for (DataKind kind : KINDS) {
        data.add(new Request(symbol, kind, keyFor(symbol, kind)));
      }
      List<AnalysisRequest> analyses = new ArrayList<>();
      for (String type : analysisTypes(i)) {
        analyses.add(new AnalysisRequest(type, analysisKey(symbol, type)));
      }
      all.add(new SymbolPlan(List.copyOf(data), List.copyOf(analyses)));
    }
    this.plans = List.copyOf(all);
    this.requestsPerRound = plans.stream().mapToInt(plan -> plan.data().size()).sum();
    this.analysesPerRound = plans.stream().mapToInt(plan -> plan.analyses().size()).sum();
  }

  /**
   * @param index a symbol's position in the watchlist, from 0
   * @return the analysis types written for it: {@value #COMPREHENSIVE}, and {@value #TECHNICAL} for every
   *     other symbol (even positions)
   */
  public static List<String> analysisTypes(int index) {
    return index % 2 == 0 ? List.of(COMPREHENSIVE, TECHNICAL) : List.of(COMPREHENSIVE);
  }

  /**
   * Plays one cold round and the warm rounds through {@code cache}.
   *
   * @param cache the cache; left open
   * @return what was measured, including the cache's stats, savings and backend info at the end
   * @throws io.tradingagents.cache.CacheLoadException if the upstream fails (it does only when interrupted)
   *     or an analysis cannot be written (e.g. the usage store cannot be written)
   */
  public WorkloadResult run(AdaptiveCache cache) {
    requireNonNull(cache, "cache");
    List<RoundResult> rounds = new ArrayList<>();
    List<long[]> warmLatencies = new ArrayList<>();
    for (int round = 0; round <= warmRounds; round++) {
      long[] latencies = new long[requestsPerRound];
      rounds.add(runRound(cache, round, latencies));
      if (round > 0) {
        warmLatencies.add(latencies);
      }
    }
    long[] warm = warmLatencies.stream().flatMapToLong(Arrays::stream).toArray();
    return new WorkloadResult(watchlist, KINDS.size(), analysesPerRound, rounds, LatencySummary.of(warm),
        cache.stats(), cache.savings(), cache.backendInfo());
  }

  private RoundResult runRound(AdaptiveCache cache, int number, long[] latencies) {
    CacheStats before = cache.stats();
    Map<Currency, BigDecimal> spent = new HashMap<>();
    Map<Currency, BigDecimal> saved = new HashMap<>();
    Map<Currency, BigDecimal> llmSaved = new HashMap<>();
    long upstreamCalls = 0;
    long written = 0;
    long llmCallsBefore = analysts.llmCalls();
    int i = 0;
    for (SymbolPlan plan : plans) {
      Map<DataKind, Object> data = new HashMap<>();
      for (Request request : plan.data()) {
        long callsBefore = upstream.totalCalls();
        long start = System.nanoTime();
        Object value = fetch(cache, request);
        latencies[i++] = System.nanoTime() - start;
        data.put(request.kind(), requireNonNull(value, "the simulated upstream always has data"));

        boolean loaded = upstream.totalCalls() > callsBefore;
        SimulatedUpstream.Provider provider = SimulatedUpstream.Provider.of(request.key().market());
        (loaded ? spent : saved).merge(provider.currency(), provider.pricePerCall(request.kind()),
            BigDecimal::add);
        upstreamCalls += loaded ? 1 : 0;
      }
      for (AnalysisRequest analysis : plan.analyses()) {
        boolean[] loaded = new boolean[1];
        AnalysisDigest digest = cache.get(analysis.key(), AnalysisDigest.class, key -> {
          loaded[0] = true;
          return analysts.write(analysis.type(), asOf, (PriceHistory) data.get(DataKind.STOCK_DATA),
              (NewsDigest) data.get(DataKind.NEWS), (Fundamentals) data.get(DataKind.FUNDAMENTALS));
        });
        requireNonNull(digest, "the analysts always write an analysis");
        if (loaded[0]) {
          written++;
        } else {
          llmSaved.merge(Currency.getInstance(digest.currency()), digest.cost(), BigDecimal::add);
        }
      }
    }
    CacheStats after = cache.stats();
    long hits = (after.hits() + after.negativeHits()) - (before.hits() + before.negativeHits());
    return new RoundResult(number, requestsPerRound, upstreamCalls, analysesPerRound, written,
        analysts.llmCalls() - llmCallsBefore, hits, after.requests() - before.requests(),
        LatencySummary.of(latencies), spent, saved, llmSaved);
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

  /**
   * The key of one analysis: the LLM that writes it and the day of its data are part of it, so another
   * model's or day's analysis is never answered with this entry.
   */
  private CacheKey analysisKey(String symbol, String analysisType) {
    Market market = Market.detect(symbol);
    SimulatedLlm.Model model = SimulatedLlm.Model.of(market);
    return CacheKey.builder(DataKind.ANALYSIS, symbol)
        .namespace(NAMESPACE)
        .market(market)
        .source(model.provider())
        .dateRange(asOf, asOf)
        .param("type", analysisType)
        .param("model", model.model())
        .build();
  }

  private LocalDate priceHistoryStart() {
    return asOf.minusDays(PRICE_HISTORY_DAYS - 1);
  }

  private LocalDate newsStart() {
    return asOf.minusDays(NEWS_DAYS - 1);
  }

  /** One value an analyst asks for, with its key built once. */
  private record Request(String symbol, DataKind kind, CacheKey key) {}

  /** One analysis the analysts write, with its key built once. */
  private record AnalysisRequest(String type, CacheKey key) {}

  /** What is asked for one symbol per round: its data, then its analyses. */
  private record SymbolPlan(List<Request> data, List<AnalysisRequest> analyses) {}
}
