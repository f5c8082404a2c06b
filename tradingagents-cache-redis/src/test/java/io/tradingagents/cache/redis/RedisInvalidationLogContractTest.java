package io.tradingagents.cache.redis;

import io.tradingagents.cache.spi.InvalidationLog;
import io.tradingagents.cache.spi.InvalidationLogContractTest;
import io.tradingagents.cache.spi.TierSettings;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import redis.clients.jedis.Jedis;

/** The log contract, run against the Redis tier's log on a real standalone redis-server. */
class RedisInvalidationLogContractTest extends InvalidationLogContractTest {
  private static RedisProcess server;
  private RedisTier tier;

  @BeforeAll
  static void startServer() {
    server = RedisProcess.launch();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @AfterEach
  void closeTier() {
    tier.close();
  }

  @Override
  protected InvalidationLog createLog() {
    try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
      jedis.flushAll(); // the test's own throwaway server
    }
    tier = (RedisTier) new RedisCacheProvider().open(TierSettings.of(Map.of(RedisCacheProvider.HOST,
        "127.0.0.1", RedisCacheProvider.PORT, String.valueOf(server.port())), Clock.systemUTC()));
    return tier.invalidationLog().orElseThrow();
  }

  @Override
  protected void loseHistory(String namespace) {
    try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
      jedis.del(RedisInvalidationLog.PREFIX + namespace);
    }
  }
}
