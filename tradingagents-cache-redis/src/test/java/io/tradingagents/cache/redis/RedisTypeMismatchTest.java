package io.tradingagents.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.spi.TierSettings;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A read with the wrong type, through a real {@code redis-server}: a counted miss; the entry stays. */
class RedisTypeMismatchTest {
  record Quote(String symbol, double close) {}

  record News(String headline) {}

  private static final CacheKey AAPL = CacheKey.of(DataKind.NEWS, "AAPL");
  private static RedisProcess server;

  @BeforeAll
  static void startServer() {
    server = RedisProcess.launch();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static AdaptiveCache cache() {
    CacheTier redis = new RedisCacheProvider().open(TierSettings.of(Map.of(RedisCacheProvider.HOST,
        "127.0.0.1", RedisCacheProvider.PORT, String.valueOf(server.port())), Clock.systemUTC()));
    return AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).tier(redis).build();
  }

  @Test
  void readWithAnotherType_isACountedMiss_andTheNextReaderWithTheRightTypeGetsTheValue() {
    try (AdaptiveCache writer = cache()) {
      writer.put(AAPL, new Quote("AAPL", 194.03));
    }
    try (AdaptiveCache wrong = cache()) {
      assertThat(wrong.get(AAPL, News.class)).isNull();
      assertThat(wrong.get(AAPL, News.class, k -> new News("loaded"))).isEqualTo(new News("loaded"));
      assertThat(wrong.stats().typeMismatches()).isEqualTo(2);
      assertThat(wrong.stats().decodeFailures()).isZero();
    }
    try (AdaptiveCache right = cache()) {
      assertThat(right.get(AAPL, Quote.class)).isEqualTo(new Quote("AAPL", 194.03));
    }
  }
}
