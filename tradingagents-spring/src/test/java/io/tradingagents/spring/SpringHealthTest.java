package io.tradingagents.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.spring.QuoteService.Quote;
import io.tradingagents.cache.redis.RedisProcess;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Actuator health endpoint of an application whose Redis is required, while a real
 * {@code redis-server} is stopped and started again.
 */
@SpringBootTest(classes = TestApplication.class, properties = {
    "tradingagents.spring.health.required-tiers=redis",
    "tradingagents.cache.probe-interval=50ms"})
@DirtiesContext
class SpringHealthTest {
  private static final RedisProcess redis = RedisProcess.launch();

  @Autowired HealthEndpoint endpoint;
  @Autowired AdaptiveCache cache;

  @DynamicPropertySource
  static void redis(DynamicPropertyRegistry registry) {
    registry.add("tradingagents.cache.redis.host", () -> "127.0.0.1");
    registry.add("tradingagents.cache.redis.port", redis::port);
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  private IndicatedHealthDescriptor health() {
    return (IndicatedHealthDescriptor) endpoint.healthForPath("tradingagents");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> tier(IndicatedHealthDescriptor health, String name) {
    return (Map<String, Object>) ((Map<String, Object>) health.getDetails().get("tiers")).get(name);
  }

  @Test
  void healthEndpoint_reportsRedisDown_whileItIsStopped_andUpAgainAfter() {
    assertThat(health().getStatus()).isEqualTo(Status.UP);
    assertThat(tier(health(), "redis")).containsEntry("status", "UP").containsEntry("state", "CLOSED");
    assertThat(tier(health(), "memory")).containsEntry("status", "UP");
    assertThat(health().getDetails()).containsEntry("mode", "fast");

    redis.stop();
    AtomicInteger reads = new AtomicInteger();
    // Reads find Redis gone and open its circuit breaker; the health endpoint reads that state.
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      cache.get(CacheKey.of(DataKind.STOCK_DATA, "DOWN" + reads.incrementAndGet()), Quote.class);
      return health().getStatus().equals(Status.DOWN);
    });
    IndicatedHealthDescriptor down = health();
    assertThat(tier(down, "redis")).containsEntry("status", "DOWN");
    assertThat(tier(down, "memory")).containsEntry("status", "UP");
    assertThat(down.getDetails()).containsEntry("requiredTiersDown", java.util.List.of("redis"))
        .containsEntry("mode", "memory_only");

    redis.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> health().getStatus().equals(Status.UP));
    assertThat(tier(health(), "redis")).containsEntry("status", "UP");
  }
}
