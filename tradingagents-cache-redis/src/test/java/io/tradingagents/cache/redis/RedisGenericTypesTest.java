package io.tradingagents.cache.redis;

import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.spi.TierSettings;
import io.tradingagents.cache.testing.GenericTypesContract;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Generic value types through a real {@code redis-server}. */
class RedisGenericTypesTest extends GenericTypesContract {
  private static RedisProcess server;

  @BeforeAll
  static void startServer() {
    server = RedisProcess.launch();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Override
  protected CacheTier newTier() {
    return new RedisCacheProvider().open(TierSettings.of(Map.of(RedisCacheProvider.HOST, "127.0.0.1",
        RedisCacheProvider.PORT, String.valueOf(server.port())), Clock.systemUTC()));
  }
}
