package io.tradingagents.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify-logging} and the CLI's argument handling, as a process (the built jar). */
class VerifyLoggingIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shippedConfiguration_writesEveryFileItShould_exit0(@TempDir Path work) throws Exception {
    Path logs = work.resolve("logs");
    CliProcess.Result result = CliProcess.run(work, Map.of("TA_LOG_FORMAT", "json"), List.of(),
        "verify-logging", "--json", logs.toString());

    assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
    JsonNode report = JSON.readTree(result.stdout());
    assertThat(report.get("verdict").asText()).isEqualTo("OK");
    assertThat(report.get("files")).hasSize(3);
    for (JsonNode file : report.get("files")) {
      assertThat(file.get("ok").asBoolean()).isTrue();
    }
    assertThat(report.at("/files/1/found").toString()).isEqualTo("[\"WARN\",\"ERROR\"]");
    assertThat(Files.readString(logs.resolve("tradingagents-warn.log"))).doesNotContain(" INFO ");
  }

  @Test
  void defaultDirectory_isTaLogDir(@TempDir Path work) throws Exception {
    Path logs = work.resolve("from-env");
    CliProcess.Result result = CliProcess.run(work, Map.of("TA_LOG_DIR", logs.toString()), List.of(),
        "verify-logging");

    assertThat(result.exitCode()).as(result.stdout()).isZero();
    assertThat(result.stdout()).contains("LOGGING OK");
    assertThat(logs.resolve("tradingagents.log")).isRegularFile();
  }

  @Test
  void unwritableDirectory_isCritical_exit2(@TempDir Path work) throws Exception {
    // Tests may run as root, who can write anywhere: a directory below a regular file cannot exist.
    Path file = Files.writeString(work.resolve("not-a-directory"), "x");
    CliProcess.Result result = CliProcess.run(work, Map.of(), List.of(), "verify-logging",
        file.resolve("logs").toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stdout()).contains("LOGGING CRITICAL").contains("was not written");
    assertThat(result.stderr()).doesNotContain("\tat ");
  }

  @Test
  void unknownOption_isOneLineOnStderr_exit3(@TempDir Path work) throws Exception {
    CliProcess.Result result = CliProcess.run(work, Map.of(), List.of(), "analyze-logs", "--bogus", "x.log");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stdout()).isEmpty();
    assertThat(result.stderr().lines()).singleElement().asString()
        .startsWith("tradingagents analyze-logs: Unknown option: '--bogus'");
  }

  @Test
  void badDate_isOneLineNamingTheAcceptedForms_exit3(@TempDir Path work) throws Exception {
    CliProcess.Result result = CliProcess.run(work, Map.of(), List.of(), "analyze-logs", "--since", "yesterday",
        "x.log");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stderr().lines()).singleElement().asString()
        .contains("'yesterday' is not a date; use yyyy-MM-dd");
  }

  @Test
  void everyCommandsHelp_showsExamples_exit0(@TempDir Path work) throws Exception {
    for (String command : List.of("status", "analyze-logs", "verify-logging", "usage")) {
      CliProcess.Result result = CliProcess.run(work, Map.of(), List.of(), command, "--help");
      assertThat(result.exitCode()).isZero();
      assertThat(result.stdout()).contains("Examples:").contains("tradingagents " + command);
    }
  }
}
