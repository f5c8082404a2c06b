package io.tradingagents.cache.file;

import io.tradingagents.cache.testing.MutableClock;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingagents.cache.CacheConfigurationException;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.spi.CacheTierProvider;
import io.tradingagents.cache.spi.TierEntry;
import io.tradingagents.cache.spi.TierKind;
import io.tradingagents.cache.spi.TierSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings, defaults and validation of {@link FileCacheProvider}. */
class FileCacheProviderTest {
  @TempDir
  Path temp;

  private final MutableClock clock = new MutableClock();
  private final FileCacheProvider provider = new FileCacheProvider();

  private TierSettings settings(Map<String, String> values) {
    return TierSettings.of(values, clock);
  }

  @Test
  void serviceLoader_findsTheFileProvider() {
    assertThat(ServiceLoader.load(CacheTierProvider.class).stream().map(ServiceLoader.Provider::get))
        .anySatisfy(p -> {
          assertThat(p).isInstanceOf(FileCacheProvider.class);
          assertThat(p.name()).isEqualTo("file");
        });
  }

  @Test
  void isConfigured_byDefault_isTrue() {
    assertThat(provider.isConfigured(settings(Map.of()))).isTrue();
  }

  @Test
  void isConfigured_enabledFalse_isFalse() {
    assertThat(provider.isConfigured(settings(Map.of("TA_CACHE_FILE_ENABLED", "false")))).isFalse();
  }

  @Test
  void isConfigured_enabledMalformed_throwsNamingTheSetting() {
    assertThatThrownBy(() -> provider.isConfigured(settings(Map.of("TA_CACHE_FILE_ENABLED", "maybe"))))
        .isInstanceOfSatisfying(CacheConfigurationException.class,
            e -> assertThat(e.setting()).isEqualTo("TA_CACHE_FILE_ENABLED"))
        .hasMessageContaining("TA_CACHE_FILE_ENABLED").hasMessageContaining("maybe");
  }

  @Test
  void open_readsEverySetting() {
    Path directory = temp.resolve("cache");
    try (CacheTier tier = provider.open(settings(Map.of(
        "TA_CACHE_DIR", directory.toString(),
        "TA_CACHE_FILE_MAX_BYTES", "2MB",
        "TA_CACHE_FILE_SWEEP_INTERVAL", "30s",
        "TA_CACHE_FILE_FSYNC", "true")))) {

      assertThat(tier).isInstanceOf(FileTier.class);
      assertThat(tier.name()).isEqualTo("file");
      assertThat(tier.kind()).isEqualTo(TierKind.FILE);
      assertThat(((FileTier) tier).options())
          .isEqualTo(new FileTier.Options(directory, 2L << 20, Duration.ofSeconds(30), true, clock));
      assertThat(tier.usage().details()).containsEntry("directory", directory.toString());
      assertThat(directory).isDirectory();
    }
  }

  @Test
  void open_onlyDirectorySet_usesTheDefaults() {
    try (CacheTier tier = provider.open(settings(Map.of("TA_CACHE_DIR", temp.toString())))) {

      assertThat(((FileTier) tier).options())
          .isEqualTo(new FileTier.Options(temp, 1L << 30, Duration.ofMinutes(5), false, clock));
    }
  }

  @Test
  void defaultDirectory_isUnderTheUsersCacheDirectory() {
    assertThat(FileCacheProvider.defaultDirectory())
        .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "tradingagents-cache"));
  }

  @Test
  void open_usesTheSettingsClockForExpiry() {
    try (CacheTier tier = provider.open(settings(Map.of("TA_CACHE_DIR", temp.toString())))) {
      String key = CacheKey.of(DataKind.NEWS, "AAPL").asString();
      tier.put(key, new TierEntry("n".getBytes(UTF_8), clock.millis(), clock.millis() + 60_000));
      assertThat(tier.get(key)).isNotNull();

      clock.advance(Duration.ofMinutes(1));

      assertThat(tier.get(key)).isNull();
    }
  }

  @Test
  void open_maxBytesNotASize_throwsNamingTheSetting() {
    assertConfigurationError("TA_CACHE_FILE_MAX_BYTES", "lots");
  }

  @Test
  void open_maxBytesZero_throwsNamingTheSetting() {
    assertConfigurationError("TA_CACHE_FILE_MAX_BYTES", "0");
  }

  @Test
  void open_sweepIntervalZeroOrTooLong_throwsNamingTheSetting() {
    assertConfigurationError("TA_CACHE_FILE_SWEEP_INTERVAL", "0s");
    assertConfigurationError("TA_CACHE_FILE_SWEEP_INTERVAL", "2d");
  }

  @Test
  void open_fsyncMalformed_throwsNamingTheSetting() {
    assertConfigurationError("TA_CACHE_FILE_FSYNC", "sometimes");
  }

  private void assertConfigurationError(String setting, String value) {
    TierSettings settings = settings(Map.of("TA_CACHE_DIR", temp.toString(), setting, value));

    assertThatThrownBy(() -> provider.open(settings))
        .isInstanceOfSatisfying(CacheConfigurationException.class,
            e -> assertThat(e.setting()).isEqualTo(setting))
        .hasMessageStartingWith(setting + " must be ")
        .hasMessageContaining("'" + value + "'");
  }

  @Test
  void open_directoryIsARegularFile_opensButPingThrows() throws IOException {
    Path notADirectory = Files.writeString(temp.resolve("file"), "x");

    try (CacheTier tier = provider.open(settings(Map.of("TA_CACHE_DIR", notADirectory.toString())))) {
      assertThatThrownBy(tier::ping)
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining(notADirectory.toString())
          .hasMessageContaining("TA_CACHE_DIR");
    }
  }
}
