package io.tradingagents.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheConfigurationException;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.testing.CapturedLogs;
import io.tradingagents.cache.testing.MutableClock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SlowOperationsTest {
  private final AtomicLong nanos = new AtomicLong();

  private void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  @Test
  void operationOverItsThreshold_logsOneWarnWithItsFields_andIsCounted() {
    SlowOperations monitor = SlowOperations.builder().ticker(nanos::get).build();
    try (CapturedLogs logs = new CapturedLogs(SlowOperations.class)) {
      String result = monitor.time("upstream.tushare", () -> {
        advance(Duration.ofMillis(10_500));
        return "quotes";
      });

      assertThat(result).isEqualTo("quotes");
      assertThat(logs.at(Level.WARN)).singleElement().satisfies(event -> {
        assertThat(CapturedLogs.fields(event)).containsExactlyInAnyOrderEntriesOf(Map.of(
            "event", "slow_operation", "operation", "upstream.tushare", "duration_ms", "10500",
            "threshold_ms", "10000", "outcome", "success"));
        assertThat(event.getFormattedMessage())
            .isEqualTo("Slow operation upstream.tushare: took 10500 ms, over its threshold of 10000 ms");
      });
      assertThat(monitor.count("upstream.tushare")).isEqualTo(1);
    }
  }

  @Test
  void operationWithinItsThreshold_logsNothing_andCountsNothing() {
    SlowOperations monitor = SlowOperations.builder().ticker(nanos::get).build();
    try (CapturedLogs logs = new CapturedLogs(SlowOperations.class)) {
      monitor.run("upstream.tushare", () -> advance(Duration.ofSeconds(10)));
      assertThat(logs.events()).isEmpty();
      assertThat(monitor.counts()).isEmpty();
    }
  }

  @Test
  void thresholds_comeFromTheOperation_thenTheEnvironment_thenTenSeconds() {
    SlowOperations monitor = SlowOperations.builder()
        .environment(Map.of(SlowOperations.THRESHOLD_SETTING, "3s"))
        .threshold("llm.market_analyst", Duration.ofSeconds(30)).build();
    assertThat(monitor.threshold("llm.market_analyst")).isEqualTo(Duration.ofSeconds(30));
    assertThat(monitor.threshold("upstream.tushare")).isEqualTo(Duration.ofSeconds(3));
    assertThat(SlowOperations.defaults().threshold("upstream.tushare")).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void failingOperation_isStillTimed_andItsExceptionPropagates() {
    SlowOperations monitor = SlowOperations.builder().ticker(nanos::get).build();
    try (CapturedLogs logs = new CapturedLogs(SlowOperations.class)) {
      assertThatThrownBy(() -> monitor.run("upstream.akshare", () -> {
        advance(Duration.ofSeconds(11));
        throw new IllegalStateException("timeout (simulated)");
      })).isInstanceOf(IllegalStateException.class).hasMessage("timeout (simulated)");
      assertThat(logs.at(Level.WARN)).singleElement()
          .satisfies(e -> assertThat(CapturedLogs.fields(e)).containsEntry("outcome", "failure"));
    }
  }

  @Test
  void watchedCache_reportsItsSlowLoads_withNamespaceAndKind_neverTheSymbol() {
    MutableClock clock = new MutableClock();
    SlowOperations monitor = SlowOperations.builder().threshold(SlowOperations.CACHE_LOAD, Duration.ofMillis(1))
        .build();
    try (AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock)
        .build(); CapturedLogs logs = new CapturedLogs(SlowOperations.class)) {
      monitor.watch(cache).watch(cache); // a second watch must not report twice
      java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
      CacheKey key = CacheKey.builder(DataKind.NEWS, "AAPL").namespace("research").build();
      cache.get(key, String.class, k -> {
        // A loader slower than 1 ms without sleeping: wait on a latch nobody counts down.
        never.await(20, java.util.concurrent.TimeUnit.MILLISECONDS);
        return "digest";
      });

      assertThat(logs.at(Level.WARN)).hasSize(1);
      ILoggingEvent event = logs.at(Level.WARN).get(0);
      assertThat(CapturedLogs.fields(event)).containsEntry("event", "slow_operation")
          .containsEntry("operation", "cache.load").containsEntry("namespace", "research")
          .containsEntry("kind", "news").containsEntry("threshold_ms", "1");
      assertThat(event.getFormattedMessage() + CapturedLogs.fields(event)).doesNotContain("AAPL");
      assertThat(monitor.count("cache.load")).isEqualTo(1);
    }
  }

  @Test
  void counts_reachMicrometer_includingThoseBeforeBinding() {
    SlowOperations monitor = SlowOperations.builder().ticker(nanos::get).build();
    monitor.record("upstream.tushare", Duration.ofSeconds(12));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new SlowOperationMetrics(monitor).bindTo(registry);
    monitor.record("upstream.tushare", Duration.ofSeconds(12));
    monitor.record("llm.news_analyst", Duration.ofSeconds(15));

    assertThat(registry.get("tradingagents.slow.operations").tag("operation", "upstream.tushare")
        .functionCounter().count()).isEqualTo(2);
    assertThat(registry.get("tradingagents.slow.operations").tag("operation", "llm.news_analyst")
        .functionCounter().count()).isEqualTo(1);
  }

  @Test
  void operationNamesBeyondTheBound_areCountedAsOther() {
    SlowOperations monitor = SlowOperations.builder().build();
    for (int i = 0; i < SlowOperations.MAX_OPERATIONS + 5; i++) {
      monitor.record("op" + i, Duration.ofSeconds(11));
    }
    assertThat(monitor.counts()).hasSize(SlowOperations.MAX_OPERATIONS + 1).containsEntry("other", 5L);
  }

  @Test
  void badInput_isRefused_withWhatWasWrongAndTheFix() {
    assertThatThrownBy(() -> SlowOperations.defaults().time("ta:default:news:us:AAPL", () -> 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ta:default:news:us:AAPL'")
        .hasMessageContaining("never a key");
    assertThatThrownBy(() -> SlowOperations.builder().defaultThreshold(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1ms and 1h but was PT0S");
    assertThatThrownBy(() -> SlowOperations.builder()
        .environment(Map.of(SlowOperations.THRESHOLD_SETTING, "soon")).build())
        .isInstanceOf(CacheConfigurationException.class).hasMessageContaining(SlowOperations.THRESHOLD_SETTING);
    assertThatThrownBy(() -> SlowOperations.builder()
        .environment(Map.of(SlowOperations.THRESHOLD_SETTING, "2h")).build())
        .isInstanceOf(CacheConfigurationException.class).hasMessageContaining("between 1ms and 1h");
  }
}
