package io.tradingagents.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.spi.MemoryTier;
import io.tradingagents.cache.spi.TierKind;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheMetricsTest {

  @Test
  void statistics_reachMicrometer_withBoundedTierTags() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false)
        .tier(new MemoryTier("file", TierKind.FILE, 1 << 20, Clock.systemUTC())).build()) {
      new CacheMetrics(cache, "market").bindTo(registry);
      CacheKey key = CacheKey.of(DataKind.NEWS, "AAPL");
      cache.put(key, "digest");
      cache.get(key, String.class);
      cache.get(CacheKey.of(DataKind.NEWS, "MSFT"), String.class);

      assertThat(registry.get("cache.gets").tags("cache", "market", "result", "hit").functionCounters())
          .filteredOn(c -> c.getId().getTag("tier") == null).singleElement()
          .satisfies(c -> assertThat(c.count()).isEqualTo(1));
      assertThat(registry.get("cache.gets").tags("tier", "memory", "result", "hit").functionCounter().count())
          .isEqualTo(1);
      assertThat(registry.get("cache.gets").tags("tier", "file", "result", "miss").functionCounter().count())
          .isEqualTo(1);
      assertThat(registry.get("cache.puts").tags("tier", "file").functionCounter().count()).isEqualTo(1);
      assertThat(registry.get("tradingagents.cache.tier.up").tags("tier", "file").gauge().value()).isEqualTo(1);
      assertThat(registry.get("tradingagents.cache.performance.mode").gauge().value()).isEqualTo(3); // standard
    }
  }
}
