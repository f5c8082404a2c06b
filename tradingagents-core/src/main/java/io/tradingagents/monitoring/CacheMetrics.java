package io.tradingagents.monitoring;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.BackendInfo;
import io.tradingagents.cache.CacheStats;
import io.tradingagents.cache.PerformanceMode;
import java.util.function.ToDoubleFunction;

/**
 * Publishes an {@link AdaptiveCache}'s statistics to Micrometer. Meters use Micrometer's own cache names
 * with a bounded {@code tier} tag, so existing cache dashboards work unchanged:
 *
 * <ul>
 *   <li>{@code cache.gets{cache, tier, result=hit|miss}} per tier, and {@code cache.gets{cache,
 *       result=hit|miss}} over all tiers;
 *   <li>{@code cache.puts{cache, tier}};
 *   <li>{@code tradingagents.cache.tier.errors{cache, tier}},
 *       {@code tradingagents.cache.tier.rejected{cache, tier}} (calls skipped by an open breaker),
 *       {@code tradingagents.cache.tier.up{cache, tier}} (1 or 0);
 *   <li>{@code tradingagents.cache.loads{cache, result=success|failure}},
 *       {@code tradingagents.cache.stale.served}, {@code tradingagents.cache.negative.hits},
 *       {@code tradingagents.cache.decode.failures}, {@code tradingagents.cache.type.mismatches},
 *       {@code tradingagents.cache.write.failures};
 *   <li>{@code tradingagents.cache.performance.mode{cache}}: the mode's ordinal in {@link PerformanceMode}
 *       (0 = high performance ... 4 = memory only).
 * </ul>
 *
 * All meters are function-based: they read the cache's counters when the registry is scraped, so binding
 * adds nothing to a cache call. Keys are never tags. Thread-safe.
 */
public final class CacheMetrics implements MeterBinder {
  private final AdaptiveCache cache;
  private final Tags tags;

  /**
   * @param cache the cache to observe
   * @param name the {@code cache} tag, e.g. {@code market-data}
   */
  public CacheMetrics(AdaptiveCache cache, String name) {
    this.cache = requireNonNull(cache, "cache");
    this.tags = Tags.of("cache", requireNonNull(name, "name"));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    counter(registry, "cache.gets", Tags.of("result", "hit"), s -> s.hits() + s.negativeHits());
    counter(registry, "cache.gets", Tags.of("result", "miss"), CacheStats::misses);
    for (CacheStats.TierStats tier : cache.stats().tiers()) {
      String name = tier.tier();
      Tags tierTag = Tags.of("tier", name);
      counter(registry, "cache.gets", tierTag.and("result", "hit"), s -> tier(s, name).hits());
      counter(registry, "cache.gets", tierTag.and("result", "miss"), s -> tier(s, name).misses());
      counter(registry, "cache.puts", tierTag, s -> tier(s, name).puts());
      counter(registry, "tradingagents.cache.tier.errors", tierTag, s -> tier(s, name).errors());
      counter(registry, "tradingagents.cache.tier.rejected", tierTag, s -> tier(s, name).rejected());
      Gauge.builder("tradingagents.cache.tier.up", cache, c -> isUp(c.backendInfo(), name) ? 1 : 0)
          .tags(tags.and(tierTag)).description("whether the tier is in use (1) or skipped (0)")
          .register(registry);
    }
    counter(registry, "tradingagents.cache.loads", Tags.of("result", "success"), CacheStats::loads);
    counter(registry, "tradingagents.cache.loads", Tags.of("result", "failure"), CacheStats::loadFailures);
    counter(registry, "tradingagents.cache.stale.served", Tags.empty(), CacheStats::staleServed);
    counter(registry, "tradingagents.cache.negative.hits", Tags.empty(), CacheStats::negativeHits);
    counter(registry, "tradingagents.cache.decode.failures", Tags.empty(), CacheStats::decodeFailures);
    counter(registry, "tradingagents.cache.type.mismatches", Tags.empty(), CacheStats::typeMismatches);
    counter(registry, "tradingagents.cache.write.failures", Tags.empty(), CacheStats::writeFailures);
    Gauge.builder("tradingagents.cache.performance.mode", cache, c -> c.performanceMode().ordinal())
        .tags(tags).description("0 high_performance, 1 fast, 2 persistent, 3 standard, 4 memory_only")
        .register(registry);
  }

  private void counter(MeterRegistry registry, String name, Iterable<Tag> extra,
      ToDoubleFunction<CacheStats> value) {
    FunctionCounter.builder(name, cache, c -> value.applyAsDouble(c.stats())).tags(tags.and(extra))
        .register(registry);
  }

  private static CacheStats.TierStats tier(CacheStats stats, String name) {
    for (CacheStats.TierStats tier : stats.tiers()) {
      if (tier.tier().equals(name)) {
        return tier;
      }
    }
    return new CacheStats.TierStats(name, 0, 0, 0, 0, 0, 0);
  }

  private static boolean isUp(BackendInfo info, String name) {
    return info.tiers().stream().anyMatch(t -> t.name().equals(name) && t.available());
  }
}
