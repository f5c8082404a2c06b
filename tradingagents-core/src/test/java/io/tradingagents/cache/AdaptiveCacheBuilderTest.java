package io.tradingagents.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingagents.cache.spi.TierSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdaptiveCacheBuilderTest {

  private static AdaptiveCacheBuilder isolated(Map<String, String> env) {
    return AdaptiveCache.builder().environment(env).discoverTiers(false);
  }

  @Test
  void malformedSetting_namesTheVariableTheValueAndWhatIsAccepted() {
    assertThatThrownBy(() -> isolated(Map.of("TA_CACHE_MEMORY_MAX_BYTES", "lots")).build())
        .isInstanceOf(CacheConfigurationException.class)
        .hasMessageContaining("TA_CACHE_MEMORY_MAX_BYTES").hasMessageContaining("'lots'")
        .hasMessageContaining("64MB")
        .satisfies(e -> assertThat(((CacheConfigurationException) e).setting())
            .isEqualTo("TA_CACHE_MEMORY_MAX_BYTES"));
  }

  @Test
  void unknownPerformanceMode_isRejectedAtBuild() {
    assertThatThrownBy(() -> isolated(Map.of("TA_CACHE_PERFORMANCE_MODE", "turbo")).build())
        .isInstanceOf(CacheConfigurationException.class).hasMessageContaining("turbo")
        .hasMessageContaining("high_performance");
  }

  @Test
  void negativeTtlSetting_isRejected() {
    assertThatThrownBy(() -> isolated(Map.of("TA_CACHE_TTL_NEWS_US", "-5s")).build())
        .isInstanceOf(CacheConfigurationException.class).hasMessageContaining("TA_CACHE_TTL_NEWS_US");
  }

  @Test
  void ttlSettings_overrideTheTablePerKindAndMarket() {
    MutableClockHolder clock = new MutableClockHolder();
    // The flat table only: market-aware expiry (on for stock data by default) is switched off.
    try (AdaptiveCache cache = isolated(Map.of("TA_CACHE_TTL_STOCK_DATA_US", "90m",
        "TA_CACHE_MARKET_EXPIRY", "none")).clock(clock.clock)
        .build()) {
      CacheKey aapl = CacheKey.of(DataKind.STOCK_DATA, "AAPL");
      cache.put(aapl, "v");
      clock.clock.advance(Duration.ofMinutes(89));
      assertThat(cache.get(aapl, String.class)).isEqualTo("v");
      clock.clock.advance(Duration.ofMinutes(2));
      assertThat(cache.get(aapl, String.class)).isNull();
    }
  }

  @Test
  void secrets_areMaskedInMessagesAndToString() {
    CacheConfigurationException e = TierSettings.invalid("REDIS_URL", "redis://app:s3cret@db:6379/0",
        "a redis:// URI", null);
    assertThat(e.getMessage()).doesNotContain("s3cret").contains("redis://app:****@db:6379/0");
    assertThat(TierSettings.invalid("REDIS_PASSWORD", "s3cret", "text", null).getMessage())
        .doesNotContain("s3cret");
    assertThat(TierSettings.of(Map.of("MONGODB_PASSWORD", "s3cret"), Clock.systemUTC()).toString())
        .doesNotContain("s3cret");
    assertThat(TierSettings.maskUri("mongodb://app:p@ss/w@db1:27017,db2:27017/ta?authSource=admin"))
        .isEqualTo("mongodb://app:****@db1:27017,db2:27017/ta?authSource=admin");
    assertThat(TierSettings.maskUri("redis://db:6379/0")).isEqualTo("redis://db:6379/0");
    assertThat(TierSettings.maskUri("redis://:secret@db:6379")).isEqualTo("redis://:****@db:6379");
  }

  @Test
  void builderValues_winOverEnvironment_whichWinsOverPropertiesFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cache.properties");
    Files.writeString(file, "TA_CACHE_PERFORMANCE_MODE=standard\nTA_CACHE_NEGATIVE_TTL=5s\n");
    try (AdaptiveCache cache = isolated(Map.of("TA_CACHE_PERFORMANCE_MODE", "memory_only"))
        .propertiesFile(file).build()) {
      assertThat(cache.performanceMode()).isEqualTo(PerformanceMode.MEMORY_ONLY);
    }
    try (AdaptiveCache cache = isolated(Map.of()).propertiesFile(file).build()) {
      assertThat(cache.backendInfo().configuredMode()).isEqualTo(PerformanceMode.STANDARD);
    }
    try (AdaptiveCache cache = isolated(Map.of("TA_CACHE_PERFORMANCE_MODE", "memory_only"))
        .performanceMode(PerformanceMode.FAST).build()) {
      assertThat(cache.backendInfo().configuredMode()).isEqualTo(PerformanceMode.FAST);
      assertThat(cache.performanceMode()).isEqualTo(PerformanceMode.MEMORY_ONLY); // no tier is up
    }
  }

  @Test
  void missingPropertiesFile_saysWhichFile(@TempDir Path dir) {
    Path missing = dir.resolve("nope.properties");
    assertThatThrownBy(() -> isolated(Map.of()).propertiesFile(missing).build())
        .isInstanceOf(CacheConfigurationException.class).hasMessageContaining("nope.properties");
  }

  @Test
  void setters_validateAtOnce_andRejectASecondCall() {
    AdaptiveCacheBuilder builder = AdaptiveCache.builder();
    assertThatThrownBy(() -> builder.maximumMemoryBytes(-5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maximumMemoryBytes must be >= 1048576 (1 MiB) but was -5");
    builder.maximumMemoryBytes(8 << 20);
    assertThatThrownBy(() -> builder.maximumMemoryBytes(16 << 20)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already set");
    assertThatThrownBy(() -> builder.slowCallThreshold(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void settingParsers_acceptUnits() {
    TierSettings s = TierSettings.of(Map.of("A", "250ms", "B", "PT2H", "C", "64MB", "D", "yes", "E", "90"),
        Clock.systemUTC());
    assertThat(s.getDuration("A", Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
    assertThat(s.getDuration("B", Duration.ZERO)).isEqualTo(Duration.ofHours(2));
    assertThat(s.getBytes("C", 0)).isEqualTo(64L << 20);
    assertThat(s.getBoolean("D", false)).isTrue();
    assertThat(s.getDuration("E", Duration.ZERO)).isEqualTo(Duration.ofSeconds(90));
    assertThatThrownBy(() -> s.getInt("E", 0, 1, 10)).isInstanceOf(CacheConfigurationException.class)
        .hasMessage("E must be an integer from 1 to 10 but was '90'");
  }

  /** Keeps the test's clock type local to this file. */
  private static final class MutableClockHolder {
    final io.tradingagents.cache.testing.MutableClock clock = new io.tradingagents.cache.testing.MutableClock();
  }

  @Test
  void maxServeWithoutLog_outOfRange_isRejectedWithTheValueAndTheRange() {
    assertThatThrownBy(() -> AdaptiveCache.builder().maxServeWithoutLog(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxServeWithoutLog must be between 0 and 7d but was PT-1S; leave it unset to serve "
            + "in-process copies for the whole outage");
    assertThatThrownBy(() -> AdaptiveCache.builder().maxServeWithoutLog(Duration.ofDays(8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT192H");
    assertThatThrownBy(() -> isolated(Map.of("TA_CACHE_MAX_SERVE_WITHOUT_LOG", "30d")).build())
        .isInstanceOf(CacheConfigurationException.class).hasMessageContaining("TA_CACHE_MAX_SERVE_WITHOUT_LOG")
        .hasMessageContaining("30d").hasMessageContaining("between 0 and 7d");
  }
}
