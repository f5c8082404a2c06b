package io.tradingagents.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.CacheLoadException;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.PerformanceMode;
import io.tradingagents.cache.UpstreamCost;
import io.tradingagents.cache.spi.MemoryTier;
import io.tradingagents.cache.spi.TierEntry;
import io.tradingagents.cache.spi.TierKind;
import io.tradingagents.cache.testing.FlakyTier;
import io.tradingagents.cache.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CacheMetricsTest {
  private final MutableClock clock = new MutableClock();

  private AdaptiveCache cache(MemoryTier... tiers) {
    var builder = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock);
    for (MemoryTier tier : tiers) {
      builder.tier(tier);
    }
    return builder.upstreamCost(DataKind.STOCK_DATA, UpstreamCost.of("0.01", "USD")).build();
  }

  @Test
  void prometheusScrape_afterScriptedWorkload_countsEachLookupOnce_withOneLabelSetPerFamily()
      throws java.io.IOException {
    MemoryTier mongo = new MemoryTier("mongodb", TierKind.MONGODB, 1 << 20, clock);
    MemoryTier file = new MemoryTier("file", TierKind.FILE, 1 << 20, clock);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (AdaptiveCache writer = cache(mongo, file); AdaptiveCache cache = cache(mongo, file)) {
      new CacheMetrics(cache, "market").bindTo(registry);
      CacheKey k1 = CacheKey.of(DataKind.STOCK_DATA, "AAPL");
      CacheKey k2 = CacheKey.of(DataKind.STOCK_DATA, "MSFT");
      CacheKey k3 = CacheKey.of(DataKind.NEWS, "600519");
      writer.put(k1, "a");
      writer.put(k2, "b");
      writer.put(k3, "c");
      int lookups = 0;

      cache.get(k1, String.class); // mongodb hit
      cache.get(k1, String.class); // memory hit
      cache.get(k2, String.class, k -> "never called"); // mongodb hit
      cache.get(CacheKey.of(DataKind.NEWS, "TSLA"), String.class); // miss in every tier
      cache.get(CacheKey.of(DataKind.STOCK_DATA, "NVDA"), String.class, k -> "loaded"); // miss, load
      cache.get(CacheKey.of(DataKind.STOCK_DATA, "NVDA"), String.class, k -> "never called"); // memory hit
      lookups += 6;
      assertThatThrownBy(() -> cache.get(CacheKey.of(DataKind.NEWS, "FAIL"), String.class, k -> {
        throw new IllegalStateException("upstream down (simulated)");
      })).isInstanceOf(CacheLoadException.class);
      lookups += 1;
      CacheKey none = CacheKey.of(DataKind.FUNDAMENTALS, "NONE");
      cache.get(none, String.class, k -> null); // miss, load of "no data"
      cache.get(none, String.class, k -> "never called"); // negative hit
      lookups += 2;
      CacheKey corrupt = CacheKey.of(DataKind.NEWS, "BAD");
      mongo.put(corrupt.asString(), new TierEntry("not an envelope".getBytes(StandardCharsets.UTF_8),
          clock.millis(), clock.millis() + 60_000));
      cache.get(corrupt, String.class); // decode failure in mongodb, miss in file
      cache.get(k1, Integer.class); // type mismatch in memory
      cache.getAll(List.of(k3, CacheKey.of(DataKind.NEWS, "ABSENT"), k1), String.class); // 3 lookups
      lookups += 5;

      System.gc(); // Micrometer holds a function meter's state weakly: it must survive a collection
      Exposition scrape = new Exposition(registry.scrape());
      // Kept for docs/monitoring.md, whose scrape excerpt comes from this run.
      java.nio.file.Files.writeString(java.nio.file.Path.of("target", "cache-metrics-scrape.prom"), scrape.text);

      assertThat(scrape.sum("cache_gets_total", Map.of("cache", "market"))).isEqualTo(lookups);
      assertThat(scrape.value("cache_gets_total", Map.of("cache", "market", "result", "hit"))).isEqualTo(7);
      assertThat(scrape.value("cache_gets_total", Map.of("cache", "market", "result", "miss"))).isEqualTo(7);
      assertThat(scrape.value("cache_puts_total", Map.of("cache", "market"))).isEqualTo(1); // the load
      assertThat(scrape.value("tradingagents_cache_tier_gets_total",
          Map.of("cache", "market", "tier", "mongodb", "result", "hit"))).isEqualTo(3);
      assertThat(scrape.value("tradingagents_cache_loads_total", Map.of("cache", "market", "result", "success")))
          .isEqualTo(2);
      assertThat(scrape.value("tradingagents_cache_loads_total", Map.of("cache", "market", "result", "failure")))
          .isEqualTo(1);
      assertThat(scrape.value("tradingagents_cache_load_duration_seconds_count",
          Map.of("cache", "market", "result", "failure"))).isEqualTo(1);
      assertThat(scrape.value("tradingagents_cache_decode_failures_total", Map.of("cache", "market")))
          .isEqualTo(1);
      assertThat(scrape.value("tradingagents_cache_type_mismatches_total", Map.of("cache", "market")))
          .isEqualTo(1);
      assertThat(scrape.value("tradingagents_cache_negative_hits_total", Map.of("cache", "market")))
          .isEqualTo(1);
      // AAPL's second read, NVDA's and k2's stock-data calls answered without the loader: 2 with a loader.
      assertThat(scrape.value("tradingagents_cache_upstream_avoided_total",
          Map.of("cache", "market", "kind", "stock_data"))).isEqualTo(2);
      assertThat(scrape.value("tradingagents_cache_savings_total",
          Map.of("cache", "market", "kind", "stock_data", "currency", "USD"))).isEqualTo(0.02);
      assertThat(scrape.value("tradingagents_cache_tier_duration_seconds_count",
          Map.of("cache", "market", "tier", "mongodb", "operation", "get"))).isGreaterThan(0);
      // each single get past the in-process tier, timed once: getAll and the type mismatch are not
      assertThat(scrape.value("tradingagents_cache_get_miss_duration_seconds_count", Map.of("cache", "market")))
          .isEqualTo(7);
      assertThat(scrape.value("tradingagents_cache_performance_mode",
          Map.of("cache", "market", "mode", "persistent"))).isEqualTo(1);
      assertThat(scrape.sum("tradingagents_cache_performance_mode", Map.of("cache", "market"))).isEqualTo(1);

      Map<String, Set<String>> documented = Map.ofEntries(
          Map.entry("cache_gets_total", Set.of("cache", "result")),
          Map.entry("cache_puts_total", Set.of("cache")),
          Map.entry("cache_evictions_total", Set.of("cache")),
          Map.entry("cache_eviction_weight_bytes_total", Set.of("cache")),
          Map.entry("cache_size", Set.of("cache")),
          Map.entry("tradingagents_cache_tier_gets_total", Set.of("cache", "tier", "result")),
          Map.entry("tradingagents_cache_tier_puts_total", Set.of("cache", "tier")),
          Map.entry("tradingagents_cache_tier_errors_total", Set.of("cache", "tier")),
          Map.entry("tradingagents_cache_tier_rejected_total", Set.of("cache", "tier")),
          Map.entry("tradingagents_cache_tier_available", Set.of("cache", "tier")),
          Map.entry("tradingagents_cache_tier_duration_seconds_count", Set.of("cache", "tier", "operation")),
          Map.entry("tradingagents_cache_load_duration_seconds_count", Set.of("cache", "result")),
          Map.entry("tradingagents_cache_get_miss_duration_seconds_count", Set.of("cache")),
          Map.entry("tradingagents_cache_loads_total", Set.of("cache", "result")),
          Map.entry("tradingagents_cache_loads_coalesced_total", Set.of("cache")),
          Map.entry("tradingagents_cache_stale_served_total", Set.of("cache")),
          Map.entry("tradingagents_cache_negative_hits_total", Set.of("cache")),
          Map.entry("tradingagents_cache_decode_failures_total", Set.of("cache")),
          Map.entry("tradingagents_cache_type_mismatches_total", Set.of("cache")),
          Map.entry("tradingagents_cache_write_failures_total", Set.of("cache")),
          Map.entry("tradingagents_cache_tier_replays_total", Set.of("cache", "tier")),
          Map.entry("tradingagents_cache_invalidations_total", Set.of("cache", "direction")),
          Map.entry("tradingagents_cache_bus_reconnects_total", Set.of("cache")),
          Map.entry("tradingagents_cache_upstream_avoided_total", Set.of("cache", "kind")),
          Map.entry("tradingagents_cache_savings_total", Set.of("cache", "kind", "currency")),
          Map.entry("tradingagents_cache_performance_mode", Set.of("cache", "mode")));
      documented.forEach((name, labels) -> assertThat(scrape.named(name)).as(name).isNotEmpty()
          .allSatisfy(s -> assertThat(s.labels().keySet()).as(name).isEqualTo(labels)));
      Map<String, Set<Set<String>>> labelSets = new HashMap<>();
      scrape.samples.forEach(s -> labelSets.computeIfAbsent(s.name(), n -> new HashSet<>())
          .add(s.labels().keySet()));
      assertThat(labelSets).allSatisfy((name, sets) -> assertThat(sets).as(name).hasSize(1));
      assertThat(scrape.typeLines).doesNotHaveDuplicates();
      assertThat(scrape.named("tradingagents_cache_tier_duration_seconds_bucket")).as("17 buckets and +Inf")
          .filteredOn(b -> b.labels().get("tier").equals("mongodb") && b.labels().get("operation").equals("get"))
          .hasSize(18);
      assertThat(scrape.text).doesNotContain("AAPL", "NVDA", "BAD");
    }
  }

  @Test
  void tierAvailable_followsTheBreaker_andAScrapeNeverCallsTheTier() {
    FlakyTier flaky = new FlakyTier(new MemoryTier("redis", TierKind.REDIS, 1 << 20, clock));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock)
        .probeInterval(Duration.ofMinutes(1)).tier(flaky).build()) {
      new CacheMetrics(cache, "quotes").bindTo(registry);
      int before = flaky.calls.get();
      Exposition healthy = new Exposition(registry.scrape());
      assertThat(flaky.calls.get()).isEqualTo(before);
      assertThat(healthy.value("tradingagents_cache_tier_available", Map.of("cache", "quotes", "tier", "redis")))
          .isEqualTo(1);

      flaky.down = true;
      for (int i = 0; i < 5; i++) {
        cache.get(CacheKey.of(DataKind.NEWS, "K" + i), String.class);
      }
      int afterOutage = flaky.calls.get();
      Exposition down = new Exposition(registry.scrape());

      assertThat(flaky.calls.get()).isEqualTo(afterOutage);
      assertThat(down.value("tradingagents_cache_tier_available", Map.of("cache", "quotes", "tier", "redis")))
          .isEqualTo(0);
      assertThat(down.value("tradingagents_cache_tier_errors_total", Map.of("cache", "quotes", "tier", "redis")))
          .isEqualTo(3);
      assertThat(down.value("tradingagents_cache_performance_mode",
          Map.of("cache", "quotes", "mode", "memory_only"))).isEqualTo(1);
    }
  }

  @Test
  void invalidationsAndBusReconnects_areCountedPerInstance() {
    io.tradingagents.cache.testing.SharedMemoryTier server = new io.tradingagents.cache.testing.SharedMemoryTier(clock);
    var connA = server.connection();
    var connB = server.connection();
    SimpleMeterRegistry registryA = new SimpleMeterRegistry();
    SimpleMeterRegistry registryB = new SimpleMeterRegistry();
    try (AdaptiveCache a = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock)
        .tier(connA).probeInterval(Duration.ofMinutes(1)).build();
        AdaptiveCache b = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock)
            .tier(connB).probeInterval(Duration.ofMinutes(1)).build()) {
      new CacheMetrics(a, "quotes").bindTo(registryA);
      new CacheMetrics(b, "quotes").bindTo(registryB);
      a.put(CacheKey.of(DataKind.NEWS, "AAPL"), "v1");
      a.invalidate(CacheKey.of(DataKind.NEWS, "AAPL"));
      connB.cut();
      connB.restore();

      assertThat(registryA.get("tradingagents.cache.invalidations").tag("direction", "sent").functionCounter()
          .count()).isEqualTo(2);
      assertThat(registryB.get("tradingagents.cache.invalidations").tag("direction", "received")
          .functionCounter().count()).isEqualTo(2);
      assertThat(registryB.get("tradingagents.cache.invalidations").tag("direction", "sent").functionCounter()
          .count()).isZero();
      assertThat(registryB.get("tradingagents.cache.bus.reconnects").functionCounter().count()).isEqualTo(1);
    }
  }

  @Test
  void writesMissedWhileATierWasDown_countAsReplays_whenItReturns() {
    FlakyTier flaky = new FlakyTier(new MemoryTier("redis", TierKind.REDIS, 1 << 20, clock));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock)
        .probeInterval(Duration.ofMinutes(1)).tier(flaky).build()) {
      new CacheMetrics(cache, "quotes").bindTo(registry);
      flaky.down = true;
      for (int i = 0; i < 4; i++) {
        cache.put(CacheKey.of(DataKind.NEWS, "K" + i), "v");
      }
      flaky.down = false;
      ((io.tradingagents.cache.internal.DefaultAdaptiveCache) cache).runMaintenance();

      assertThat(registry.get("tradingagents.cache.write.failures").functionCounter().count()).isEqualTo(4);
      assertThat(registry.get("tradingagents.cache.tier.replays").tag("tier", "redis").functionCounter().count())
          .isEqualTo(4);
      assertThat(registry.get("tradingagents.cache.tier.available").tag("tier", "redis").gauge().value())
          .isEqualTo(1);
    }
  }

  @Test
  void inProcessHit_recordsNoTimer() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (AdaptiveCache cache = cache()) {
      new CacheMetrics(cache, "market").bindTo(registry);
      CacheKey key = CacheKey.of(DataKind.NEWS, "AAPL");
      cache.put(key, "digest");
      for (int i = 0; i < 10; i++) {
        cache.get(key, String.class);
      }
      assertThat(registry.get("cache.gets").tag("result", "hit").functionCounter().count()).isEqualTo(10);
      assertThat(registry.get("tradingagents.cache.get.miss.duration").timer().count()).isZero();
      assertThat(registry.get("tradingagents.cache.load.duration").timers())
          .allSatisfy(t -> assertThat(t.count()).isZero());
    }
  }

  @Test
  void bindingTwice_registersAndRecordsOnce() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (AdaptiveCache cache = cache()) {
      CacheMetrics metrics = new CacheMetrics(cache, "market");
      metrics.bindTo(registry);
      metrics.bindTo(registry);
      cache.get(CacheKey.of(DataKind.NEWS, "AAPL"), String.class);
      assertThat(registry.get("tradingagents.cache.get.miss.duration").timer().count()).isEqualTo(1);
      assertThat(registry.get("cache.gets").tag("result", "miss").functionCounters()).hasSize(1);
    }
  }

  @Test
  void percentiles_arePublished_whenAsked() {
    MeterRegistry registry = new SimpleMeterRegistry();
    try (AdaptiveCache cache = cache()) {
      new CacheMetrics(cache, "market").withPercentiles(0.5, 0.99).bindTo(registry);
      cache.get(CacheKey.of(DataKind.NEWS, "AAPL"), String.class, k -> "loaded");
      assertThat(registry.get("tradingagents.cache.load.duration").tag("result", "success").timer()
          .takeSnapshot().percentileValues()).hasSize(2);
    }
  }

  @Test
  void badArguments_areRefused_sayingWhatToDo() {
    try (AdaptiveCache cache = cache()) {
      assertThatThrownBy(() -> new CacheMetrics(cache, " ")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("must not be blank");
      assertThatThrownBy(() -> new CacheMetrics(cache, "m").withPercentiles(1.5))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
    }
    AdaptiveCache foreign = org.mockito.Mockito.mock(AdaptiveCache.class);
    assertThatThrownBy(() -> new CacheMetrics(foreign, "m")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AdaptiveCache.builder()");
  }
}
