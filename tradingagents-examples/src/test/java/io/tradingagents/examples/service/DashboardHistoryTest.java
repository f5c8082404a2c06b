package io.tradingagents.examples.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DashboardHistoryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private Instant now = Instant.parse("2026-12-02T08:00:00Z");

  private DashboardHistory history(int capacity) {
    FunctionCounter.builder("cache.gets", hits, AtomicLong::get).tag("result", "hit").register(registry);
    FunctionCounter.builder("cache.gets", misses, AtomicLong::get).tag("result", "miss").register(registry);
    Clock clock = new Clock() {
      @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(java.time.ZoneId zone) { return this; }
      @Override public Instant instant() { return now; }
    };
    return new DashboardHistory(registry, clock, capacity);
  }

  @Test
  void hitRate_isOverTheIntervalNotSinceStart_andTheFirstPointIsAGap() throws Exception {
    DashboardHistory history = history(10);
    long start = now.getEpochSecond();
    hits.set(100);
    history.sample();
    now = now.plus(Duration.ofSeconds(10));
    hits.addAndGet(3);
    misses.addAndGet(1);
    history.sample();

    JsonNode data = JSON.readTree(history.json());
    assertThat(data.path("t").get(0).asDouble()).isEqualTo(start);
    assertThat(data.path("t").get(1).asDouble()).isEqualTo(start + 10);
    assertThat(data.path("series").path("hitRate").toString()).isEqualTo("[null,0.75]");
  }

  @Test
  void series_keepOnlyTheLastCapacityPoints() throws Exception {
    DashboardHistory history = history(5);
    for (int i = 0; i < 12; i++) {
      hits.addAndGet(i);
      misses.addAndGet(1);
      history.sample();
      now = now.plusSeconds(10);
    }

    JsonNode data = JSON.readTree(history.json());
    assertThat(data.path("t")).hasSize(5);
    assertThat(data.path("series").path("hitRate")).hasSize(5);
    assertThat(data.path("series").path("hitRate").get(4).asDouble()).isEqualTo(11.0 / 12.0);
  }
}
