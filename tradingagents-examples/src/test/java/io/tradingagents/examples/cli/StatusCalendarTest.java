package io.tradingagents.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code tradingagents status} in process with a fixed clock: the exit code and the text when a trading
 * calendar is past its last date (WARNING, exit 1) and when it ends within 30 days (OK, exit 0, a note).
 */
class StatusCalendarTest {
  @TempDir Path work;

  private record Run(int exitCode, String out) {}

  private Run status(Instant now, String... args) throws Exception {
    Map<String, String> env = Map.of("TA_CACHE_DIR", work.resolve("cache").toString(),
        "TA_LOG_DIR", Files.createDirectories(work.resolve("logs")).toString());
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new StatusCommand(env, Clock.fixed(now, ZoneOffset.UTC)));
    cli.setOut(new PrintWriter(out));
    String[] all = new String[args.length + 2];
    all[0] = "--api-keys";
    all[1] = "";
    System.arraycopy(args, 0, all, 2, args.length);
    int code = cli.execute(all);
    return new Run(code, out.toString());
  }

  @Test
  void calendarPastItsLastDate_isWarning_exit1_namingMarketDateAndFix() throws Exception {
    Run run = status(Instant.parse("2027-01-04T02:00:00Z"));

    assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
    assertThat(run.out()).startsWith("STATUS WARNING - the cn trading calendar covers 2024-01-01 to 2026-12-31 but"
        + " the market's date today is 2027-01-04 (Asia/Shanghai)")
        .contains("Add a calendar file with the exchange's newer holidays to TA_CACHE_MARKET_CALENDAR_FILES, or"
            + " upgrade tradingagents-cache")
        .contains("  also: the hk trading calendar covers 2024-01-01 to 2026-12-31")
        .contains("trading calendars: us through 2028-12-31, cn ENDED 2026-12-31, hk ENDED 2026-12-31");
  }

  @Test
  void calendarEndingWithin30Days_isOk_exit0_withANote() throws Exception {
    Run run = status(Instant.parse("2026-12-02T02:00:00Z"));

    assertThat(run.exitCode()).as(run.out()).isZero();
    assertThat(run.out()).startsWith("STATUS OK - everything configured is up")
        .contains("  note: the cn trading calendar ends 2026-12-31, in 29 days: before then add the exchange's"
            + " holidays for 2027 to TA_CACHE_MARKET_CALENDAR_FILES");
  }

  @Test
  void json_listsEachCalendarWithItsNote() throws Exception {
    Run run = status(Instant.parse("2027-01-04T02:00:00Z"), "--json");

    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
    assertThat(json.get("exit_code").asInt()).isEqualTo(1);
    assertThat(json.get("calendars").get(1).get("market").asText()).isEqualTo("cn");
    assertThat(json.get("calendars").get(1).get("valid").asBoolean()).isFalse();
    assertThat(json.get("calendars").get(1).get("days_left").asLong()).isEqualTo(-4);
    assertThat(json.get("calendars").get(0).get("note").isNull()).isTrue();
  }
}
