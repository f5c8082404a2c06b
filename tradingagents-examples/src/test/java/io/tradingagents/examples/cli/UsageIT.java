package io.tradingagents.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradingagents.analysis.Money;
import io.tradingagents.analysis.UsageRecord;
import io.tradingagents.analysis.UsageStore;
import io.tradingagents.analysis.file.FileStores;
import io.tradingagents.analysis.file.FsyncPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code usage} (and {@code status --usage-store}) as a process over a real file-backed usage store. */
class UsageIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path store;

  /** Four calls: two days in Asia/Shanghai, two modules, two currencies. */
  @BeforeAll
  static void records() {
    try (UsageStore usage = FileStores.usage(store, FsyncPolicy.NEVER)) {
      // 2026-01-04T23:30+08:00 is 15:30Z; 2026-01-05T01:00+08:00 is 2026-01-04T17:00Z.
      usage.append(new UsageRecord("r1", Instant.parse("2026-01-04T15:30:00Z"), "deepseek", "deepseek-chat",
          1000, 200, Money.of("0.0021", "CNY"), "s1", "comprehensive", "market_analyst"));
      usage.append(new UsageRecord("r2", Instant.parse("2026-01-04T17:00:00Z"), "deepseek", "deepseek-chat",
          2000, 400, Money.of("0.0042", "CNY"), "s1", "comprehensive", "news_analyst"));
      usage.append(new UsageRecord("r3", Instant.parse("2026-01-04T17:05:00Z"), "openai", "gpt-4o-mini",
          1500, 300, Money.of("0.0150", "USD"), "s2", "technical", "market_analyst"));
      usage.append(new UsageRecord("r4", Instant.parse("2026-01-05T02:00:00Z"), "openai", "gpt-4o-mini",
          500, 100, Money.of("0.0050", "USD"), "s2", null, "news_analyst"));
    }
  }

  @Test
  void byModule_json_countsCallsTokensAndCostPerCurrencyExactly(@TempDir Path work) throws Exception {
    CliProcess.Result result = CliProcess.run(work, Map.of(), List.of(), "usage", "--store", store.toString(),
        "--by", "module", "--json");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    JsonNode report = JSON.readTree(result.stdout());
    assertThat(report.get("groups")).hasSize(2);
    JsonNode market = report.at("/groups/0");
    assertThat(market.get("key").asText()).isEqualTo("market_analyst");
    assertThat(market.get("calls").asLong()).isEqualTo(2);
    assertThat(market.get("input_tokens").asLong()).isEqualTo(2500);
    assertThat(market.at("/cost/CNY").asText()).isEqualTo("0.0021");
    assertThat(market.at("/cost/USD").asText()).isEqualTo("0.015");
    assertThat(report.at("/total/calls").asLong()).isEqualTo(4);
    assertThat(report.at("/total/cost/CNY").asText()).isEqualTo("0.0063");
    assertThat(report.at("/total/cost/USD").asText()).isEqualTo("0.02");
  }

  @Test
  void byDay_text_countsDaysInShanghaiTime(@TempDir Path work) throws Exception {
    CliProcess.Result result = CliProcess.run(work, Map.of("TA_USAGE_DIR", store.toString()), List.of(), "usage");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout()).startsWith("Usage by day (zone Asia/Shanghai)");
    assertThat(result.stdout().lines().filter(l -> l.startsWith("2026-01-04 ")))
        .singleElement().asString().contains("  1  ").endsWith("CNY 0.0021");
    assertThat(result.stdout().lines().filter(l -> l.startsWith("2026-01-05 ")))
        .singleElement().asString().endsWith("CNY 0.0042, USD 0.02");
    assertThat(result.stdout().lines().filter(l -> l.startsWith("total ")))
        .singleElement().asString().endsWith("CNY 0.0063, USD 0.02");
  }

  @Test
  void since_leavesOutEarlierRecords(@TempDir Path work) throws Exception {
    CliProcess.Result result = CliProcess.run(work, Map.of(), List.of(), "usage", "--store", store.toString(),
        "--by", "model", "--since", "2026-01-05", "--json");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    JsonNode report = JSON.readTree(result.stdout());
    assertThat(report.at("/total/calls").asLong()).isEqualTo(3);
    assertThat(report.at("/groups/0/key").asText()).isEqualTo("deepseek/deepseek-chat");
  }

  @Test
  void missingStore_isOneLineAndExit3(@TempDir Path work) throws Exception {
    CliProcess.Result result = CliProcess.run(work, Map.of(), List.of(), "usage", "--store",
        work.resolve("nowhere").toString());

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stderr().lines()).singleElement().asString()
        .startsWith("tradingagents usage: no usage store in ");
  }

  @Test
  void badGroup_isOneLineNamingTheChoices(@TempDir Path work) throws Exception {
    CliProcess.Result result = CliProcess.run(work, Map.of(), List.of(), "usage", "--by", "week");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stderr().lines()).singleElement().asString()
        .contains("day, hour, module, type, model");
  }

  @Test
  void status_reportsTheUsageStoresRecordCount(@TempDir Path work) throws Exception {
    Path logs = Files.createDirectory(work.resolve("logs"));
    CliProcess.Result result = CliProcess.run(work, Map.of("TA_CACHE_DIR", work.resolve("cache").toString(),
        "TA_LOG_DIR", logs.toString(), "TA_USAGE_DIR", store.toString()), List.of(), "status", "--api-keys", "");

    assertThat(result.exitCode()).as(result.stdout()).isZero();
    assertThat(result.stdout()).contains("store usage: 4 records");
  }
}
