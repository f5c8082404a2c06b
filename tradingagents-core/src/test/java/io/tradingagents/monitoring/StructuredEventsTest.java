package io.tradingagents.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.spi.MemoryTier;
import io.tradingagents.cache.spi.TierEntry;
import io.tradingagents.cache.spi.TierKind;
import io.tradingagents.cache.testing.CapturedLogs;
import io.tradingagents.cache.testing.FlakyTier;
import io.tradingagents.cache.testing.MutableClock;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine's WARN and lifecycle lines carry the key-value pairs docs/monitoring.md lists. */
class StructuredEventsTest {
  private static final String ENGINE = "io.tradingagents.cache.internal.DefaultAdaptiveCache";
  private static final String TIERS = "io.tradingagents.cache.internal.Tiers";
  private final MutableClock clock = new MutableClock();

  @Test
  void tierGoingDownAndUp_logsTierDownThenTierUp_withTheTierAndTheMode() {
    FlakyTier flaky = new FlakyTier(new MemoryTier("redis", TierKind.REDIS, 1 << 20, clock));
    try (CapturedLogs logs = new CapturedLogs(TIERS);
        AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock)
            .probeInterval(Duration.ofMinutes(1)).tier(flaky).build()) {
      flaky.down = true;
      for (int i = 0; i < 3; i++) {
        cache.get(CacheKey.of(DataKind.NEWS, "K" + i), String.class);
      }
      flaky.down = false;
      ((io.tradingagents.cache.internal.DefaultAdaptiveCache) cache).runMaintenance();

      assertThat(logs.at(Level.WARN)).singleElement().satisfies(e -> assertThat(CapturedLogs.fields(e))
          .containsExactlyInAnyOrderEntriesOf(Map.of("event", "tier_down", "tier", "redis",
              "reason", "breaker_open")));
      assertThat(logs.at(Level.INFO)).extracting(CapturedLogs::fields).anySatisfy(f -> assertThat(f)
          .containsExactlyInAnyOrderEntriesOf(Map.of("event", "tier_up", "tier", "redis")))
          .anySatisfy(f -> assertThat(f).containsExactlyInAnyOrderEntriesOf(Map.of(
              "event", "performance_mode_changed", "mode", "memory_only")));
    }
  }

  @Test
  void tierDownAtStartUp_logsItsErrorCategory() {
    FlakyTier flaky = new FlakyTier(new MemoryTier("redis", TierKind.REDIS, 1 << 20, clock));
    flaky.down = true;
    try (CapturedLogs logs = new CapturedLogs(TIERS);
        AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock)
            .tier(flaky).build()) {
      assertThat(logs.at(Level.WARN)).singleElement().satisfies(e -> assertThat(CapturedLogs.fields(e))
          .containsEntry("event", "tier_down").containsEntry("reason", "startup")
          .containsEntry("error_category", "connection"));
    }
  }

  @Test
  void undecodableEntry_logsDecodeFailure_withNamespaceAndKind() {
    MemoryTier file = new MemoryTier("file", TierKind.FILE, 1 << 20, clock);
    try (CapturedLogs logs = new CapturedLogs(ENGINE);
        AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock)
            .tier(file).build()) {
      CacheKey key = CacheKey.builder(DataKind.FUNDAMENTALS, "600519").namespace("research").build();
      file.put(key.asString(), new TierEntry("garbage".getBytes(StandardCharsets.UTF_8), clock.millis(),
          clock.millis() + 60_000));
      cache.get(key, String.class);

      assertThat(logs.at(Level.WARN)).singleElement().satisfies(e -> assertThat(CapturedLogs.fields(e))
          .containsExactlyInAnyOrderEntriesOf(Map.of("event", "decode_failure", "tier", "file",
              "namespace", "research", "kind", "fundamentals", "error_category", "decode")));
      assertThat(logs.at(Level.INFO)).extracting(CapturedLogs::fields)
          .anySatisfy(f -> assertThat(f).containsEntry("event", "cache_started"));
    }
  }

  @Test
  void errorCategory_followsTheCauses() {
    assertThat(ErrorCategory.of(new UncheckedIOException(new ConnectException("refused"))))
        .isEqualTo(ErrorCategory.CONNECTION);
    assertThat(ErrorCategory.of(new RuntimeException(new SocketTimeoutException("read timed out"))))
        .isEqualTo(ErrorCategory.TIMEOUT);
    assertThat(ErrorCategory.of(new UncheckedIOException(new java.io.IOException("disk full"))))
        .isEqualTo(ErrorCategory.IO);
    assertThat(ErrorCategory.of(new IllegalStateException("bug"))).isEqualTo(ErrorCategory.OTHER);
    assertThat(ErrorCategory.of(null)).isEqualTo(ErrorCategory.OTHER);
  }
}
