package io.tradingagents.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.CacheRead;
import io.tradingagents.cache.CacheRead.StaleReason;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.spi.TierSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code read} through a real {@code redis-server} that is stopped and started again: an in-process copy
 * served while the invalidation bus is disconnected says so ({@link StaleReason#TIER_DOWN}), and is fresh
 * again once Redis is back.
 */
class RedisFreshReadTest {
  private static final CacheKey NEWS = CacheKey.of(DataKind.NEWS, "AAPL");

  @Test
  void aCopyServedWhileRedisIsDown_isFlaggedTierDown_untilRedisIsBack() {
    try (RedisProcess server = RedisProcess.launch();
        AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false)
            .tier(new RedisCacheProvider().open(TierSettings.of(Map.of(RedisCacheProvider.HOST, "127.0.0.1",
                RedisCacheProvider.PORT, String.valueOf(server.port())), Clock.systemUTC())))
            .build()) {
      cache.put(NEWS, "headline");
      CacheRead<String> before = cache.read(NEWS, String.class);
      assertThat(before.tier()).isEqualTo(CacheRead.MEMORY);
      assertThat(before.staleReason()).isEqualTo(StaleReason.NONE);

      server.stop();
      await().atMost(Duration.ofSeconds(20))
          .until(() -> cache.read(NEWS, String.class).staleReason() == StaleReason.TIER_DOWN);
      CacheRead<String> during = cache.read(NEWS, String.class);
      assertThat(during.value()).isEqualTo("headline");
      assertThat(during.staleness()).isZero(); // not expired: only possibly superseded

      server.start();
      await().atMost(Duration.ofSeconds(20))
          .until(() -> cache.read(NEWS, String.class).staleReason() == StaleReason.NONE);
      assertThat(cache.read(NEWS, String.class).value()).isEqualTo("headline");
    }
  }
}
