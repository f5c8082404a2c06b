package io.tradingagents.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingagents.cache.CacheConfigurationException;
import io.tradingagents.cache.spi.CacheTierProvider;
import io.tradingagents.cache.spi.TierSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;

/** Settings: when the tier is configured, defaults, URL parsing, and clear messages without secrets. */
class RedisCacheProviderTest {
  private final RedisCacheProvider provider = new RedisCacheProvider();

  private static TierSettings settings(String... pairs) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return TierSettings.of(map, Clock.systemUTC());
  }

  private static CacheConfigurationException invalid(String... pairs) {
    try {
      RedisCacheProvider.options(settings(pairs));
    } catch (CacheConfigurationException e) {
      return e;
    }
    throw new AssertionError("expected a CacheConfigurationException for " + List.of(pairs));
  }

  @Test
  void serviceLoader_findsTheProvider() {
    assertThat(ServiceLoader.load(CacheTierProvider.class).stream().map(p -> p.get().name()))
        .contains("redis");
  }

  @Test
  void isConfigured_needsAnAddress_andNotDisabled() {
    assertThat(provider.isConfigured(settings())).isFalse();
    assertThat(provider.isConfigured(settings("REDIS_HOST", "redis"))).isTrue();
    assertThat(provider.isConfigured(settings("REDIS_URL", "redis://redis:6379/0"))).isTrue();
    assertThat(provider.isConfigured(settings("REDIS_SENTINELS", "s1:26379"))).isTrue();
    assertThat(provider.isConfigured(settings("REDIS_CLUSTER_NODES", "n1:7000"))).isTrue();
    assertThat(provider.isConfigured(settings("REDIS_HOST", "redis", "REDIS_ENABLED", "false"))).isFalse();
    assertThatThrownBy(() -> provider.isConfigured(settings("REDIS_HOST", "redis", "REDIS_ENABLED", "maybe")))
        .isInstanceOf(CacheConfigurationException.class).hasMessageContaining("REDIS_ENABLED");
  }

  @Test
  void aPortWithoutAHost_failsNamingBothSettings() {
    assertThatThrownBy(() -> provider.isConfigured(settings("REDIS_PORT", "99999")))
        .isInstanceOf(CacheConfigurationException.class)
        .hasMessageContaining("REDIS_PORT").hasMessageContaining("REDIS_HOST");
  }

  @Test
  void aKubernetesServiceLink_givesThePortToRedisHost_andAloneConfiguresNothing() {
    RedisOptions options = RedisCacheProvider.options(settings("REDIS_HOST", "redis",
        "REDIS_PORT", "tcp://10.0.0.5:6380"));
    assertThat(options.endpoints).containsExactly(new HostAndPort("redis", 6380));
    assertThat(provider.isConfigured(settings("REDIS_PORT", "tcp://10.0.0.5:6379"))).isFalse();
    RedisOptions url = RedisCacheProvider.options(settings("REDIS_URL", "redis://cache:6390/0",
        "REDIS_PORT", "tcp://10.0.0.5:6379"));
    assertThat(url.endpoints).containsExactly(new HostAndPort("cache", 6390));
    assertThat(RedisCacheProvider.options(settings("REDIS_SENTINELS", "s1:26379",
        "REDIS_PORT", "tcp://10.0.0.5:6379")).endpoints).containsExactly(new HostAndPort("s1", 26379));
  }

  @Test
  void aHostWithAPort_saysWhereThePortGoes() {
    assertThat(invalid("REDIS_HOST", "127.0.0.1:6440").getMessage())
        .contains("REDIS_PORT").doesNotContain("optional :port");
  }

  @Test
  void aPasswordHoldingAQuestionMark_isNeverShown_andTheUrlIsRefusedWithHowToEncodeIt() {
    CacheConfigurationException e = invalid("REDIS_URL", "redis://:s3cr?t-P@127.0.0.1:6440/0");
    assertThat(e.getMessage()).doesNotContain("s3cr").doesNotContain("t-P").contains("%3F")
        .contains("REDIS_URL");
    for (String typo : List.of(":s3cr3t@host:6379", "redis:/:s3cr3t@host:6379", "redis//:s3cr3t@host")) {
      assertThat(invalid("REDIS_URL", typo).getMessage()).as(typo).doesNotContain("s3cr3t");
    }
    assertThat(settings("REDIS_URL", "redis://:s3cr?t-P@127.0.0.1:6440/0").toString())
        .doesNotContain("s3cr").doesNotContain("t-P");
  }

  @Test
  void hostSettings_defaultsAreSizedForACache() {
    RedisOptions options = RedisCacheProvider.options(settings("REDIS_HOST", "redis"));

    assertThat(options.mode).isEqualTo(RedisOptions.Mode.STANDALONE);
    assertThat(options.endpoints).containsExactly(new HostAndPort("redis", 6379));
    assertThat(options.database).isZero();
    assertThat(options.poolMax).isEqualTo(16);
    assertThat(options.logMaxLength).isEqualTo(10_000);
    assertThat(options.connectTimeout).isEqualTo(Duration.ofMillis(200));
    assertThat(options.timeout).isEqualTo(Duration.ofMillis(200));
    assertThat(options.clientConfig().getSocketTimeoutMillis()).isEqualTo(200);
    assertThat(options.clientConfig().getConnectionTimeoutMillis()).isEqualTo(200);
    assertThat(options.poolConfig().getMaxWaitDuration()).isEqualTo(Duration.ofMillis(200));
    assertThat(options.hasPassword()).isFalse();
    assertThat(options.clientConfig().getSslOptions()).isNull();
  }

  @Test
  void hostSettings_explicitValues() {
    RedisOptions options = RedisCacheProvider.options(settings("REDIS_HOST", "10.0.0.5", "REDIS_PORT", "6380",
        "REDIS_DB", "3", "REDIS_USERNAME", "app", "REDIS_PASSWORD", "pw", "REDIS_POOL_MAX", "4",
        "REDIS_CONNECT_TIMEOUT", "50ms", "REDIS_TIMEOUT", "1s", "REDIS_SSL", "true"));

    assertThat(options.endpoints).containsExactly(new HostAndPort("10.0.0.5", 6380));
    assertThat(options.database).isEqualTo(3);
    assertThat(options.user).isEqualTo("app");
    assertThat(options.hasPassword()).isTrue();
    assertThat(options.poolMax).isEqualTo(4);
    assertThat(options.connectTimeout).isEqualTo(Duration.ofMillis(50));
    assertThat(options.timeout).isEqualTo(Duration.ofSeconds(1));
    assertThat(options.ssl).isTrue();
    assertThat(options.clientConfig().getSslOptions()).isNotNull();
    assertThat(options.toString()).doesNotContain("pw,").contains("password=****");
  }

  @Test
  void url_suppliesHostPortUserPasswordAndDatabase() {
    RedisOptions options = RedisCacheProvider.options(settings("REDIS_URL",
        "rediss://app:p%40ss@cache.example:6390/7", "REDIS_DB", "2"));

    assertThat(options.endpoints).containsExactly(new HostAndPort("cache.example", 6390));
    assertThat(options.user).isEqualTo("app");
    assertThat(options.hasPassword()).isTrue();
    assertThat(options.redact("said p@ss")).isEqualTo("said ****");
    assertThat(options.passwordSetting).isEqualTo("REDIS_URL");
    assertThat(options.database).as("the URL's database wins").isEqualTo(7);
    assertThat(options.ssl).isTrue();
  }

  @Test
  void url_passwordOnlyForms_andDefaults() {
    RedisOptions colon = RedisCacheProvider.options(settings("REDIS_URL", "redis://:secret@redis"));
    RedisOptions legacy = RedisCacheProvider.options(settings("REDIS_URL", "redis://secret@redis"));
    RedisOptions plain = RedisCacheProvider.options(settings("REDIS_URL", "redis://redis",
        "REDIS_PASSWORD", "from-setting", "REDIS_DB", "4"));

    assertThat(colon.user).isNull();
    assertThat(colon.redact("secret")).isEqualTo("****");
    assertThat(legacy.user).isNull();
    assertThat(legacy.redact("secret")).isEqualTo("****");
    assertThat(plain.endpoints).containsExactly(new HostAndPort("redis", 6379));
    assertThat(plain.redact("from-setting")).isEqualTo("****");
    assertThat(plain.database).isEqualTo(4);
    assertThat(plain.ssl).isFalse();
  }

  @Test
  void badUrl_namesTheSetting_andHidesThePassword() {
    CacheConfigurationException scheme = invalid("REDIS_URL", "http://user:hunter2@redis:6379");
    CacheConfigurationException db = invalid("REDIS_URL", "redis://user:hunter2@redis:6379/99");
    CacheConfigurationException legacy = invalid("REDIS_URL", "redis://hunter2@redis:6379/x");
    CacheConfigurationException slash = invalid("REDIS_URL", "redis://:hunter2/x@:6379/0");
    CacheConfigurationException at = invalid("REDIS_URL", "redis://app:hunter2@x@:6379/0");

    for (CacheConfigurationException e : List.of(scheme, db, legacy, slash, at)) {
      assertThat(e.setting()).isEqualTo("REDIS_URL");
      assertThat(e.getMessage()).contains("REDIS_URL").contains("redis://").doesNotContain("hunter2")
          .doesNotContain("x@");
    }
    assertThat(scheme.getMessage()).contains("scheme");
    assertThat(db.getMessage()).contains("0-15");
  }

  @Test
  void outOfRangeValues_nameTheSettingAndTheAcceptedRange() {
    assertThat(invalid("REDIS_HOST", "redis", "REDIS_PORT", "70000").getMessage())
        .contains("REDIS_PORT").contains("70000").contains("1 to 65535");
    assertThat(invalid("REDIS_HOST", "redis", "REDIS_DB", "16").getMessage()).contains("REDIS_DB");
    assertThat(invalid("REDIS_HOST", "redis", "REDIS_POOL_MAX", "0").getMessage()).contains("REDIS_POOL_MAX");
    assertThat(invalid("REDIS_HOST", "redis", "REDIS_LOG_MAX_LENGTH", "0").getMessage())
        .contains("REDIS_LOG_MAX_LENGTH").contains("0");
    assertThat(invalid("REDIS_HOST", "redis", "REDIS_TIMEOUT", "5m").getMessage())
        .contains("REDIS_TIMEOUT").contains("1ms to 60s");
    assertThat(invalid("REDIS_HOST", "redis", "REDIS_CONNECT_TIMEOUT", "soon").getMessage())
        .contains("REDIS_CONNECT_TIMEOUT");
    assertThat(invalid("REDIS_HOST", "bad host!").getMessage()).contains("REDIS_HOST");
    assertThat(invalid("REDIS_HOST", "redis", "REDIS_PASSWORD", "pw", "REDIS_PORT", "x").getMessage())
        .doesNotContain("pw");
  }

  @Test
  void sentinelAndClusterLists_parsePortsAndDefaults() {
    RedisOptions sentinel = RedisCacheProvider.options(settings("REDIS_SENTINELS", "s1:26380, s2 ,[::1]:26381",
        "REDIS_SENTINEL_MASTER", "cache"));
    RedisOptions cluster = RedisCacheProvider.options(settings("REDIS_CLUSTER_NODES", "n1:7000,n2"));

    assertThat(sentinel.mode).isEqualTo(RedisOptions.Mode.SENTINEL);
    assertThat(sentinel.endpoints).containsExactly(new HostAndPort("s1", 26380), new HostAndPort("s2", 26379),
        new HostAndPort("::1", 26381));
    assertThat(sentinel.sentinelMaster).isEqualTo("cache");
    assertThat(RedisCacheProvider.options(settings("REDIS_SENTINELS", "s1")).sentinelMaster)
        .isEqualTo("mymaster");
    assertThat(cluster.mode).isEqualTo(RedisOptions.Mode.CLUSTER);
    assertThat(cluster.endpoints).containsExactly(new HostAndPort("n1", 7000), new HostAndPort("n2", 6379));
    assertThat(invalid("REDIS_CLUSTER_NODES", "n1:seven").getMessage()).contains("REDIS_CLUSTER_NODES");
    assertThat(invalid("REDIS_SENTINELS", " , ").getMessage()).contains("REDIS_SENTINELS");
  }

  @Test
  void contradictoryTopologies_areRejected() {
    assertThat(invalid("REDIS_SENTINELS", "s1", "REDIS_CLUSTER_NODES", "n1").getMessage())
        .contains("REDIS_SENTINELS").contains("REDIS_CLUSTER_NODES");
    assertThat(invalid("REDIS_HOST", "redis", "REDIS_SENTINELS", "s1").setting()).isEqualTo("REDIS_HOST");
    assertThat(invalid("REDIS_URL", "redis://r", "REDIS_CLUSTER_NODES", "n1").setting()).isEqualTo("REDIS_URL");
    assertThat(invalid("REDIS_CLUSTER_NODES", "n1", "REDIS_DB", "2").getMessage()).contains("one database");
    assertThat(invalid().getMessage()).contains("REDIS_URL").contains("REDIS_ENABLED=false");
  }
}
