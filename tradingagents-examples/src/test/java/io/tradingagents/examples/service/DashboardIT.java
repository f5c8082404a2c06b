package io.tradingagents.examples.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard page in headless Chromium (Debian's {@code chromium}; skipped with a message where it is not
 * installed): it draws every chart with data from {@code /api/dashboard}, requests nothing outside the
 * service, and leaves a screenshot at {@code target/dashboard.png}.
 */
class DashboardIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-default-apps", "--no-first-run", "--hide-scrollbars", "--virtual-time-budget=15000");
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
        "TA_DASHBOARD_INTERVAL", "200ms"), Clock.systemUTC());
    await().atMost(Duration.ofSeconds(60)).until(() -> service.demoRounds() >= 3);
    // Two more samples after the rounds, so every series has points.
    long rounds = service.demoRounds();
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      JsonNode data = JSON.readTree(Http.get(service.port(), "/api/dashboard").body());
      return data.path("t").size() >= 5 && data.path("series").has("loads") && service.demoRounds() > rounds;
    });
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  private static Path chromium() {
    Path binary = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .flatMap(dir -> Stream.of(Path.of(dir, "chromium"), Path.of(dir, "chromium-browser")))
        .filter(Files::isExecutable).findFirst().orElse(null);
    Assumptions.assumeTrue(binary != null, "chromium is not installed (Debian package chromium; .ci/run "
        + "installs it): the dashboard was not checked in a browser");
    return binary;
  }

  private static String run(Path chromium, List<String> extra) throws Exception {
    List<String> command = new ArrayList<>(List.of(chromium.toString()));
    command.addAll(FLAGS);
    command.add("--user-data-dir=" + Files.createTempDirectory(work, "profile"));
    command.addAll(extra);
    Path out = Files.createTempFile(work, "chromium", ".txt");
    Path err = Files.createTempFile(work, "chromium", ".err");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("chromium finished").isTrue();
    assertThat(process.exitValue()).as(Files.readString(err)).isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  @Test
  void dashboard_drawsEveryChartWithData_requestsNothingOutsideTheService_andIsScreenshot() throws Exception {
    Path chromium = chromium();
    String url = "http://127.0.0.1:" + service.port() + "/";
    Path netLog = work.resolve("netlog.json");

    String dom = run(chromium, List.of("--log-net-log=" + netLog, "--dump-dom", url));

    Matcher drawn = Pattern.compile("data-drawn=\"([^\"]*)\"").matcher(dom);
    assertThat(drawn.find()).as("the page recorded what it drew:\n" + dom).isTrue();
    JsonNode charts = JSON.readTree(drawn.group(1).replace("&quot;", "\""));
    assertThat(charts.fieldNames()).toIterable().containsExactlyInAnyOrder("hit-rate", "latency", "loads", "cost");
    charts.fields().forEachRemaining(chart -> {
      assertThat(chart.getValue().size()).as(chart.getKey() + " series").isPositive();
      chart.getValue().forEach(points -> assertThat(points.asInt()).as(chart.getKey() + " points").isPositive());
    });
    assertThat(Pattern.compile("<canvas").matcher(dom).results().count()).isGreaterThanOrEqualTo(4);
    Matcher usage = Pattern.compile("data-usage=\"([^\"]*)\"").matcher(dom);
    assertThat(usage.find()).as("the page drew the usage tables").isTrue();
    JsonNode tables = JSON.readTree(usage.group(1).replace("&quot;", "\""));
    assertThat(tables.fieldNames()).toIterable().containsExactly("byDay", "byHour", "byModule", "byAnalysisType");
    tables.fields().forEachRemaining(t -> assertThat(t.getValue().asInt()).as(t.getKey() + " rows").isPositive());

    // The browser's own background requests (updates, time) have no initiator; every request the page
    // made names the page's origin as its initiator, so those must all go to the service.
    String origin = "http://127.0.0.1:" + service.port();
    List<String> pageRequests = new ArrayList<>();
    for (JsonNode event : JSON.readTree(netLog.toFile()).path("events")) {
      JsonNode params = event.path("params");
      if (params.has("url") && origin.equals(params.path("initiator").asText())) {
        pageRequests.add(params.path("url").asText());
      }
    }
    assertThat(pageRequests).as("requests the page made")
        .anyMatch(u -> u.endsWith("/api/dashboard")).anyMatch(u -> u.endsWith("uPlot.iife.min.js"))
        .allSatisfy(u -> assertThat(u).startsWith(origin + "/"));

    Path screenshot = Path.of("target", "dashboard.png").toAbsolutePath();
    Files.deleteIfExists(screenshot);
    run(chromium, List.of("--window-size=1240,1150", "--screenshot=" + screenshot, url));
    assertThat(screenshot).exists();
    assertThat(Files.size(screenshot)).isGreaterThan(10_000);
  }
}
