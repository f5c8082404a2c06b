package io.tradingagents.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.spi.TierEntry;
import io.tradingagents.cache.spi.TierSettings;
import io.tradingagents.cache.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Market-aware expiry (on for stock data by default) through a real {@code redis-server}: the expiry
 * instant chosen by the writing instance is read back unchanged by another instance, which serves the entry
 * on Saturday and drops it at Monday's open plus margin by its own clock.
 */
class RedisMarketExpiryTest {
  /** Friday 2026-03-06, 17:00 New York: after the close. */
  private static final Instant FRIDAY_AFTER_CLOSE = Instant.parse("2026-03-06T22:00:00Z");
  /** Monday 2026-03-09 09:30 New York (EDT) plus the default 1-minute margin. */
  private static final Instant MONDAY_OPEN_PLUS_MARGIN = Instant.parse("2026-03-09T13:31:00Z");
  private static final CacheKey AAPL = CacheKey.of(DataKind.STOCK_DATA, "AAPL");

  private static RedisProcess server;

  private final MutableClock clock = new MutableClock(FRIDAY_AFTER_CLOSE);

  @BeforeAll
  static void startServer() {
    server = RedisProcess.launch();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private CacheTier redisTier() {
    return new RedisCacheProvider().open(TierSettings.of(Map.of(RedisCacheProvider.HOST, "127.0.0.1",
        RedisCacheProvider.PORT, String.valueOf(server.port())), clock));
  }

  private AdaptiveCache cacheOver(CacheTier tier) {
    return AdaptiveCache.builder().environment(Map.of("TA_CACHE_MARKET_OPEN_JITTER", "0"))
        .discoverTiers(false).tier(tier).clock(clock).build();
  }

  private void advanceTo(Instant instant) {
    clock.advance(Duration.between(clock.instant(), instant));
  }

  @Test
  void fridayAfterClose_readBackFromRedis_keepsItsExpiry_andExpiresAtMondaysOpenPlusMargin() {
    try (AdaptiveCache writer = cacheOver(redisTier())) {
      writer.put(AAPL, "friday close");
    }
    try (CacheTier tier = redisTier()) {
      TierEntry stored = Objects.requireNonNull(tier.get(AAPL.asString()));
      assertThat(Instant.ofEpochMilli(stored.expiresAtMillis())).isEqualTo(MONDAY_OPEN_PLUS_MARGIN);
    }

    advanceTo(Instant.parse("2026-03-07T15:00:00Z"));
    try (AdaptiveCache reader = cacheOver(redisTier())) {
      assertThat(reader.get(AAPL, String.class)).as("Saturday, from Redis").isEqualTo("friday close");
      advanceTo(MONDAY_OPEN_PLUS_MARGIN.minusMillis(1));
      assertThat(reader.get(AAPL, String.class)).isEqualTo("friday close");
      advanceTo(MONDAY_OPEN_PLUS_MARGIN);
      assertThat(reader.get(AAPL, String.class)).isNull();
    }
  }
}
