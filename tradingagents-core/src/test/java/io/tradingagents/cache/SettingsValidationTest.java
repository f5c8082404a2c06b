package io.tradingagents.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingagents.cache.spi.TierSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings that cannot be mistyped, and credentials that never show. */
class SettingsValidationTest {

  private static AdaptiveCacheBuilder isolated(Map<String, String> env) {
    return AdaptiveCache.builder().environment(env).discoverTiers(false);
  }

  private static void assertRefused(Map<String, String> env, String setting, String... fragments) {
    assertThatThrownBy(() -> isolated(env).build())
        .isInstanceOfSatisfying(CacheConfigurationException.class, e -> {
          assertThat(e.setting()).isEqualTo(setting);
          assertThat(e.getMessage()).contains(fragments);
        });
  }

  @Test
  void anUnknownSetting_failsTheBuild_namingTheClosestKnownOne() {
    assertRefused(Map.of("TA_CACHE_MEMORY_MAX_BYTE", "8MB"), "TA_CACHE_MEMORY_MAX_BYTE",
        "did you mean TA_CACHE_MEMORY_MAX_BYTES?");
    assertRefused(Map.of("TA_CACHE_PERFORMANCE_MOD", "fast"), "TA_CACHE_PERFORMANCE_MOD",
        "did you mean TA_CACHE_PERFORMANCE_MODE?");
  }

  @Test
  void everySettingTheLibraryReads_isKnown() {
    try (AdaptiveCache cache = isolated(Map.of("TA_CACHE_SLOW_OPERATION_THRESHOLD", "5s",
        "TA_CACHE_MAX_SERVE_WITHOUT_LOG", "10s", "TA_CACHE_MARKET_INTRADAY_TTL", "2m",
        "TA_CACHE_MAX_ENTRY_BYTES", "8MB")).build()) {
      assertThat(cache).isNotNull();
    }
  }

  @Test
  void aTierModulesSetting_withoutItsJar_saysSo() {
    // core's tests run without the file module: its TA_CACHE_DIR is not known here
    assertRefused(Map.of("TA_CACHE_DIR", "/srv/cache"), "TA_CACHE_DIR", "class path");
  }

  @Test
  void aMistypedTtlKindOrMarket_failsTheBuild() {
    assertRefused(Map.of("TA_CACHE_TTL_STOCK_DATE_US", "5m"), "TA_CACHE_TTL_STOCK_DATE_US",
        "did you mean TA_CACHE_TTL_STOCK_DATA_US?");
    assertRefused(Map.of("TA_CACHE_TTL_STOCK_DATA_JP", "5m"), "TA_CACHE_TTL_STOCK_DATA_JP",
        "market JP", "TA_CACHE_TTL_STOCK_DATA_US");
    assertRefused(Map.of("TA_CACHE_TTL_STOCK_DATA_USA", "5m"), "TA_CACHE_TTL_STOCK_DATA_USA", "market USA");
    assertRefused(Map.of("TA_CACHE_TTL_NEWZ", "5m"), "TA_CACHE_TTL_NEWZ", "did you mean TA_CACHE_TTL_NEWS?");
  }

  @Test
  void anApplicationsOwnKind_mayHaveATtl() {
    CacheKey key = CacheKey.of(DataKind.of("options_chain"), "AAPL");
    try (AdaptiveCache cache = isolated(Map.of("TA_CACHE_TTL_OPTIONS_CHAIN_US", "7m")).build()) {
      assertThat(cache).isNotNull();
    }
    TtlPolicy policy = TtlPolicy.builder().ttl(DataKind.of("options_chain"), Duration.ofMinutes(7)).build();
    assertThat(policy.ttl(key.kind(), key.market())).isEqualTo(Duration.ofMinutes(7));
  }

  @Test
  void anEmptyValue_isAnErrorNamingTheVariable() {
    assertRefused(Map.of("TA_CACHE_NEGATIVE_TTL", ""), "TA_CACHE_NEGATIVE_TTL", "empty");
    assertRefused(Map.of("TA_CACHE_DIR", " "), "TA_CACHE_DIR", "empty");
  }

  @Test
  void aServiceLinkPort_isReadAsItsPort() {
    TierSettings settings = TierSettings.of(Map.of("REDIS_PORT", "tcp://10.0.0.5:6380"), Clock.systemUTC());
    assertThat(settings.getPort("REDIS_PORT", 6379)).isEqualTo(6380);
    assertThat(settings.isServiceLink("REDIS_PORT")).isTrue();
    settings.requireHostForPort("REDIS_PORT", "REDIS_HOST"); // ignored with an INFO line, no error
  }

  @Test
  void maskUri_masksWhateverThePasswordHolds() {
    assertThat(TierSettings.maskUri("redis://:s3cr?t-P@127.0.0.1:6440/0"))
        .isEqualTo("redis://:****@127.0.0.1:6440/0");
    assertThat(TierSettings.maskUri("mongodb://app:s3cr3t-P@ss/qux9@127.0.0.1:27099/db"))
        .isEqualTo("mongodb://app:****@127.0.0.1:27099/db");
    assertThat(TierSettings.maskUri(":s3cr3t@host:6379")).isEqualTo("****@host:6379");
    assertThat(TierSettings.maskUri("redis:/:s3cr3t@host")).isEqualTo("redis:/****@host");
    assertThat(TierSettings.maskUri("redis://host:6379/0")).isEqualTo("redis://host:6379/0");
  }

  @Test
  void aUrlWhoseHostWouldComeOutOfItsPassword_isRefused_showingOnlyItsScheme() {
    assertThatThrownBy(() -> TierSettings.checkCredentialsEncoded("MONGODB_URL",
        "mongodb://app:s3cr3t-P@ss/qux9@127.0.0.1:27099/db"))
        .isInstanceOf(CacheConfigurationException.class)
        .hasMessageContaining("'mongodb://...'").hasMessageContaining("%40")
        .hasMessageNotContaining("s3cr3t").hasMessageNotContaining("qux9");
    TierSettings.checkCredentialsEncoded("REDIS_URL", "redis://:p%40ss@host:6379/0"); // encoded: fine
  }
}
