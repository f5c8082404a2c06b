package io.tradingagents.analysis.file;

import io.tradingagents.analysis.AnalysisRecord;
import io.tradingagents.analysis.Money;
import io.tradingagents.analysis.UsageRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

/** Records and file helpers shared by the store tests. */
final class TestRecords {
  static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");

  private TestRecords() {}

  static UsageRecord usage(String id, Instant at) {
    return usage(id, at, "news_analyst");
  }

  static UsageRecord usage(String id, Instant at, String module) {
    return new UsageRecord(id, at, "openai", "gpt-4o-mini", 1200, 350, Money.of("0.000390", "USD"), "s-1",
        "fundamental", module);
  }

  static AnalysisRecord analysis(String id, String symbol, String type, Instant at) {
    return AnalysisRecord.builder(symbol, type, at).id(id).model("qwen-plus").decision("BUY")
        .confidence(0.75).moduleReport("market_report", "uptrend").tokens(900, 300)
        .cost(Money.of("0.0420", "CNY")).sessionId("s-1").build();
  }

  static FileUsageStore usageStore(Path file) {
    return new FileUsageStore(JournalOptions.of(file).withFsync(FsyncPolicy.NEVER));
  }

  static void appendRaw(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return the file's lines, the last one even without a newline */
  static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
