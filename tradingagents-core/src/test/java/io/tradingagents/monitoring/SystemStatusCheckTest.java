package io.tradingagents.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.PerformanceMode;
import io.tradingagents.cache.spi.MemoryTier;
import io.tradingagents.cache.spi.TierKind;
import io.tradingagents.cache.testing.FlakyTier;
import io.tradingagents.cache.testing.MutableClock;
import io.tradingagents.monitoring.SystemStatus.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemStatusCheckTest {
  private static final Map<String, String> ALL_KEYS = Map.of("DASHSCOPE_API_KEY", "ds-secret-1",
      "FINNHUB_API_KEY", "fh-secret-2", "TUSHARE_TOKEN", "ts-secret-3", "GOOGLE_API_KEY", "gg-secret-4",
      "DEEPSEEK_API_KEY", "dk-secret-5", "OPENAI_API_KEY", "sk-secret-6");

  private final MutableClock clock = new MutableClock();
  private final FlakyTier redis = new FlakyTier(new MemoryTier("redis", TierKind.REDIS, 16 << 20, clock));
  private final FlakyTier file = new FlakyTier(new MemoryTier("file", TierKind.FILE, 16 << 20, clock));
  private final List<AdaptiveCache> caches = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @TempDir Path dir;

  private AdaptiveCache cache(FlakyTier... tiers) {
    var builder = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock)
        .probeInterval(Duration.ofMinutes(1));
    for (FlakyTier tier : tiers) {
      builder.tier(tier);
    }
    AdaptiveCache cache = builder.build();
    caches.add(cache);
    return cache;
  }

  @AfterEach
  void close() {
    release.countDown();
    caches.forEach(AdaptiveCache::close);
  }

  @Test
  void everythingUp_isOk_withNoReasons() {
    SystemStatus status = SystemStatusCheck.builder(cache(redis, file)).clock(clock).environment(ALL_KEYS)
        .logDirectory(dir).build().run();

    assertThat(status.verdict()).isEqualTo(Verdict.OK);
    assertThat(status.reasons()).isEmpty();
    assertThat(status.tiers()).extracting(SystemStatus.TierStatus::name).containsExactly("memory", "redis", "file");
    assertThat(status.performanceMode()).isEqualTo(PerformanceMode.FAST);
    assertThat(status.performanceModeReason()).isEqualTo("fast: redis + file up");
    assertThat(status.apiKeys()).hasSize(6).allMatch(SystemStatus.ApiKeyStatus::set);
    assertThat(status.logDirectory().writable()).isTrue();
    assertThat(status.stats()).isNotNull();
    assertThat(status.calendars()).extracting(SystemStatus.CalendarStatus::valid).containsExactly(true, true, true);
  }

  @Test
  void memoryOnlyByChoice_isOk() {
    SystemStatus status = SystemStatusCheck.builder(cache()).clock(clock).environment(ALL_KEYS).build().run();

    assertThat(status.verdict()).isEqualTo(Verdict.OK);
    assertThat(status.performanceMode()).isEqualTo(PerformanceMode.MEMORY_ONLY);
  }

  @Test
  void oneTierDown_isWarning_namingIt() {
    redis.down = true;
    SystemStatus status = SystemStatusCheck.builder(cache(redis, file)).clock(clock).environment(ALL_KEYS).build().run();

    assertThat(status.verdict()).isEqualTo(Verdict.WARNING);
    assertThat(status.reasons()).containsExactly("tier redis is down (circuit OPEN)");
    assertThat(status.performanceModeReason()).isEqualTo("standard: file up; redis down");
  }

  @Test
  void everySharedTierDown_isCritical() {
    redis.down = true;
    file.down = true;
    SystemStatus status = SystemStatusCheck.builder(cache(redis, file)).clock(clock).environment(ALL_KEYS).build().run();

    assertThat(status.verdict()).isEqualTo(Verdict.CRITICAL);
    assertThat(status.reasons().get(0)).startsWith("no shared tier is reachable");
  }

  @Test
  void missingApiKey_isWarning_andNoValueAppearsAnywhere() {
    Map<String, String> env = new java.util.HashMap<>(ALL_KEYS);
    env.remove("TUSHARE_TOKEN");
    SystemStatus status = SystemStatusCheck.builder(cache()).clock(clock).environment(env).build().run();

    assertThat(status.verdict()).isEqualTo(Verdict.WARNING);
    assertThat(status.reasons()).containsExactly("API key variable TUSHARE_TOKEN is not set");
    assertThat(status.toString()).doesNotContain("secret");
  }

  @Test
  void hungStore_costsAtMostTheTimeout_andIsReported() {
    SystemStatus status = SystemStatusCheck.builder(cache()).clock(clock).environment(ALL_KEYS)
        .timeout(Duration.ofMillis(200))
        .store("usage", () -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return 0;
        }).build().run();

    assertThat(status.verdict()).isEqualTo(Verdict.WARNING);
    assertThat(status.stores()).singleElement().satisfies(s -> {
      assertThat(s.reachable()).isFalse();
      assertThat(s.problem()).isEqualTo("no answer within the timeout");
    });
  }

  @Test
  void journalBacklog_isWarning_withItsCount() {
    SystemStatus status = SystemStatusCheck.builder(cache()).clock(clock).environment(ALL_KEYS)
        .store("usage", () -> 42).journal("usage-journal", () -> 3).build().run();

    assertThat(status.verdict()).isEqualTo(Verdict.WARNING);
    assertThat(status.reasons()).containsExactly("journal usage-journal holds 3 records waiting for replay");
    assertThat(status.stores()).extracting(SystemStatus.StoreStatus::records).containsExactly(42L, 3L);
  }

  @Test
  void writeCheck_roundTripsOneKeyAndRemovesIt() {
    AdaptiveCache cache = cache(redis, file);
    SystemStatus status = SystemStatusCheck.builder(cache).clock(clock).environment(ALL_KEYS).writeCheck(true).build().run();

    assertThat(status.writeCheck().ok()).as(status.writeCheck().detail()).isTrue();
    assertThat(status.verdict()).isEqualTo(Verdict.OK);
    assertThat(redis.usage().entryCount()).isZero();
    assertThat(file.usage().entryCount()).isZero();
  }

  @Test
  void readOnlyByDefault_writesNothing() {
    AdaptiveCache cache = cache(redis, file);
    SystemStatusCheck.builder(cache).clock(clock).environment(ALL_KEYS).build().run();

    assertThat(redis.usage().entryCount()).isZero();
    assertThat(cache.stats().tiers()).allMatch(t -> t.puts() == 0);
  }

  @Test
  void unwritableLogDirectory_isWarning() throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    SystemStatus status = SystemStatusCheck.builder(cache()).clock(clock).environment(ALL_KEYS)
        .logDirectory(notADirectory.resolve("logs")).build().run();

    assertThat(status.verdict()).isEqualTo(Verdict.WARNING);
    assertThat(status.logDirectory().writable()).isFalse();
    assertThat(status.reasons().get(0)).startsWith("log directory " + notADirectory.resolve("logs") + " is not writable");
  }

  @Test
  void builder_rejectsBadTimeoutAndDuplicateStoreNames_sayingWhatToDo() {
    SystemStatusCheck.Builder builder = SystemStatusCheck.builder(cache()).store("usage", () -> 0);
    assertThatThrownBy(() -> builder.timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be between 1ms and 5m but was PT0S; use e.g. Duration.ofSeconds(2)");
    assertThatThrownBy(() -> builder.journal("usage", () -> 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be unique");
    assertThat(CacheKey.builder(DataKind.STOCK_DATA, "STATUS").namespace(SystemStatusCheck.WRITE_CHECK_NAMESPACE)
        .build().namespace()).isEqualTo("ta-status-check");
  }
}
