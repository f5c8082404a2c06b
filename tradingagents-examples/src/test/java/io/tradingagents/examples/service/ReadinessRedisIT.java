package io.tradingagents.examples.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradingagents.examples.cli.TestRedis;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health/ready} with Redis required ({@code TA_REQUIRED_TIERS=redis}) against a real redis-server
 * that is stopped and started again on the same port, while {@code /health/live} stays 200.
 */
class ReadinessRedisIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path work;
  private static TestRedis redis;
  private static ExampleService service;

  @BeforeAll
  static void start() throws Exception {
    redis = TestRedis.launch();
    service = ExampleService.start(Map.of(
        "TA_HTTP_PORT", "0",
        "TA_REQUIRED_TIERS", "redis",
        "TA_DEMO_WORKLOAD", "false",
        "REDIS_URL", "redis://127.0.0.1:" + redis.port() + "/0",
        "TA_CACHE_DIR", work.resolve("cache").toString(),
        "TA_USAGE_DIR", work.resolve("usage").toString(),
        "TA_LOG_DIR", work.toString()), Clock.systemUTC());
  }

  @AfterAll
  static void stop() throws Exception {
    service.close();
    redis.close();
  }

  @Test
  void ready_turns503WhileRedisIsStopped_and200WhenItReturns() throws Exception {
    HttpResponse<String> up = Http.get(service.port(), "/health/ready");
    assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
    assertThat(JSON.readTree(up.body()).path("components").path("redis").path("status").asText()).isEqualTo("UP");

    redis.stop();
    Instant stopped = Instant.now();
    HttpResponse<String> down = await().atMost(Duration.ofSeconds(10))
        .until(() -> Http.get(service.port(), "/health/ready"), r -> r.statusCode() == 503);
    JsonNode body = JSON.readTree(down.body());
    assertThat(body.path("status").asText()).isEqualTo("DOWN");
    JsonNode component = body.path("components").path("redis");
    assertThat(component.path("status").asText()).isEqualTo("DOWN");
    assertThat(component.path("details").path("required").asBoolean()).isTrue();
    assertThat(component.path("details").path("error").asText()).isNotEmpty();
    assertThat(Instant.parse(component.path("details").path("since").asText()))
        .isAfterOrEqualTo(stopped.minusSeconds(1));
    assertThat(body.path("components").path("file").path("status").asText()).isEqualTo("UP");
    assertThat(Http.get(service.port(), "/health/live").statusCode()).isEqualTo(200);

    redis.start();
    HttpResponse<String> back = await().atMost(Duration.ofSeconds(10))
        .until(() -> Http.get(service.port(), "/health/ready"), r -> r.statusCode() == 200);
    assertThat(JSON.readTree(back.body()).path("status").asText()).isEqualTo("UP");
  }
}
