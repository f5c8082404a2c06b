package io.tradingagents.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.testing.CapturedLogs;
import io.tradingagents.cache.testing.MutableClock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemoryMonitorTest {
  private static final long MAX = 1_000;
  private final AtomicLong used = new AtomicLong(500);
  private final MutableClock clock = new MutableClock();

  private MemoryMonitor.Builder monitor() {
    return MemoryMonitor.builder().sampler(() -> new MemoryMonitor.HeapSample(used.get(), MAX)).clock(clock);
  }

  @Test
  void heapStayingHigh_logsOneWarn_thenOneInfoWhenItRecovers() {
    try (MemoryMonitor monitor = monitor().build(); CapturedLogs logs = new CapturedLogs(MemoryMonitor.class)) {
      monitor.sampleNow();
      used.set(900);
      for (int i = 0; i < 4; i++) {
        monitor.sampleNow();
        clock.advance(Duration.ofSeconds(30));
      }
      assertThat(logs.at(Level.WARN)).singleElement().satisfies(e -> assertThat(CapturedLogs.fields(e))
          .containsExactlyInAnyOrderEntriesOf(Map.of("event", "memory_high", "heap_used_after_gc_bytes", "900",
              "heap_max_bytes", "1000", "threshold_percent", "85", "cache_weight_bytes", "-1")));
      assertThat(monitor.isHigh()).isTrue();

      used.set(600);
      monitor.sampleNow();
      monitor.sampleNow();

      assertThat(logs.at(Level.INFO)).singleElement().satisfies(e -> assertThat(CapturedLogs.fields(e))
          .containsEntry("event", "memory_recovered").containsEntry("duration_ms", "120000"));
      assertThat(logs.at(Level.WARN)).hasSize(1);
      assertThat(monitor.isHigh()).isFalse();
    }
  }

  @Test
  void heapBelowTheThreshold_logsNothing() {
    try (MemoryMonitor monitor = monitor().threshold(0.95).build();
        CapturedLogs logs = new CapturedLogs(MemoryMonitor.class)) {
      used.set(940);
      monitor.sampleNow();
      assertThat(logs.events()).isEmpty();
    }
  }

  @Test
  void gauges_showTheLastSample_andTheCachesWeight() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).build();
        MemoryMonitor monitor = monitor().cache(cache).build()) {
      new MemoryMetrics(monitor).bindTo(registry);
      assertThat(registry.get("tradingagents.memory.heap.used.after.gc").gauge().value()).isNaN();
      cache.put(CacheKey.of(DataKind.NEWS, "AAPL"), "digest");
      ((io.tradingagents.cache.internal.DefaultAdaptiveCache) cache).runMaintenance(); // Caffeine weighs lazily
      monitor.sampleNow();

      assertThat(registry.get("tradingagents.memory.heap.used.after.gc").gauge().value()).isEqualTo(500);
      assertThat(registry.get("tradingagents.memory.heap.max").gauge().value()).isEqualTo(MAX);
      assertThat(registry.get("tradingagents.cache.memory.weight").gauge().value()).isPositive();
    }
  }

  @Test
  void started_samplesOnItsSchedule_andTheJvmSamplerReadsARealHeap() {
    try (MemoryMonitor monitor = MemoryMonitor.builder().interval(Duration.ofMillis(100)).build()) {
      monitor.start();
      await().atMost(Duration.ofSeconds(5)).until(() -> monitor.lastSample() != null);
      MemoryMonitor.HeapSample sample = monitor.lastSample();
      assertThat(sample.usedAfterGcBytes()).isPositive();
      assertThat(sample.maxBytes()).isGreaterThanOrEqualTo(sample.usedAfterGcBytes());
      assertThatThrownBy(monitor::start).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void badSettings_areRefused_withTheValue() {
    assertThatThrownBy(() -> MemoryMonitor.builder().threshold(85)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("but was 85.0").hasMessageContaining("0.85");
    assertThatThrownBy(() -> MemoryMonitor.builder().interval(Duration.ofMillis(5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0.005S");
  }
}
