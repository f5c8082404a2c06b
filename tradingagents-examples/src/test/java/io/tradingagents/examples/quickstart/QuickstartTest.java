package io.tradingagents.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tradingagents.analysis.CostAlert;
import io.tradingagents.analysis.PricingTable;
import io.tradingagents.analysis.UsageAnalytics;
import io.tradingagents.analysis.UsagePeriod;
import io.tradingagents.analysis.UsageReport;
import io.tradingagents.analysis.UsageSummary;
import io.tradingagents.analysis.file.FileStores;
import io.tradingagents.analysis.file.FileUsageStore;
import io.tradingagents.analysis.file.FsyncPolicy;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheSavings;
import io.tradingagents.cache.CacheStats;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.Market;
import io.tradingagents.cache.PerformanceMode;
import io.tradingagents.cache.spi.MemoryTier;
import io.tradingagents.cache.spi.TierKind;
import io.tradingagents.monitoring.SlowOperations;
import io.tradingagents.monitoring.UsageMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the quickstart workload in-process against a zero-latency upstream and checks its numbers: the cache
 * must turn every warm request and analysis into a hit, the usage summary must hold exactly the cold round's
 * LLM calls (priced from the pricing table and the simulated LLM's deterministic tokens), and every cost
 * must stay per currency.
 */
class QuickstartTest {
  /** Two symbols per market, including the shapes that need market detection (BRK.B, 09988). */
  static final List<String> WATCHLIST = List.of("AAPL", "BRK.B", "600519", "000001", "0700.HK", "09988");
  static final int WARM_ROUNDS = 3;
  static final LocalDate AS_OF = LocalDate.of(2025, 6, 30);
  /** 10:00 on {@link #AS_OF} in Asia/Shanghai, the usage tracker's zone: every record falls on that day. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-30T02:00:00Z"), ZoneOffset.UTC);
  /** A comprehensive analysis for every symbol, a technical one for AAPL, 600519 and 0700.HK. */
  static final int ANALYSES = 9;
  private static final int DATA_REQUESTS = WATCHLIST.size() * 3;
  private static final Currency USD = Currency.getInstance("USD");
  private static final Currency CNY = Currency.getInstance("CNY");

  @TempDir Path usageDir;
  private final SimulatedUpstream upstream = new SimulatedUpstream(SimulatedUpstream.Delay.none());
  private final SimulatedLlm llm = new SimulatedLlm();
  private final List<CostAlert> alerts = new ArrayList<>();
  private FileUsageStore store;
  private QuickstartWorkload workload;

  @BeforeEach
  void openUsageStore() {
    store = FileStores.usage(usageDir, FsyncPolicy.NEVER);
    workload = new QuickstartWorkload(WATCHLIST, WARM_ROUNDS, AS_OF, upstream,
        new AnalystTeam(llm, Quickstart.tracker(store, CLOCK, alerts::add)));
  }

  @AfterEach
  void closeUsageStore() {
    store.close();
  }

  static AdaptiveCache memoryOnlyCache() {
    return SimulatedUpstream.declareUpstreamCosts(AdaptiveCache.builder())
        .discoverTiers(false).environment(Map.of()).build();
  }

  @Test
  void warmRounds_areServedByTheCache_withoutUpstreamCalls() {
    WorkloadResult result;
    try (AdaptiveCache cache = memoryOnlyCache()) {
      result = workload.run(cache);
    }

    assertThat(result.warm()).hasSize(WARM_ROUNDS);
    assertThat(result.warmUpstreamCalls()).isZero();
    assertThat(result.warmHitRate()).isGreaterThan(0.90);
    for (RoundResult round : result.warm()) {
      assertThat(round.requests()).isEqualTo(DATA_REQUESTS);
      assertThat(round.upstreamCalls()).as("upstream calls in warm round %d", round.number()).isZero();
      assertThat(round.upstreamCallsAvoided()).isEqualTo(round.requests());
      assertThat(round.hitRate()).as("hit rate of warm round %d", round.number()).isGreaterThan(0.90);
      assertThat(round.costSpent()).isEmpty();
      assertThat(round.analyses()).isEqualTo(ANALYSES);
      assertThat(round.analysesFromCache()).as("analyses from the cache in warm round %d", round.number())
          .isEqualTo(ANALYSES);
      assertThat(round.llmCalls()).as("LLM calls in warm round %d", round.number()).isZero();
    }
    // The analyses are cache entries too: one per analysis, hit once per warm round.
    CacheStats.TierStats memory = result.stats().tiers().get(0);
    assertThat(memory.tier()).isEqualTo("memory");
    assertThat(memory.hits()).isEqualTo((long) WARM_ROUNDS * (DATA_REQUESTS + ANALYSES));
    assertThat(result.backend().mode()).isEqualTo(PerformanceMode.MEMORY_ONLY);
    assertThat(result.backend().tiers().get(0).entryCount()).isEqualTo(DATA_REQUESTS + ANALYSES);
  }

  @Test
  void coldRound_callsTheUpstreamOncePerSymbolAndKind() {
    WorkloadResult result;
    try (AdaptiveCache cache = memoryOnlyCache()) {
      result = workload.run(cache);
    }

    RoundResult cold = result.cold();
    assertThat(cold.requests()).isEqualTo(DATA_REQUESTS);
    assertThat(cold.upstreamCalls()).isEqualTo(cold.requests());
    assertThat(cold.cacheHits()).isZero();
    assertThat(cold.analysesWritten()).isEqualTo(ANALYSES);
    assertThat(cold.llmCalls()).isEqualTo(ANALYSES * 3L);
    assertThat(result.stats().loads()).isEqualTo(cold.requests() + ANALYSES); // the analyses are loads too

    Map<SimulatedUpstream.Call, Long> expected = new HashMap<>();
    for (String symbol : WATCHLIST) {
      for (DataKind kind : QuickstartWorkload.KINDS) {
        expected.put(new SimulatedUpstream.Call(symbol, kind), 1L);
      }
    }
    assertThat(upstream.callsBySymbolAndKind()).isEqualTo(expected);
    assertThat(upstream.totalCalls()).isEqualTo(result.upstreamCalls()).isEqualTo(WATCHLIST.size() * 3L);
  }

  @Test
  void usageMeters_afterTheWorkload_matchUsageAnalyticsTotals() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    var tracker = Quickstart.tracker(store, CLOCK, alerts::add);
    new UsageMetrics(tracker).bindTo(registry);
    try (AdaptiveCache cache = memoryOnlyCache()) {
      new QuickstartWorkload(WATCHLIST, WARM_ROUNDS, AS_OF, upstream, new AnalystTeam(llm, tracker)).run(cache);
    }

    UsageSummary total = new UsageAnalytics().report(store, UsagePeriod.all()).total();
    assertThat(total.calls()).isEqualTo(ANALYSES * 3L);
    assertThat(meterSum(registry, "tradingagents.usage.calls", null)).isEqualTo(total.calls());
    assertThat(meterSum(registry, "tradingagents.usage.tokens", "input")).isEqualTo(total.inputTokens());
    assertThat(meterSum(registry, "tradingagents.usage.tokens", "output")).isEqualTo(total.outputTokens());
    assertThat(total.costByCurrency()).isNotEmpty();
    total.costByCurrency().forEach((currency, amount) -> assertThat(registry.find("tradingagents.usage.cost")
        .tag("currency", currency).counters().stream().mapToDouble(Counter::count).sum())
        .as(currency).isCloseTo(amount.doubleValue(), within(1e-9)));
  }

  @Test
  void analystSteps_runUnderTheSlowOperationMonitor_onePerLlmCall() {
    long[] nanos = {0};
    // Every LLM step "takes" 2 ms on this ticker, over a 1 ms threshold: each one is a slow operation.
    SlowOperations slow = SlowOperations.builder().defaultThreshold(java.time.Duration.ofMillis(1))
        .ticker(() -> nanos[0] += 2_000_000).build();
    try (AdaptiveCache cache = memoryOnlyCache()) {
      new QuickstartWorkload(WATCHLIST, WARM_ROUNDS, AS_OF, upstream,
          new AnalystTeam(llm, Quickstart.tracker(store, CLOCK, alerts::add), slow)).run(cache);
    }
    assertThat(slow.counts()).containsOnlyKeys("llm.market_analyst", "llm.news_analyst",
        "llm.fundamentals_analyst").allSatisfy((operation, count) -> assertThat(count).isEqualTo(ANALYSES));
  }

  private static double meterSum(SimpleMeterRegistry registry, String name, String direction) {
    var search = registry.find(name);
    if (direction != null) {
      search = search.tag("direction", direction);
    }
    return search.counters().stream().mapToDouble(Counter::count).sum();
  }

  @Test
  void cost_isSpentOnceAndSavedPerCurrency() {
    WorkloadResult result;
    try (AdaptiveCache cache = memoryOnlyCache()) {
      result = workload.run(cache);
    }

    // Two US symbols bill polygon in USD; four A-share and Hong Kong symbols bill tushare in CNY.
    BigDecimal usdPerSymbol = new BigDecimal("0.0390"); // 0.0040 + 0.0100 + 0.0250
    BigDecimal cnyPerSymbol = new BigDecimal("0.3100"); // 0.0300 + 0.0800 + 0.2000
    BigDecimal usdRound = usdPerSymbol.multiply(BigDecimal.valueOf(2));
    BigDecimal cnyRound = cnyPerSymbol.multiply(BigDecimal.valueOf(4));

    assertThat(result.costSpent()).containsOnlyKeys(USD, CNY);
    assertThat(result.costSpent().get(USD)).isEqualByComparingTo(usdRound);
    assertThat(result.costSpent().get(CNY)).isEqualByComparingTo(cnyRound);
    assertThat(result.costSaved()).containsOnlyKeys(USD, CNY);
    BigDecimal warmRounds = BigDecimal.valueOf(WARM_ROUNDS);
    assertThat(result.costSaved().get(USD)).isEqualByComparingTo(usdRound.multiply(warmRounds));
    assertThat(result.costSaved().get(CNY)).isEqualByComparingTo(cnyRound.multiply(warmRounds));
    assertThat(result.cold().costSaved()).isEmpty();
  }

  @Test
  void discoveredTiers_isolatedFromTheEnvironment_keepTheSameNumbers(@TempDir Path cacheDir) {
    // The way the quickstart builds its cache, but with no process environment and any file tier in a temp
    // directory: whatever tier modules are on the class path, the numbers must hold.
    WorkloadResult result;
    try (AdaptiveCache cache = AdaptiveCache.builder()
        .environment(Map.of())
        .setting("TA_CACHE_DIR", cacheDir.toString())
        .build()) {
      result = workload.run(cache);
    }

    assertThat(result.cold().upstreamCalls()).isEqualTo(WATCHLIST.size() * 3L);
    assertThat(result.warmUpstreamCalls()).isZero();
    assertThat(result.warmHitRate()).isGreaterThan(0.90);
    assertThat(result.llmCalls()).isEqualTo(result.cold().llmCalls()).isEqualTo(ANALYSES * 3L);
  }

  @Test
  void secondCache_onASharedTier_decodesEveryValue_withoutUpstreamCalls() {
    // Values must survive the codec: a second cache with an empty in-process tier reads them back from a
    // shared tier holding encoded bytes, as a second process would from Redis, MongoDB or files.
    MemoryTier shared = new MemoryTier("shared", TierKind.OTHER, 16L << 20, Clock.systemUTC());
    SimulatedUpstream secondUpstream = new SimulatedUpstream(SimulatedUpstream.Delay.none());
    SimulatedLlm secondLlm = new SimulatedLlm();
    WorkloadResult second;
    try (AdaptiveCache first = AdaptiveCache.builder().discoverTiers(false).tier(shared).build()) {
      workload.run(first);
      try (AdaptiveCache next = AdaptiveCache.builder().discoverTiers(false).tier(shared).build()) {
        second = new QuickstartWorkload(WATCHLIST, 1, AS_OF, secondUpstream,
            new AnalystTeam(secondLlm, Quickstart.tracker(store, CLOCK, alerts::add))).run(next);
      }
    }

    assertThat(second.cold().upstreamCalls()).isZero();
    assertThat(second.cold().hitRate()).isEqualTo(1.0);
    assertThat(secondUpstream.totalCalls()).isZero();
    assertThat(second.cold().analysesFromCache()).isEqualTo(ANALYSES);
    assertThat(secondLlm.totalCalls()).isZero();
    Map<String, Long> sharedHits = second.stats().tiers().stream()
        .collect(Collectors.toMap(CacheStats.TierStats::tier, CacheStats.TierStats::hits));
    assertThat(sharedHits)
        .containsEntry("shared", DATA_REQUESTS + (long) ANALYSES) // cold round: decoded from the shared tier
        .containsEntry("memory", DATA_REQUESTS + (long) ANALYSES); // warm round
    assertThat(second.stats().decodeFailures()).isZero();
  }

  @Test
  void simulatedUpstream_isDeterministic_andWithinItsLatencyRange() throws InterruptedException {
    SimulatedUpstream other = new SimulatedUpstream(SimulatedUpstream.Delay.none());
    LocalDate from = AS_OF.minusDays(89);

    assertThat(other.priceHistory("600519", from, AS_OF))
        .isEqualTo(upstream.priceHistory("600519", from, AS_OF));
    assertThat(other.news("0700.HK", AS_OF.minusDays(6), AS_OF))
        .isEqualTo(upstream.news("0700.HK", AS_OF.minusDays(6), AS_OF));
    assertThat(other.fundamentals("AAPL", "ttm")).isEqualTo(upstream.fundamentals("AAPL", "ttm"));
    assertThat(upstream.priceHistory("AAPL", from, AS_OF))
        .isNotEqualTo(upstream.priceHistory("MSFT", from, AS_OF));
    assertThat(upstream.priceHistory("BRK.B", from, AS_OF).bars())
        .hasSize(64) // weekdays from 2025-04-02 to 2025-06-30
        .allSatisfy(bar -> assertThat(bar.low()).isLessThanOrEqualTo(Math.min(bar.open(), bar.close())));
    assertThat(upstream.priceHistory("09988", from, AS_OF).currency()).isEqualTo("HKD");

    for (String symbol : QuickstartWorkload.DEFAULT_WATCHLIST) {
      for (DataKind kind : QuickstartWorkload.KINDS) {
        assertThat(SimulatedUpstream.latencyOf(symbol, kind))
            .isBetween(SimulatedUpstream.MIN_LATENCY, SimulatedUpstream.MAX_LATENCY)
            .isEqualTo(SimulatedUpstream.latencyOf(symbol, kind));
      }
    }
  }

  @Test
  void report_printsEveryTable_andKeepsCurrenciesApart() {
    WorkloadResult result;
    UsageReport usage;
    try (AdaptiveCache cache = memoryOnlyCache()) {
      result = workload.run(cache);
      usage = new UsageAnalytics().report(store, UsagePeriod.all()).withCacheSavings(cache.savings());
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new ReportTable(new PrintStream(bytes, true, StandardCharsets.UTF_8)).print(result, usage, alerts);
    String report = bytes.toString(StandardCharsets.UTF_8);

    assertThat(report).contains("Rounds", "Latency per data request", "Upstream cost per currency",
        "Cache counters", "Backend", "MEMORY_ONLY", "memory", "Usage summary", "Cost saved by the cache");
    assertThat(report).containsPattern("\\n  CNY +tushare +1\\.2400 +3\\.7200 +4\\.9600 +75\\.0%");
    assertThat(report).containsPattern("\\n  USD +polygon +0\\.0780 +0\\.2340 +0\\.3120 +75\\.0%");
    // requests, upstream calls, calls avoided, hit rate, p50, p99, analyses, LLM calls
    assertThat(report).containsPattern("\\n  cold +18 +18 +0 +0\\.0% .* +9 +27\\R");
    assertThat(report).containsPattern("\\n  warm 3 +18 +0 +18 +100\\.0% .* +9 +0\\R");

    // The usage summary: counts, tokens and costs (6 decimals) from the usage report.
    Map<String, BigDecimal> cost = expectedCost((type, module) -> "total").get("total");
    assertThat(report).containsPattern(String.format(Locale.ROOT, "\\n  total +27 +%,d +%,d +%s +%s\\R",
        expectedTokens(true), expectedTokens(false), sixDecimals(cost.get("CNY")), sixDecimals(cost.get("USD")))
        .replace(".", "\\."));
    assertThat(report).containsPattern("\\n  market_analyst +9 ");
    assertThat(report).containsPattern("\\n  technical +9 ");
    assertThat(report).containsPattern("\\n  comprehensive +18 ");
    assertThat(report).containsPattern("\\n  analysis +27  \\(no declared price\\)\\R");
    assertThat(report).containsPattern("\\n  stock_data +18\\R");
    assertThat(report).contains("saved per unit: CNY 3.7200, USD 0.2340");
    assertThat(report).contains(String.format(Locale.ROOT, "LLM cost avoided: CNY %s, USD %s%n",
        sixDecimals(cost.get("CNY").multiply(BigDecimal.valueOf(WARM_ROUNDS))),
        sixDecimals(cost.get("USD").multiply(BigDecimal.valueOf(WARM_ROUNDS)))), "27 analyses answered");
    assertThat(report).contains("cost alert (UsageTracker): CNY spending on 2025-06-30 reached");
  }

  @Test
  void usageReport_holdsExactlyTheColdRoundsLlmCalls_byModuleAndAnalysisType() {
    WorkloadResult result;
    UsageReport usage;
    try (AdaptiveCache cache = memoryOnlyCache()) {
      result = workload.run(cache);
      usage = new UsageAnalytics().report(store, UsagePeriod.all()).withCacheSavings(cache.savings());
    }

    // Cold round: three calls per analysis; warm rounds: the analyses come from the cache.
    assertThat(result.cold().llmCalls()).isEqualTo(ANALYSES * 3L);
    assertThat(result.warm()).extracting(RoundResult::llmCalls).containsOnly(0L);
    assertThat(llm.totalCalls()).isEqualTo(ANALYSES * 3L);
    assertThat(store.count()).isEqualTo(ANALYSES * 3L);

    UsageSummary total = usage.total();
    assertThat(total.calls()).isEqualTo(ANALYSES * 3L);
    assertThat(total.inputTokens()).isEqualTo(expectedTokens(true));
    assertThat(total.outputTokens()).isEqualTo(expectedTokens(false));
    assertCosts(total.costByCurrency(), expectedCost((type, module) -> "total").get("total"));

    assertThat(usage.byModule()).containsOnlyKeys(AnalystTeam.MODULES);
    Map<String, Map<String, BigDecimal>> byModule = expectedCost((type, module) -> module);
    usage.byModule().forEach((module, summary) -> {
      assertThat(summary.calls()).as("calls of %s", module).isEqualTo(ANALYSES);
      assertCosts(summary.costByCurrency(), byModule.get(module));
    });

    assertThat(usage.byAnalysisType()).containsOnlyKeys(QuickstartWorkload.COMPREHENSIVE,
        QuickstartWorkload.TECHNICAL);
    assertThat(usage.byAnalysisType().get(QuickstartWorkload.COMPREHENSIVE).calls())
        .isEqualTo(WATCHLIST.size() * 3L);
    assertThat(usage.byAnalysisType().get(QuickstartWorkload.TECHNICAL).calls()).isEqualTo(3 * 3L);
    Map<String, Map<String, BigDecimal>> byType = expectedCost((type, module) -> type);
    usage.byAnalysisType().forEach((type, summary) -> assertCosts(summary.costByCurrency(), byType.get(type)));

    // Four A-share and Hong Kong symbols (six analyses) on qwen-max, two US symbols (three) on gpt-4o-mini.
    assertThat(usage.byProviderModel()).containsOnlyKeys("dashscope/qwen-max", "openai/gpt-4o-mini");
    assertThat(usage.byProviderModel().get("dashscope/qwen-max").calls()).isEqualTo(6 * 3L);
    assertThat(usage.byProviderModel().get("dashscope/qwen-max").costByCurrency()).containsOnlyKeys("CNY");
    assertThat(usage.byProviderModel().get("openai/gpt-4o-mini").calls()).isEqualTo(3 * 3L);
    assertThat(usage.byProviderModel().get("openai/gpt-4o-mini").costByCurrency()).containsOnlyKeys("USD");
    assertThat(usage.byDay()).containsOnlyKeys(AS_OF);
  }

  @Test
  void cacheSavings_countTheWarmRoundsCallsAvoided_atTheDeclaredPrices() {
    WorkloadResult result;
    UsageReport usage;
    try (AdaptiveCache cache = memoryOnlyCache()) {
      result = workload.run(cache);
      usage = new UsageAnalytics().report(store, UsagePeriod.all()).withCacheSavings(cache.savings());
    }

    CacheSavings savings = usage.cacheSavings();
    assertThat(savings).isEqualTo(result.savings());
    long perKind = (long) WARM_ROUNDS * WATCHLIST.size();
    assertThat(savings.callsAvoided()).isEqualTo(Map.of("stock_data", perKind, "news", perKind,
        "fundamentals", perKind, "analysis", (long) WARM_ROUNDS * ANALYSES));
    // The declared prices: polygon 0.0390 USD and tushare 0.3100 CNY per symbol and round (see
    // cost_isSpentOnceAndSavedPerCurrency); analyses have none, so they add no unit.
    assertCosts(savings.savedByUnit(), Map.of("CNY", new BigDecimal("3.72"), "USD", new BigDecimal("0.234")));
    assertThat(savings.savedByUnit().get("CNY")).isEqualByComparingTo(result.costSaved().get(CNY));
    assertThat(savings.savedByUnit().get("USD")).isEqualByComparingTo(result.costSaved().get(USD));

    // Each warm round reads every analysis from the cache instead of paying its LLM calls again.
    Map<String, BigDecimal> coldLlmCost = expectedCost((type, module) -> "total").get("total");
    assertThat(result.llmCostSaved()).containsOnlyKeys(CNY, USD);
    assertThat(result.llmCostSaved().get(CNY))
        .isEqualByComparingTo(coldLlmCost.get("CNY").multiply(BigDecimal.valueOf(WARM_ROUNDS)));
    assertThat(result.llmCostSaved().get(USD))
        .isEqualByComparingTo(coldLlmCost.get("USD").multiply(BigDecimal.valueOf(WARM_ROUNDS)));
  }

  @Test
  void costAlert_firesOnceInCny_whenTheColdRoundCrossesTheDailyThreshold() {
    try (AdaptiveCache cache = memoryOnlyCache()) {
      workload.run(cache);
    }

    BigDecimal coldCny = expectedCost((type, module) -> "total").get("total").get("CNY");
    assertThat(coldCny).isGreaterThan(Quickstart.COST_ALERT_CNY);
    assertThat(alerts).singleElement().satisfies(alert -> {
      assertThat(alert.currency()).isEqualTo(CNY);
      assertThat(alert.day()).isEqualTo(AS_OF);
      assertThat(alert.threshold()).isEqualByComparingTo(Quickstart.COST_ALERT_CNY);
      assertThat(alert.total()).isBetween(Quickstart.COST_ALERT_CNY, coldCny);
    });
  }

  @Test
  void simulatedLlm_isDeterministic_andUsesAModelPerMarket() {
    for (String symbol : QuickstartWorkload.DEFAULT_WATCHLIST) {
      for (String module : AnalystTeam.MODULES) {
        assertThat(SimulatedLlm.inputTokens(symbol, "technical", module))
            .isBetween(SimulatedLlm.MIN_INPUT_TOKENS, SimulatedLlm.MAX_INPUT_TOKENS)
            .isEqualTo(SimulatedLlm.inputTokens(symbol, "technical", module));
        assertThat(SimulatedLlm.outputTokens(symbol, "technical", module))
            .isBetween(SimulatedLlm.MIN_OUTPUT_TOKENS, SimulatedLlm.MAX_OUTPUT_TOKENS);
      }
    }
    assertThat(llm.complete("600519", "comprehensive", "news_analyst")).isEqualTo(new SimulatedLlm.Completion(
        "dashscope", "qwen-max", SimulatedLlm.inputTokens("600519", "comprehensive", "news_analyst"),
        SimulatedLlm.outputTokens("600519", "comprehensive", "news_analyst")));
    assertThat(llm.complete("0700.HK", "comprehensive", "news_analyst").model()).isEqualTo("qwen-max");
    assertThat(llm.complete("BRK.B", "comprehensive", "news_analyst").model()).isEqualTo("gpt-4o-mini");
    assertThat(llm.totalCalls()).isEqualTo(3);
    assertThat(SimulatedLlm.inputTokens("AAPL", "comprehensive", "market_analyst"))
        .isNotEqualTo(SimulatedLlm.inputTokens("AAPL", "comprehensive", "news_analyst"));
  }

  @Test
  void options_parseRoundsFromArgumentsOrProperty() {
    assertThat(Quickstart.Options.parse(new String[0], null))
        .isEqualTo(new Quickstart.Options(Quickstart.DEFAULT_WARM_ROUNDS, false, false));
    assertThat(Quickstart.Options.parse(new String[0], "5").warmRounds()).isEqualTo(5);
    assertThat(Quickstart.Options.parse(new String[] {"--rounds=2", "--memory-only"}, "5"))
        .isEqualTo(new Quickstart.Options(2, true, false));
    assertThat(Quickstart.Options.parse(new String[] {"--rounds", "0"}, null).warmRounds()).isZero();

    assertThatThrownBy(() -> Quickstart.Options.parse(new String[] {"--rounds=-1"}, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--rounds must be a whole number from 0 to 1000 but was '-1'");
    assertThatThrownBy(() -> Quickstart.Options.parse(new String[0], "three"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("-Dquickstart.rounds must be a whole number from 0 to 1000 but was 'three'")
        .hasCauseInstanceOf(NumberFormatException.class);
    assertThatThrownBy(() -> Quickstart.Options.parse(new String[] {"--verbose"}, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Unknown argument '--verbose'");
  }

  /**
   * The cold round's LLM cost per currency, computed here from the pricing table's per-1K prices and the
   * simulated LLM's tokens, grouped by {@code groupOf(analysisType, module)}.
   */
  private static Map<String, Map<String, BigDecimal>> expectedCost(BinaryOperator<String> groupOf) {
    Map<String, Map<String, BigDecimal>> groups = new HashMap<>();
    PricingTable pricing = PricingTable.defaults();
    for (int i = 0; i < WATCHLIST.size(); i++) {
      String symbol = WATCHLIST.get(i);
      SimulatedLlm.Model model = SimulatedLlm.Model.of(Market.detect(symbol));
      PricingTable.Price price = pricing.price(model.provider(), model.model());
      assertThat(price).as("price of %s", model).isNotNull();
      for (String type : QuickstartWorkload.analysisTypes(i)) {
        for (String module : AnalystTeam.MODULES) {
          BigDecimal cost = price.inputPer1k()
              .multiply(BigDecimal.valueOf(SimulatedLlm.inputTokens(symbol, type, module)))
              .add(price.outputPer1k().multiply(BigDecimal.valueOf(SimulatedLlm.outputTokens(symbol, type, module))))
              .movePointLeft(3);
          groups.computeIfAbsent(groupOf.apply(type, module), g -> new HashMap<>())
              .merge(price.currency().getCurrencyCode(), cost, BigDecimal::add);
        }
      }
    }
    return groups;
  }

  /** The cold round's input (or output) tokens over all calls. */
  private static long expectedTokens(boolean input) {
    long tokens = 0;
    for (int i = 0; i < WATCHLIST.size(); i++) {
      for (String type : QuickstartWorkload.analysisTypes(i)) {
        for (String module : AnalystTeam.MODULES) {
          tokens += input ? SimulatedLlm.inputTokens(WATCHLIST.get(i), type, module)
              : SimulatedLlm.outputTokens(WATCHLIST.get(i), type, module);
        }
      }
    }
    return tokens;
  }

  /** Same currencies, and each amount equal by value (the scale may differ). */
  private static void assertCosts(Map<String, BigDecimal> actual, Map<String, BigDecimal> expected) {
    assertThat(actual).containsOnlyKeys(expected.keySet());
    expected.forEach((currency, amount) ->
        assertThat(actual.get(currency)).as("cost in %s", currency).isEqualByComparingTo(amount));
  }

  private static String sixDecimals(BigDecimal amount) {
    return amount.setScale(6, RoundingMode.HALF_UP).toPlainString();
  }

  @Test
  void latencySummary_usesNearestRank() {
    long[] nanos = new long[100];
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] = 100 - i; // reversed: the summary must sort
    }
    assertThat(LatencySummary.of(nanos)).isEqualTo(new LatencySummary(100, 50, 99, 100));
    assertThat(LatencySummary.of(new long[] {7})).isEqualTo(new LatencySummary(1, 7, 7, 7));
    assertThat(LatencySummary.of(new long[0]).samples()).isZero();
    assertThat(new RoundResult(1, 0, 0, 0, 0, 0, 0, 0, LatencySummary.of(new long[0]), Map.of(), Map.of(),
        Map.of()).hitRate()).isCloseTo(0.0, within(1e-9));
  }
}
