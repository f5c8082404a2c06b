package io.tradingagents.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheStats;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.PerformanceMode;
import io.tradingagents.cache.spi.MemoryTier;
import io.tradingagents.cache.spi.TierKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the quickstart workload in-process against a zero-latency upstream and checks its numbers: the cache
 * must turn every warm request into a hit, and the cost it reports must stay per currency.
 */
class QuickstartTest {
  /** Two symbols per market, including the shapes that need market detection (BRK.B, 09988). */
  private static final List<String> WATCHLIST =
      List.of("AAPL", "BRK.B", "600519", "000001", "0700.HK", "09988");
  private static final int WARM_ROUNDS = 3;
  private static final LocalDate AS_OF = LocalDate.of(2025, 6, 30);
  private static final Currency USD = Currency.getInstance("USD");
  private static final Currency CNY = Currency.getInstance("CNY");

  private final SimulatedUpstream upstream = new SimulatedUpstream(SimulatedUpstream.Delay.none());
  private final QuickstartWorkload workload = new QuickstartWorkload(WATCHLIST, WARM_ROUNDS, AS_OF, upstream);

  private static AdaptiveCache memoryOnlyCache() {
    return AdaptiveCache.builder().discoverTiers(false).environment(Map.of()).build();
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
      assertThat(round.requests()).isEqualTo(WATCHLIST.size() * 3);
      assertThat(round.upstreamCalls()).as("upstream calls in warm round %d", round.number()).isZero();
      assertThat(round.upstreamCallsAvoided()).isEqualTo(round.requests());
      assertThat(round.hitRate()).as("hit rate of warm round %d", round.number()).isGreaterThan(0.90);
      assertThat(round.costSpent()).isEmpty();
    }
    CacheStats.TierStats memory = result.stats().tiers().get(0);
    assertThat(memory.tier()).isEqualTo("memory");
    assertThat(memory.hits()).isEqualTo((long) WARM_ROUNDS * WATCHLIST.size() * 3);
    assertThat(result.backend().mode()).isEqualTo(PerformanceMode.MEMORY_ONLY);
    assertThat(result.backend().tiers().get(0).entryCount()).isEqualTo(WATCHLIST.size() * 3);
  }

  @Test
  void coldRound_callsTheUpstreamOncePerSymbolAndKind() {
    WorkloadResult result;
    try (AdaptiveCache cache = memoryOnlyCache()) {
      result = workload.run(cache);
    }

    RoundResult cold = result.cold();
    assertThat(cold.requests()).isEqualTo(WATCHLIST.size() * 3);
    assertThat(cold.upstreamCalls()).isEqualTo(cold.requests());
    assertThat(cold.cacheHits()).isZero();
    assertThat(result.stats().loads()).isEqualTo(cold.requests());

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
  }

  @Test
  void secondCache_onASharedTier_decodesEveryValue_withoutUpstreamCalls() {
    // Values must survive the codec: a second cache with an empty in-process tier reads them back from a
    // shared tier holding encoded bytes, as a second process would from Redis, MongoDB or files.
    MemoryTier shared = new MemoryTier("shared", TierKind.OTHER, 16L << 20, Clock.systemUTC());
    SimulatedUpstream secondUpstream = new SimulatedUpstream(SimulatedUpstream.Delay.none());
    WorkloadResult second;
    try (AdaptiveCache first = AdaptiveCache.builder().discoverTiers(false).tier(shared).build()) {
      workload.run(first);
      try (AdaptiveCache next = AdaptiveCache.builder().discoverTiers(false).tier(shared).build()) {
        second = new QuickstartWorkload(WATCHLIST, 1, AS_OF, secondUpstream).run(next);
      }
    }

    assertThat(second.cold().upstreamCalls()).isZero();
    assertThat(second.cold().hitRate()).isEqualTo(1.0);
    assertThat(secondUpstream.totalCalls()).isZero();
    Map<String, Long> sharedHits = second.stats().tiers().stream()
        .collect(Collectors.toMap(CacheStats.TierStats::tier, CacheStats.TierStats::hits));
    assertThat(sharedHits)
        .containsEntry("shared", WATCHLIST.size() * 3L) // cold round: decoded from the shared tier
        .containsEntry("memory", WATCHLIST.size() * 3L); // warm round
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
    try (AdaptiveCache cache = memoryOnlyCache()) {
      result = workload.run(cache);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new ReportTable(new PrintStream(bytes, true, StandardCharsets.UTF_8)).print(result);
    String report = bytes.toString(StandardCharsets.UTF_8);

    assertThat(report).contains("Rounds", "Latency per request", "Upstream cost per currency",
        "Cache counters", "Backend", "MEMORY_ONLY", "memory");
    assertThat(report).containsPattern("\\n  CNY +tushare +1\\.2400 +3\\.7200 +4\\.9600 +75\\.0%");
    assertThat(report).containsPattern("\\n  USD +polygon +0\\.0780 +0\\.2340 +0\\.3120 +75\\.0%");
    assertThat(report).containsPattern("\\n  cold +18 +18 +0 +0\\.0%");
    assertThat(report).containsPattern("\\n  warm 3 +18 +0 +18 +100\\.0%");
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

  @Test
  void latencySummary_usesNearestRank() {
    long[] nanos = new long[100];
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] = 100 - i; // reversed: the summary must sort
    }
    assertThat(LatencySummary.of(nanos)).isEqualTo(new LatencySummary(100, 50, 99, 100));
    assertThat(LatencySummary.of(new long[] {7})).isEqualTo(new LatencySummary(1, 7, 7, 7));
    assertThat(LatencySummary.of(new long[0]).samples()).isZero();
    assertThat(new RoundResult(1, 0, 0, 0, 0, LatencySummary.of(new long[0]), Map.of(), Map.of()).hitRate())
        .isCloseTo(0.0, within(1e-9));
  }
}
