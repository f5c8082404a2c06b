package io.tradingagents.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheConfigurationException;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.PerformanceMode;
import io.tradingagents.cache.spi.MemoryTier;
import io.tradingagents.cache.spi.TierKind;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Start-up through {@link AdaptiveCache#builder()} with tier discovery: credentials the server refuses
 * fail the build with a clear message that never contains the password; a server that cannot be reached
 * does not fail it (the cache runs on its other tiers, reports Redis down, and takes Redis up when it
 * appears).
 */
class RedisStartupTest {
  private static final String PASSWORD = "right-password-42";
  private static final String ALICE_PASSWORD = "alice-password-43";
  /** The restricted user the README documents for a shared server. */
  static final String MINIMAL_ACL = "~ta:* ~ta-lock:* ~ta-log:* resetchannels &ta-invalidation:* +get +set +mget"
      + " +unlink +del +pexpire +scan +eval +xadd +xrange +publish +subscribe +unsubscribe +ping +info";
  private static RedisProcess server;

  @BeforeAll
  static void startServer() {
    server = RedisProcess.launch("requirepass " + PASSWORD,
        "user alice on >" + ALICE_PASSWORD + " ~* &* +@all",
        "user tradingagents on >minimal-password " + MINIMAL_ACL);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static AdaptiveCache build(RedisProcess target, String... pairs) {
    Map<String, String> env = new HashMap<>(Map.of("REDIS_HOST", "127.0.0.1",
        "REDIS_PORT", String.valueOf(target.port())));
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return AdaptiveCache.builder().environment(env).discoverTiers(true)
        .tier(new MemoryTier("file", TierKind.FILE, 16 << 20, Clock.systemUTC()))
        .probeInterval(Duration.ofMillis(100)).build();
  }

  @Test
  void wrongPassword_failsTheBuild_withAClearMessageWithoutThePassword() {
    assertThatThrownBy(() -> build(server, "REDIS_PASSWORD", "wrong-password-99"))
        .isInstanceOfSatisfying(CacheConfigurationException.class, e -> {
          assertThat(e.setting()).isEqualTo("REDIS_PASSWORD");
          assertThat(e.getMessage()).contains("refused the credentials").contains("REDIS_PASSWORD")
              .contains(server.address()).doesNotContain("wrong-password-99").doesNotContain(PASSWORD);
        });
  }

  @Test
  void noPassword_whenTheServerRequiresOne_saysSo() {
    assertThatThrownBy(() -> build(server))
        .isInstanceOf(CacheConfigurationException.class)
        .hasMessageContaining("requires a password").hasMessageContaining("REDIS_PASSWORD");
  }

  @Test
  void wrongPasswordInTheUrl_namesTheUrl_andHidesThePassword() {
    assertThatThrownBy(() -> AdaptiveCache.builder().discoverTiers(true).environment(Map.of("REDIS_URL",
        "redis://:url-password-77@127.0.0.1:" + server.port() + "/0")).build())
        .isInstanceOfSatisfying(CacheConfigurationException.class, e -> {
          assertThat(e.setting()).isEqualTo("REDIS_URL");
          assertThat(e.getMessage()).doesNotContain("url-password-77");
        });
  }

  @Test
  void wrongAclUser_failsTheBuild_namingTheUserButNotThePassword() {
    assertThatThrownBy(() -> build(server, "REDIS_USERNAME", "mallory", "REDIS_PASSWORD", ALICE_PASSWORD))
        .isInstanceOfSatisfying(CacheConfigurationException.class, e -> {
          assertThat(e.getMessage()).contains("user 'mallory'").contains("REDIS_USERNAME")
              .doesNotContain(ALICE_PASSWORD);
        });
  }

  @Test
  void rightAclUser_works() {
    try (AdaptiveCache cache = build(server, "REDIS_USERNAME", "alice", "REDIS_PASSWORD", ALICE_PASSWORD)) {
      CacheKey key = CacheKey.of(DataKind.NEWS, "AAPL");
      cache.put(key, "headline");

      assertThat(cache.backendInfo().isAvailable("redis")).isTrue();
      assertThat(cache.performanceMode()).isEqualTo(PerformanceMode.FAST);
      assertThat(cache.stats().tiers()).anySatisfy(t -> {
        assertThat(t.tier()).isEqualTo("redis");
        assertThat(t.puts()).isEqualTo(1);
      });
    }
  }

  @Test
  void userWithOnlyTheDocumentedPermissions_canUseEveryFeature() {
    try (AdaptiveCache cache = build(server, "REDIS_USERNAME", "tradingagents", "REDIS_PASSWORD",
        "minimal-password")) {
      CacheKey key = CacheKey.builder(DataKind.NEWS, "AAPL").namespace("acl").build();
      assertThat(cache.get(key, String.class, k -> "loaded")).isEqualTo("loaded"); // lock, SET, PUBLISH
      cache.putAll(Map.of(CacheKey.of(DataKind.NEWS, "MSFT"), "x"));
      cache.invalidateNamespace("acl"); // SCAN + UNLINK

      assertThat(cache.backendInfo().isAvailable("redis")).isTrue();
      assertThat(cache.backendInfo().tiers()).anySatisfy(t -> assertThat(t.details())
          .containsKey("server_version").containsEntry("db_keys", "3")); // MSFT, and the logs of "acl", "default"
      assertThat(cache.stats().tiers()).anySatisfy(t -> {
        assertThat(t.tier()).isEqualTo("redis");
        assertThat(t.errors()).as("calls the ACL refused").isZero();
      });
      try (Jedis admin = new Jedis("127.0.0.1", server.port())) {
        admin.auth(PASSWORD);
        assertThat(admin.exists(RedisLock.PREFIX + "load:" + key.asString()))
            .as("the load lock was taken and released (EVAL)").isFalse();
        await().atMost(Duration.ofSeconds(5))
            .until(() -> admin.pubsubNumSub("ta-invalidation:0").get("ta-invalidation:0") == 1L);
      }
    }
  }

  @Test
  void unreachableServerAtStartUp_cacheRunsOnItsOtherTiers_reportsRedisDown_andTakesItUpLater() {
    int port = RedisProcess.freePort();
    Map<String, String> env = Map.of("REDIS_HOST", "127.0.0.1", "REDIS_PORT", String.valueOf(port));
    try (AdaptiveCache cache = AdaptiveCache.builder().environment(env).discoverTiers(true)
        .tier(new MemoryTier("file", TierKind.FILE, 16 << 20, Clock.systemUTC()))
        .probeInterval(Duration.ofMillis(100)).build()) {
      CacheKey key = CacheKey.of(DataKind.NEWS, "MSFT");

      cache.put(key, "headline");

      assertThat(cache.get(key, String.class)).isEqualTo("headline");
      assertThat(cache.backendInfo().isAvailable("redis")).isFalse();
      assertThat(cache.backendInfo().isAvailable("file")).isTrue();
      assertThat(cache.performanceMode()).isEqualTo(PerformanceMode.STANDARD);

      try (RedisProcess late = RedisProcess.launch(port, false, java.util.List.of())) {
        await().atMost(Duration.ofSeconds(10)).until(() -> cache.backendInfo().isAvailable("redis"));
        assertThat(cache.performanceMode()).isEqualTo(PerformanceMode.FAST);
        assertThat(late.port()).isEqualTo(port);
      }
    }
  }

  @Test
  void unreachableSentinelsOrClusterAtStartUp_openStillReturnsATierThatIsDown() {
    String nobody = "127.0.0.1:" + RedisProcess.freePort();
    for (Map<String, String> settings : java.util.List.of(Map.of("REDIS_SENTINELS", nobody),
        Map.of("REDIS_CLUSTER_NODES", nobody))) {
      try (io.tradingagents.cache.spi.CacheTier tier = new RedisCacheProvider().open(
          io.tradingagents.cache.spi.TierSettings.of(settings, Clock.systemUTC()))) {
        assertThatThrownBy(tier::ping).as("%s", settings).isInstanceOf(RuntimeException.class);
      }
    }
  }
}
