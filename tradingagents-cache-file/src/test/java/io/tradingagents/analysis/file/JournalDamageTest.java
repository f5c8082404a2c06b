package io.tradingagents.analysis.file;

import static io.tradingagents.analysis.file.TestRecords.T0;
import static io.tradingagents.analysis.file.TestRecords.appendRaw;
import static io.tradingagents.analysis.file.TestRecords.lines;
import static io.tradingagents.analysis.file.TestRecords.usage;
import static io.tradingagents.analysis.file.TestRecords.usageStore;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingagents.analysis.UsageRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Torn and damaged lines, written by hand: skipped and reported with their line number, never fatal, and
 * never harmful to the records around them or to the next append. Each test logs expected WARNs.
 */
class JournalDamageTest {
  private static final String HALF_A_RECORD = "{\"id\":\"torn\",\"timestamp\":\"2025-03-01T00:00:00Z\",\"prov";

  @TempDir
  Path directory;

  private Path journalWith(String... ids) {
    Path file = directory.resolve("usage.jsonl");
    try (FileUsageStore store = usageStore(file)) {
      for (int i = 0; i < ids.length; i++) {
        store.append(usage(ids[i], T0.plusSeconds(i)));
      }
    }
    return file;
  }

  @Test
  void tornTailAtOpen_isSkippedAndReported_andTheNextAppendIsReadBack() {
    Path file = journalWith("a", "b");
    appendRaw(file, HALF_A_RECORD);

    try (FileUsageStore store = usageStore(file)) {
      assertThat(store.count()).isEqualTo(2);
      assertThat(store.skippedLines()).isEqualTo(1);
      assertThat(store.recentSkips()).singleElement().satisfies(skip -> {
        assertThat(skip.lineNumber()).isEqualTo(3);
        assertThat(skip.tornTail()).isTrue();
        assertThat(skip.byteOffset()).isEqualTo(Files.size(file) - HALF_A_RECORD.length());
        assertThat(skip.file()).isEqualTo(file.toRealPath());
        assertThat(skip.reason()).contains("JsonEOFException");
      });

      store.append(usage("c", T0.plusSeconds(2)));
      assertThat(store.query(null, null)).extracting(UsageRecord::id).containsExactly("a", "b", "c");
    }

    // the torn fragment got its own line; the new record is whole on the next
    assertThat(lines(file)).hasSize(4).element(2).isEqualTo(HALF_A_RECORD);
    try (FileUsageStore reopened = usageStore(file)) {
      assertThat(reopened.query(null, null)).extracting(UsageRecord::id).containsExactly("a", "b", "c");
      assertThat(reopened.skippedLines()).isEqualTo(1); // reported once per open, now as a damaged line
      assertThat(reopened.recentSkips()).singleElement().satisfies(skip -> {
        assertThat(skip.lineNumber()).isEqualTo(3);
        assertThat(skip.tornTail()).isFalse();
      });
    }
  }

  @Test
  void tornTailWrittenWhileOpen_isFoundByTheNextAppend() {
    Path file = directory.resolve("usage.jsonl");
    try (FileUsageStore store = usageStore(file)) {
      store.append(usage("a", T0));
      appendRaw(file, HALF_A_RECORD); // another process died mid-line

      store.append(usage("b", T0.plusSeconds(1)));

      assertThat(store.skippedLines()).isEqualTo(1);
      assertThat(store.recentSkips()).singleElement().satisfies(skip -> {
        assertThat(skip.lineNumber()).isEqualTo(2);
        assertThat(skip.tornTail()).isTrue();
      });
      assertThat(store.query(null, null)).extracting(UsageRecord::id).containsExactly("a", "b");
      assertThat(store.count()).isEqualTo(2);
    }
    assertThat(lines(file)).hasSize(3);
  }

  @Test
  void wholeLastRecordWithoutNewline_isKept_andTheNextAppendStartsANewLine() {
    Path file = journalWith("a");
    String whole = lines(file).get(0).replace("\"a\"", "\"b\"");
    appendRaw(file, whole); // all but the newline made it

    try (FileUsageStore store = usageStore(file)) {
      assertThat(store.skippedLines()).isZero();
      assertThat(store.count()).isEqualTo(2);
      store.append(usage("c", T0));
    }
    try (FileUsageStore reopened = usageStore(file)) {
      assertThat(reopened.query(null, null)).extracting(UsageRecord::id).containsExactlyInAnyOrder("a", "b", "c");
      assertThat(reopened.skippedLines()).isZero();
    }
  }

  @Test
  void garbageAndInvalidRecordsInTheMiddle_areSkippedWithTheirLineNumbers() {
    Path file = journalWith("a");
    String valid = lines(file).get(0);
    appendRaw(file, "garbage {{{ not json\n");
    appendRaw(file, valid.replace("\"a\"", "\"b\"") + "\n");
    appendRaw(file, valid.replace("\"a\"", "\"negative\"").replace("\"inputTokens\":1200", "\"inputTokens\":-5")
        + "\n");
    appendRaw(file, valid.replace("\"a\"", "\"bad-currency\"").replace("USD", "USDX") + "\n");
    appendRaw(file, "\n"); // a blank line is not a record and not an error
    appendRaw(file, valid.replace("\"a\"", "\"c\"") + "\n");

    try (FileUsageStore store = usageStore(file)) {
      assertThat(store.query(null, null)).extracting(UsageRecord::id).containsExactly("a", "b", "c");
      assertThat(store.count()).isEqualTo(3);
      assertThat(store.skippedLines()).isEqualTo(3);
      assertThat(store.recentSkips()).extracting(SkippedLine::lineNumber).containsExactly(2L, 4L, 5L);
      assertThat(store.recentSkips()).extracting(SkippedLine::tornTail).containsOnly(false);
      assertThat(store.recentSkips().get(0).reason()).startsWith("JsonParseException: Unrecognized token");
      assertThat(store.recentSkips().get(1).reason())
          .isEqualTo("IllegalArgumentException: inputTokens must be >= 0 but was -5");
      assertThat(store.recentSkips().get(2).reason()).contains("USDX");

      store.append(usage("d", T0));
      assertThat(store.count()).isEqualTo(4);
    }
  }

  @Test
  void emptyFile_opensEmpty() throws Exception {
    Path file = directory.resolve("usage.jsonl");
    Files.createFile(file);

    try (FileUsageStore store = usageStore(file)) {
      assertThat(store.count()).isZero();
      assertThat(store.query(null, null)).isEmpty();
      assertThat(store.skippedLines()).isZero();
    }
  }
}
