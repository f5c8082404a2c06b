package io.tradingagents.examples.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** In-process checks of what the process tests cannot reach: the progress line and the category guesses. */
class LogAnalyzerTest {
  @TempDir Path dir;

  @Test
  void largeInput_drawsAProgressLine_andClearsIt() throws Exception {
    Path log = dir.resolve("a.log");
    Files.writeString(log, "2026-01-05T09:30:00.000+08:00 INFO  [main] x [] - line\n".repeat(40_000));
    ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    PrintStream progress = new PrintStream(terminal, true, StandardCharsets.UTF_8);

    LogReport report = new LogAnalyzer(ZoneId.of("UTC"), Duration.ofSeconds(10), null, progress, 0)
        .analyze(List.of(log));

    assertThat(report.events()).isEqualTo(40_000);
    assertThat(terminal.toString(StandardCharsets.UTF_8)).startsWith("\ranalyzing: ").endsWith("\r\033[K");
  }

  @Test
  void smallInput_orNoTerminal_drawsNothing() throws Exception {
    Path log = dir.resolve("a.log");
    Files.writeString(log, "2026-01-05T09:30:00.000+08:00 INFO  [main] x [] - line\n");
    ByteArrayOutputStream terminal = new ByteArrayOutputStream();

    new LogAnalyzer(ZoneId.of("UTC"), Duration.ofSeconds(10), null,
        new PrintStream(terminal, true, StandardCharsets.UTF_8)).analyze(List.of(log));

    assertThat(terminal.size()).isZero();
  }

  @Test
  void errorWithoutCategory_isGuessedFromMessageAndException() {
    assertThat(category("Redis read timed out", null)).isEqualTo("database");
    assertThat(category("Finnhub rate limit reached", null)).isEqualTo("upstream_api");
    assertThat(category("Quote request failed", "java.net.SocketTimeoutException: Read timed out"))
        .isEqualTo("network");
    assertThat(category("Report could not be decoded", null)).isEqualTo("serialization");
    assertThat(category("Bad setting TA_CACHE_TTL_NEWS", null)).isEqualTo("configuration");
    assertThat(category("Something odd", null)).isEqualTo("other");
  }

  @Test
  void givenCategory_winsOverTheGuess_andUnknownNamesAreOther() {
    LogRecord given = new LogRecord(null, "ERROR", "x", "Redis down", Map.of("error_category", "network"), null);
    LogRecord unknown = new LogRecord(null, "ERROR", "x", "Redis down", Map.of("error_category", "weather"), null);

    assertThat(LogAnalysis.category(given)).isEqualTo("network");
    assertThat(LogAnalysis.category(unknown)).isEqualTo("other");
  }

  @Test
  void theLibrarysOwnCategories_mapOntoTheReportsCategories() {
    assertThat(LogAnalysis.category(library("connection", Map.of("tier", "redis")))).isEqualTo("database");
    assertThat(LogAnalysis.category(library("timeout", Map.of("store", "usage")))).isEqualTo("database");
    assertThat(LogAnalysis.category(library("timeout", Map.of()))).isEqualTo("network");
    assertThat(LogAnalysis.category(library("decode", Map.of("tier", "file")))).isEqualTo("serialization");
  }

  private static LogRecord library(String category, Map<String, String> more) {
    Map<String, String> fields = new java.util.HashMap<>(more);
    fields.put("error_category", category);
    return new LogRecord(null, "WARN", "io.tradingagents.cache.internal.Tiers", "tier down", fields, null);
  }

  private static String category(String message, String throwable) {
    return LogAnalysis.category(new LogRecord(null, "ERROR", "io.tradingagents.app.Service", message, Map.of(),
        throwable));
  }
}
