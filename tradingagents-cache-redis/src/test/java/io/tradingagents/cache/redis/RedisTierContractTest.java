package io.tradingagents.cache.redis;

import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.spi.CacheTierContractTest;
import io.tradingagents.cache.spi.TierSettings;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import redis.clients.jedis.Jedis;

/** The contract every tier meets, run against a {@link RedisTier} on a real standalone redis-server. */
class RedisTierContractTest extends CacheTierContractTest {
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
  protected CacheTier createTier() {
    try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
      jedis.flushAll(); // the test's own throwaway server: every test starts empty
    }
    return new RedisCacheProvider().open(TierSettings.of(Map.of(RedisCacheProvider.HOST, "127.0.0.1",
        RedisCacheProvider.PORT, String.valueOf(server.port())), Clock.systemUTC()));
  }
}
