package io.tradingagents.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analyze-logs} as a process (the built jar) on logs the shipped Logback configuration wrote during a
 * scripted run ({@link ScriptedRun}), on bad input, on gzip, and on 200 MB with a 64 MB heap.
 */
class AnalyzeLogsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path shared;
  static Path logs;

  /** Runs {@link ScriptedRun} in a child JVM with the shipped logback.xml, JSON switched on. */
  @BeforeAll
  static void scriptedRun() throws Exception {
    logs = Files.createDirectory(shared.resolve("logs"));
    Path config = Path.of("src/main/resources/logback.xml").toAbsolutePath();
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Dlogback.configurationFile=" + config,
        ScriptedRun.class.getName());
    CliProcess.Result run = CliProcess.exec(shared, Map.of("TA_LOG_DIR", logs.toString(), "TA_LOG_FORMAT", "json"),
        command);
    assertThat(run.exitCode()).as(run.stderr()).isZero();
  }

  private static JsonNode analyzeJson(Path workDir, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("analyze-logs", "--json"));
    all.addAll(List.of(args));
    CliProcess.Result result = CliProcess.run(workDir, Map.of(), List.of(), all.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stderr()).isEmpty();
    return JSON.readTree(result.stdout());
  }

  private static void assertScriptedRun(JsonNode report) {
    assertThat(report.at("/events").asLong()).isEqualTo(16);
    assertThat(report.at("/levels/INFO").asLong()).isEqualTo(10);
    assertThat(report.at("/levels/WARN").asLong()).isEqualTo(2);
    assertThat(report.at("/levels/ERROR").asLong()).isEqualTo(4);
    assertThat(report.at("/levels/DEBUG").asLong()).isZero();
    JsonNode categories = report.at("/errors/by_category");
    assertThat(categories.at("/upstream_api/count").asLong()).isEqualTo(1);
    assertThat(categories.at("/database/count").asLong()).isEqualTo(1);
    assertThat(categories.at("/network/count").asLong()).isEqualTo(1);
    assertThat(categories.at("/serialization/count").asLong()).isEqualTo(1);
    assertThat(categories.at("/other/count").asLong()).isZero();
    assertThat(categories.at("/upstream_api/latest/0/message").asText()).isEqualTo("Finnhub answered HTTP 429");
    assertThat(categories.at("/network/latest/0/message").asText())
        .contains("Quote request failed").contains("java.net.ConnectException: Connection refused");

    assertThat(report.at("/slow_operations/count").asLong()).isEqualTo(2);
    assertThat(report.at("/slow_operations/by_operation/llm_call").asLong()).isEqualTo(1);
    assertThat(report.at("/slow_operations/by_operation/analysis_completed").asLong()).isEqualTo(1);
    assertThat(report.at("/slow_operations/slowest/0/duration_ms").asDouble()).isEqualTo(15500.0);

    JsonNode comprehensive = report.at("/analysis_durations/comprehensive");
    assertThat(comprehensive.get("count").asLong()).isEqualTo(3);
    assertThat(comprehensive.get("mean_ms").asDouble()).isEqualTo(2000.0);
    assertThat(comprehensive.get("p50_ms").asDouble()).isEqualTo(2000.0);
    assertThat(comprehensive.get("p95_ms").asDouble()).isEqualTo(3000.0);
    assertThat(comprehensive.get("max_ms").asDouble()).isEqualTo(3000.0);
    assertThat(report.at("/analysis_durations/technical/count").asLong()).isEqualTo(1);

    assertThat(report.get("costs")).hasSize(3);
    assertThat(cost(report, "deepseek", "CNY")).isEqualTo("0.0063 over 2");
    assertThat(cost(report, "deepseek", "USD")).isEqualTo("0.0100 over 1");
    assertThat(cost(report, "openai", "USD")).isEqualTo("0.0150 over 1");

    assertThat(report.at("/usage/events").asLong()).isEqualTo(8);
    assertThat(report.at("/usage/zone").asText()).isEqualTo("Asia/Shanghai");
    long byDay = 0;
    for (JsonNode n : report.at("/usage/by_day")) {
      byDay += n.asLong();
    }
    assertThat(byDay).isEqualTo(8);
    assertThat(report.at("/usage/by_module/trading_graph").asLong()).isEqualTo(4);
    assertThat(report.at("/usage/by_module/market_analyst").asLong()).isEqualTo(2);
    assertThat(report.at("/usage/by_analysis_type/comprehensive").asLong()).isEqualTo(5);
    assertThat(report.at("/usage/by_analysis_type/technical").asLong()).isEqualTo(3);
    assertThat(report.at("/skipped/total").asLong()).isZero();
  }

  private static String cost(JsonNode report, String provider, String currency) {
    for (JsonNode c : report.get("costs")) {
      if (c.get("provider").asText().equals(provider) && c.get("currency").asText().equals(currency)) {
        return c.get("total").asText() + " over " + c.get("calls").asLong();
      }
    }
    return "none";
  }

  @Test
  void plainLogOfScriptedRun_countsEveryLevelErrorSlowOperationAndCostExactly(@TempDir Path work) throws Exception {
    JsonNode report = analyzeJson(work, logs.resolve("tradingagents.log").toString());
    assertScriptedRun(report);
    assertThat(report.at("/continuation_lines").asLong()).isPositive(); // the two stack traces
  }

  @Test
  void jsonLinesLogOfScriptedRun_givesTheSameCounts(@TempDir Path work) throws Exception {
    assertScriptedRun(analyzeJson(work, logs.resolve("tradingagents.json").toString()));
  }

  @Test
  void warnFile_holdsOnlyWarningsAndErrors(@TempDir Path work) throws Exception {
    JsonNode report = analyzeJson(work, logs.resolve("tradingagents-warn.log").toString());
    assertThat(report.at("/levels/WARN").asLong()).isEqualTo(2);
    assertThat(report.at("/levels/ERROR").asLong()).isEqualTo(4);
    assertThat(report.at("/levels/INFO").asLong()).isZero();
  }

  @Test
  void gzipRotatedFile_isReadLikeThePlainOne(@TempDir Path work) throws Exception {
    Path gz = work.resolve("tradingagents.2026-01-01.0.log.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(logs.resolve("tradingagents.log"), out);
    }
    JsonNode report = analyzeJson(work, gz.toString());
    assertScriptedRun(report);
    assertThat(report.at("/files/0/gzip").asBoolean()).isTrue();
  }

  @Test
  void since_leavesOutEarlierEvents(@TempDir Path work) throws Exception {
    JsonNode report = analyzeJson(work, "--since", "2999-01-01", logs.resolve("tradingagents.log").toString());
    assertThat(report.at("/events").asLong()).isZero();
    assertThat(report.at("/before_since").asLong()).isEqualTo(16);
  }

  @Test
  void badLines_areSkippedAndCountedWithLineNumbers_neverACrash(@TempDir Path work) throws Exception {
    Path bad = work.resolve("bad.log");
    try (OutputStream out = Files.newOutputStream(bad)) {
      out.write(("2026-01-05T09:30:00.000+08:00 INFO  [main] io.tradingagents.X [event=\"llm_call\" cost=\"0.5\" "
          + "currency=\"CNY\" provider=\"deepseek\"] - ok\n").getBytes(StandardCharsets.UTF_8));   // 1 event
      out.write(new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe, '\n'});                           // 2 binary
      out.write("{\"level\":\"INFO\",\"timestamp\":1\n".getBytes(StandardCharsets.UTF_8));       // 3 malformed JSON
      out.write("hello, I am not a log line\n".getBytes(StandardCharsets.UTF_8));                // 4 not a log line
      out.write("\n".getBytes(StandardCharsets.UTF_8));                                          // 5 blank: ignored
      out.write(("{\"timestamp\":1767576600000,\"level\":\"ERROR\",\"loggerName\":\"x\",\"formattedMessage\":"
          + "\"Redis timed out\",\"kvpList\":[]}\n").getBytes(StandardCharsets.UTF_8));          // 6 event (mixed format)
      out.write(("x".repeat(70_000) + "\n").getBytes(StandardCharsets.UTF_8));                   // 7 too long
      out.write("2026-01-05T09:30:01.000+08:00 WARN  [main] io.tradingagents.X [] - cut sh"
          .getBytes(StandardCharsets.UTF_8));                                                     // 8 event, no newline
      out.write("\n{\"level\":\"WA".getBytes(StandardCharsets.UTF_8));                           // 9 truncated
    }
    Path empty = Files.createFile(work.resolve("empty.log"));
    Path corruptGz = work.resolve("corrupt.log.gz");
    byte[] gz = gzip(("2026-01-05T09:30:00.000+08:00 INFO  [main] x [] - one\n").repeat(2000));
    for (int i = 200; i < gz.length - 20; i++) {
      gz[i] = (byte) (gz[i] ^ 0x5a);
    }
    Files.write(corruptGz, gz);

    CliProcess.Result result = CliProcess.run(work, Map.of(), List.of(), "analyze-logs", "--json",
        bad.toString(), empty.toString(), corruptGz.toString(), work.resolve("missing.log").toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).isEqualTo(
        "tradingagents analyze-logs: 2 file(s) could not be read to the end; see the Files section\n");
    JsonNode report = JSON.readTree(result.stdout());
    JsonNode files = report.get("files");
    assertThat(files.get(0).get("events").asLong()).isEqualTo(3);
    assertThat(files.get(0).get("skipped").asLong()).isEqualTo(5);
    assertThat(files.get(1).get("lines").asLong()).isZero();
    assertThat(files.get(1).get("error").isNull()).isTrue();
    assertThat(files.get(2).get("gzip").asBoolean()).isTrue();
    assertThat(files.get(2).get("error").asText()).startsWith("read failed after line ");
    assertThat(files.get(3).get("error").asText()).isEqualTo("cannot read: no such file");
    assertThat(report.at("/levels/ERROR").asLong()).isEqualTo(1);
    assertThat(report.at("/errors/by_category/database/count").asLong()).isEqualTo(1);
    assertThat(report.at("/costs/0/total").asText()).isEqualTo("0.5");
    List<String> listed = new ArrayList<>();
    for (JsonNode p : report.at("/skipped/listed")) {
      if (p.get("file").asText().equals(bad.toString())) {
        listed.add(p.get("line").asLong() + " " + p.get("reason").asText());
      }
    }
    assertThat(listed).containsExactly("2 binary", "3 malformed JSON", "4 not a log line",
        "7 longer than 65536 characters", "9 truncated (cut short at end of file)");
  }

  private static byte[] gzip(String text) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  @Test
  void twoHundredMegabytes_withA64MegabyteHeap_streamsToExactCounts(@TempDir Path work) throws Exception {
    Path big = work.resolve("big.log");
    long events = 0;
    long errors = 0;
    try (BufferedWriter out = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
      String padding = " detail=" + "x".repeat(60);
      int i = 0;
      long written = 0;
      while (written < 200L << 20) {
        String level = i % 100 == 0 ? "ERROR" : "INFO ";
        String line = "2026-01-05T09:" + String.format("%02d", i % 60) + ":00.000+08:00 " + level
            + " [worker-" + (i % 8) + "] io.tradingagents.app.AnalysisService [event=\"analysis_completed\" "
            + "analysis_type=\"t" + (i % 5) + "\" module=\"m" + (i % 7) + "\" duration_ms=\"" + (i % 20_000)
            + "\"] - analysis " + i + padding + "\n";
        out.write(line);
        written += line.length();
        events++;
        if (i % 100 == 0) {
          errors++;
        }
        i++;
      }
      // One 8 MB line without a break: it must not need 8 MB of heap per character array copy.
      out.write("y".repeat(8 << 20));
      out.write("\n");
    }
    assertThat(Files.size(big)).isGreaterThan(200L << 20);

    CliProcess.Result result = CliProcess.run(work, Map.of(), List.of("-Xmx64m"), "analyze-logs", "--json",
        big.toString());

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    JsonNode report = JSON.readTree(result.stdout());
    assertThat(report.at("/events").asLong()).isEqualTo(events);
    assertThat(report.at("/levels/ERROR").asLong()).isEqualTo(errors);
    assertThat(report.at("/usage/events").asLong()).isEqualTo(events);
    assertThat(report.at("/skipped/total").asLong()).isEqualTo(1);
    assertThat(report.at("/slow_operations/count").asLong()).isEqualTo(slowCount(events));
  }

  /** Durations cycle through 0..19,999 ms; those above 10,000 ms are slow. */
  private static long slowCount(long events) {
    long slow = 0;
    for (long i = 0; i < events; i++) {
      if (i % 20_000 > 10_000) {
        slow++;
      }
    }
    return slow;
  }
}
