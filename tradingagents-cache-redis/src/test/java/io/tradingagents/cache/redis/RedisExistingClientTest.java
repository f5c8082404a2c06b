package io.tradingagents.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.spi.TierSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.PooledConnectionProvider;

/**
 * A cache on the application's own {@link RedisClient} ({@link RedisTier#using}), on a real redis-server
 * with a password and database 3: it reads and writes through that client, its invalidations reach (and
 * come from) an instance configured by {@code REDIS_*} settings on the same database, and closing the
 * cache leaves the client working.
 */
class RedisExistingClientTest {
  private static final String PASSWORD = "app-secret";
  private static final int DB = 3;
  private static final CacheKey KEY = CacheKey.of(DataKind.STOCK_DATA, "AAPL");
  private static RedisProcess server;
  private RedisClient client;
  private AdaptiveCache settingsCache;

  @BeforeAll
  static void startServer() {
    server = RedisProcess.launch("requirepass " + PASSWORD);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private JedisClientConfig config() {
    return DefaultJedisClientConfig.builder().password(PASSWORD).database(DB).socketTimeoutMillis(500).build();
  }

  private RedisClient appClient() {
    client = RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", server.port())).clientConfig(config())
        .build();
    return client;
  }

  @AfterEach
  void closeAll() {
    if (settingsCache != null) {
      settingsCache.close();
    }
    if (client != null) {
      client.flushDB(); // the test's own server
      client.close();
    }
  }

  private static AdaptiveCache cacheOn(RedisTier tier) {
    return AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).tier(tier)
        .probeInterval(Duration.ofMillis(100)).build();
  }

  private ObservedTier settingsTier() {
    return new ObservedTier(new RedisCacheProvider().open(TierSettings.of(Map.of(
        RedisCacheProvider.HOST, "127.0.0.1", RedisCacheProvider.PORT, String.valueOf(server.port()),
        RedisCacheProvider.PASSWORD, PASSWORD, RedisCacheProvider.DB, String.valueOf(DB)), Clock.systemUTC())));
  }

  @Test
  void cacheOnTheApplicationsClient_sharesEntriesAndInvalidations_andLeavesTheClientOpen() {
    RedisClient app = appClient();
    AdaptiveCache cache = cacheOn(RedisTier.using(app, config(), Clock.systemUTC()));
    ObservedTier other = settingsTier();
    settingsCache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).tier(other)
        .probeInterval(Duration.ofMillis(100)).build();
    await().atMost(Duration.ofSeconds(5)).until(() -> other.subscriptions.get() >= 1);

    cache.put(KEY, "v1");
    assertThat(app.exists(KEY.asString())).as("written through the application's client, database 3").isTrue();
    assertThat(settingsCache.get(KEY, String.class)).isEqualTo("v1"); // now in the other instance's memory
    long before = other.receivedFor(KEY.asString());
    cache.put(KEY, "v2");
    await().atMost(Duration.ofSeconds(5)).until(() -> other.receivedFor(KEY.asString()) > before);
    assertThat(settingsCache.get(KEY, String.class)).as("its in-process copy was dropped").isEqualTo("v2");
    assertThat(cache.get(KEY, String.class)).isEqualTo("v2");
    assertThat(cache.backendInfo().toString()).doesNotContain(PASSWORD);

    settingsCache.put(KEY, "v3"); // and the other way round: this cache's subscriber hears it
    await().atMost(Duration.ofSeconds(5)).until(() -> "v3".equals(cache.get(KEY, String.class)));

    cache.close();
    app.set("app:own-key", "still works");
    assertThat(app.get("app:own-key")).isEqualTo("still works");
    assertThat(app.get(KEY.asString())).as("the entry stays in Redis").isNotNull();
  }

  @Test
  void anotherKindOfUnifiedJedis_isRefusedWithWhatToUse() {
    try (UnifiedJedis plain = new UnifiedJedis(new PooledConnectionProvider(
        new HostAndPort("127.0.0.1", server.port()), config()), 1, Duration.ofMillis(200))) {
      assertThatThrownBy(() -> RedisTier.using(plain, config(), Clock.systemUTC()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("RedisClient, RedisSentinelClient or RedisClusterClient")
          .hasMessageContaining(UnifiedJedis.class.getName());
    }
  }

  @Test
  void closingTheTierTwice_leavesTheClientOpen() {
    RedisClient app = appClient();
    RedisTier tier = RedisTier.using(app, config(), Clock.systemUTC());
    tier.ping();
    assertThat(tier.usage().details()).containsEntry("mode", "standalone").containsEntry("database", "3");
    tier.close();
    tier.close();
    assertThat(app.ping()).isEqualTo("PONG");
    assertThat(List.of(app.dbSize())).containsExactly(0L);
  }
}
