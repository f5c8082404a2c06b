package io.tradingagents.examples.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service in-process on a free loopback port with the embedded default (in-process tier and files), its
 * demo workload running: each endpoint's status code and shape.
 */
class ExampleServiceIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path work;
  private static ExampleService service;

  @BeforeAll
  static void start() throws Exception {
    service = ExampleService.start(Map.of(
        "TA_HTTP_PORT", "0",
        "TA_CACHE_DIR", work.resolve("cache").toString(),
        "TA_USAGE_DIR", work.resolve("usage").toString(),
        "TA_LOG_DIR", work.toString(),
        "TA_DEMO_INTERVAL", "100ms",
        "TA_STATUS_CACHE", "1m",
        "TA_APPLICATION", "service-test"), Clock.systemUTC());
    await().atMost(Duration.ofSeconds(60)).until(() -> service.demoRounds() >= 2);
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @Test
  void live_answers200Up() throws Exception {
    HttpResponse<String> response = Http.get(service.port(), "/health/live");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains(Endpoints.JSON);
    assertThat(JSON.readTree(response.body()).path("status").asText()).isEqualTo("UP");
  }

  @Test
  void ready_withNoTierRequired_isUpAndListsTheCachesTiers() throws Exception {
    HttpResponse<String> response = Http.get(service.port(), "/health/ready");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("status").asText()).isEqualTo("UP");
    List<String> components = new ArrayList<>();
    body.path("components").fieldNames().forEachRemaining(components::add);
    assertThat(components).containsExactly("memory", "file");
    JsonNode file = body.path("components").path("file");
    assertThat(file.path("status").asText()).isEqualTo("UP");
    assertThat(file.path("details").path("required").asBoolean(true)).isFalse();
    assertThat(file.path("details").path("since").asText()).isNotEmpty();
  }

  @Test
  void metrics_isStrictPrometheusText_withTheDocumentedFamilies_allTaggedWithTheApplication() throws Exception {
    HttpResponse<String> response = Http.get(service.port(), "/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains(Endpoints.PROMETHEUS);
    PrometheusText scrape = new PrometheusText(response.body());
    assertThat(scrape.types).containsKeys("cache_gets_total", "cache_puts_total", "cache_size",
        "tradingagents_cache_tier_gets_total", "tradingagents_cache_tier_available",
        "tradingagents_cache_tier_duration_seconds", "tradingagents_cache_load_duration_seconds",
        "tradingagents_cache_performance_mode", "tradingagents_cache_upstream_avoided_total",
        "tradingagents_cache_savings_total", "tradingagents_usage_calls_total", "tradingagents_usage_cost_total",
        "jvm_memory_used_bytes", "jvm_gc_memory_allocated_bytes_total", "jvm_threads_live_threads", "process_cpu_usage",
        "process_uptime_seconds", "system_cpu_count");
    assertThat(scrape.samples).allSatisfy(s -> assertThat(s.labels()).containsEntry("application", "service-test"));
    assertThat(scrape.sum("cache_gets_total")).isPositive();
    assertThat(scrape.sum("tradingagents_usage_calls_total")).isPositive();
  }

  @Test
  void grafanaDashboard_everyQueryNamesAMeterAndLabelsTheServiceExposes() throws Exception {
    PrometheusText scrape = new PrometheusText(Http.get(service.port(), "/metrics").body());
    JsonNode dashboard = JSON.readTree(Path.of("deploy/grafana/dashboards/tradingagents.json").toFile());
    List<String> expressions = dashboard.path("panels").findValuesAsText("expr");
    assertThat(expressions).hasSize(dashboard.path("panels").size());

    for (String expr : expressions) {
      java.util.regex.Matcher meter = METER.matcher(expr);
      List<String> meters = new ArrayList<>();
      while (meter.find()) {
        meters.add(meter.group());
      }
      assertThat(meters).as(expr).isNotEmpty();
      for (String name : meters) {
        assertThat(scrape.named(name)).as("samples of " + name + " in " + expr).isNotEmpty();
      }
      java.util.regex.Matcher by = BY.matcher(expr);
      while (by.find()) {
        for (String label : by.group(1).split(",\\s*")) {
          assertThat(meters.stream().flatMap(m -> scrape.named(m).stream()).anyMatch(s -> s.labels().containsKey(label)))
              .as("label " + label + " on " + meters).isTrue();
        }
      }
    }
  }

  private static final java.util.regex.Pattern METER =
      java.util.regex.Pattern.compile("\\b(cache|tradingagents|jvm|process|system)_[a-z0-9_]+\\b");
  private static final java.util.regex.Pattern BY = java.util.regex.Pattern.compile("by \\(([a-z_, ]+)\\)");

  @Test
  void status_isTheStatusReportAsJson() throws Exception {
    HttpResponse<String> response = Http.get(service.port(), "/status");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("verdict").asText()).isIn("OK", "WARNING");
    assertThat(body.path("performance_mode").asText()).isEqualTo("standard");
    assertThat(body.path("tiers").findValuesAsText("name")).containsExactly("memory", "file");
    assertThat(body.path("stores").findValuesAsText("name")).containsExactly("usage");
  }

  @Test
  void status_200ConcurrentRequests_costAtMostAFewProbes() throws Exception {
    long before = service.statusProbes();
    ExecutorService clients = Executors.newFixedThreadPool(50);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Integer>> codes = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        codes.add(clients.submit(() -> {
          go.await();
          return Http.get(service.port(), "/status").statusCode();
        }));
      }
      go.countDown();
      for (Future<Integer> code : codes) {
        assertThat(code.get()).isEqualTo(200);
      }
    } finally {
      clients.shutdownNow();
    }

    assertThat(service.statusProbes() - before).isBetween(0L, 2L);
    assertThat(service.statusProbes()).isPositive();
  }

  @Test
  void unknownPath_is404_andPost_is405WithAllow() throws Exception {
    assertThat(Http.get(service.port(), "/health/nothing").statusCode()).isEqualTo(404);
    HttpResponse<String> post = Http.send(service.port(), "/status", "POST");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
  }
}
