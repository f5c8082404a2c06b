package io.tradingagents.analysis.file;

import static io.tradingagents.analysis.file.TestRecords.T0;
import static io.tradingagents.analysis.file.TestRecords.analysis;
import static io.tradingagents.analysis.file.TestRecords.appendRaw;
import static io.tradingagents.analysis.file.TestRecords.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingagents.analysis.AnalysisQuery;
import io.tradingagents.analysis.AnalysisRecord;
import io.tradingagents.analysis.AnalysisStatus;
import io.tradingagents.cache.Market;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAnalysisStoreTest {
  @TempDir
  Path directory;

  private Path file;
  private FileAnalysisStore store;

  @BeforeEach
  void open() {
    file = directory.resolve("analysis.jsonl");
    store = open(file);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static FileAnalysisStore open(Path file) {
    return new FileAnalysisStore(JournalOptions.of(file).withFsync(FsyncPolicy.NEVER));
  }

  private static Instant at(int minutes) {
    return T0.plusSeconds(60L * minutes);
  }

  private void saveSample() {
    store.save(analysis("aapl-f-1", "AAPL", "fundamental", at(0)));
    store.save(analysis("aapl-t-1", "AAPL", "technical", at(1)));
    store.save(analysis("aapl-f-2", "AAPL", "fundamental", at(2)));
    store.save(analysis("msft-f-1", "MSFT", "fundamental", at(3)));
    store.save(analysis("600519-f-1", "600519", "fundamental", at(4)));
    store.save(analysis("aapl-f-3", "AAPL", "fundamental", at(5)));
  }

  private static String[] ids(java.util.List<AnalysisRecord> records) {
    return records.stream().map(AnalysisRecord::id).toArray(String[]::new);
  }

  @Test
  void findById_returnsTheSavedRecord_andNullForAnUnknownId() {
    AnalysisRecord record = AnalysisRecord.builder("0700.HK", "comprehensive", at(0)).id("hk-1")
        .status(AnalysisStatus.FAILED).build(); // no model, decision, confidence, cost, session
    store.save(record);

    assertThat(store.findById("hk-1")).isEqualTo(record);
    assertThat(store.findById("hk-1").market()).isEqualTo(Market.HONG_KONG);
    assertThat(store.findById("nope")).isNull();
  }

  @Test
  void latest_isTheNewestOfThatSymbolAndType() {
    saveSample();

    assertThat(store.latest("AAPL", "fundamental").id()).isEqualTo("aapl-f-3");
    assertThat(store.latest("AAPL", "technical").id()).isEqualTo("aapl-t-1");
    assertThat(store.latest("MSFT", "technical")).isNull();
    assertThat(store.latest("aapl", "fundamental")).isNull(); // exact match
  }

  @Test
  void query_filtersBySymbolTypeAndRange_newestFirst_upToTheLimit() {
    saveSample();

    assertThat(ids(store.query(AnalysisQuery.forSymbol("AAPL", 10))))
        .containsExactly("aapl-f-3", "aapl-f-2", "aapl-t-1", "aapl-f-1");
    assertThat(ids(store.query(AnalysisQuery.forSymbol("AAPL", 2)))).containsExactly("aapl-f-3", "aapl-f-2");
    assertThat(ids(store.query(new AnalysisQuery(null, "fundamental", null, null, 100))))
        .containsExactly("aapl-f-3", "600519-f-1", "msft-f-1", "aapl-f-2", "aapl-f-1");
    // from inclusive, to exclusive
    assertThat(ids(store.query(new AnalysisQuery(null, null, at(1), at(4), 100))))
        .containsExactly("msft-f-1", "aapl-f-2", "aapl-t-1");
    assertThat(ids(store.query(new AnalysisQuery("AAPL", "fundamental", at(2), null, 100))))
        .containsExactly("aapl-f-3", "aapl-f-2");
    assertThat(store.query(new AnalysisQuery("TSLA", null, null, null, 100))).isEmpty();
  }

  @Test
  void query_sameCreationTime_ordersById() {
    store.save(analysis("b", "AAPL", "fundamental", at(0)));
    store.save(analysis("a", "AAPL", "fundamental", at(0)));
    store.save(analysis("c", "AAPL", "fundamental", at(0)));

    assertThat(ids(store.query(new AnalysisQuery(null, null, at(0), at(0).plusNanos(1), 10))))
        .containsExactly("a", "b", "c");
    assertThat(store.query(new AnalysisQuery(null, null, null, at(0), 10))).isEmpty();
  }

  @Test
  void saveTwiceWithTheSameId_latestVersionWins_andIsReturnedOnce() {
    AnalysisRecord first = analysis("r-1", "AAPL", "fundamental", at(0));
    AnalysisRecord second = AnalysisRecord.builder("AAPL", "fundamental", at(3)).id("r-1").decision("SELL")
        .build();
    store.save(first);
    store.save(second);
    store.save(second); // equal to the current version: nothing written

    assertThat(store.findById("r-1")).isEqualTo(second);
    assertThat(store.query(AnalysisQuery.forSymbol("AAPL", 10))).containsExactly(second);
    assertThat(store.query(new AnalysisQuery(null, null, at(0), at(1), 10))).isEmpty(); // old time gone
    assertThat(lines(file)).hasSize(2);

    store.close();
    try (FileAnalysisStore reopened = open(file)) {
      assertThat(reopened.findById("r-1")).isEqualTo(second);
      assertThat(reopened.query(AnalysisQuery.forSymbol("AAPL", 10))).containsExactly(second);
    }
  }

  @Test
  void deleteOlderThan_compactsTheJournal_andItStaysReadableAfterReopening() throws Exception {
    saveSample();
    store.save(AnalysisRecord.builder("AAPL", "fundamental", at(5)).id("aapl-f-3").decision("HOLD").build());
    appendRaw(file, "garbage\n");
    assertThat(lines(file)).hasSize(8);

    long deleted = store.deleteOlderThan(at(3));

    assertThat(deleted).isEqualTo(3); // aapl-f-1, aapl-t-1, aapl-f-2
    assertThat(ids(store.query(new AnalysisQuery(null, null, null, null, 100))))
        .containsExactly("aapl-f-3", "600519-f-1", "msft-f-1");
    assertThat(lines(file)).hasSize(3); // old, superseded and damaged lines are gone
    assertThat(store.findById("aapl-f-3").decision()).isEqualTo("HOLD");
    assertThat(store.findById("aapl-f-1")).isNull();
    try (Stream<Path> siblings = Files.list(directory)) {
      assertThat(siblings).containsExactly(file); // no temporary file left
    }

    store.save(analysis("after", "TSLA", "technical", at(9)));
    store.close();
    try (FileAnalysisStore reopened = open(file)) {
      assertThat(ids(reopened.query(new AnalysisQuery(null, null, null, null, 100))))
          .containsExactly("after", "aapl-f-3", "600519-f-1", "msft-f-1");
      assertThat(reopened.skippedLines()).isZero();
      assertThat(reopened.deleteOlderThan(at(0))).isZero();
    }
  }

  @Test
  void deleteOlderThan_withNothingToDrop_doesNotRewriteTheFile() throws Exception {
    saveSample();
    Object before = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();

    assertThat(store.deleteOlderThan(at(0))).isZero();

    assertThat(Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
        .isEqualTo(before);
  }

  @Test
  void compactionByAnotherStoreOnTheFile_isSeenByThisOne_andAppendsLandInTheNewFile() {
    saveSample();
    try (FileAnalysisStore other = open(file)) {
      assertThat(other.deleteOlderThan(at(5))).isEqualTo(5);
    }

    assertThat(store.findById("aapl-f-1")).isNull(); // reloaded the replaced file
    store.save(analysis("new", "AAPL", "fundamental", at(6)));

    try (FileAnalysisStore reopened = open(file)) {
      assertThat(ids(reopened.query(AnalysisQuery.forSymbol("AAPL", 10)))).containsExactly("new", "aapl-f-3");
    }
  }

  @Test
  void staleCompactionTempFile_isDeletedAtOpen() throws Exception {
    store.close();
    Path stale = directory.resolve("analysis.jsonl.1a2b3c.compact.tmp");
    Path unrelated = directory.resolve("other.jsonl.1a2b3c.compact.tmp");
    Files.writeString(stale, "half a compaction");
    Files.writeString(unrelated, "not ours");

    store = open(file);

    assertThat(stale).doesNotExist();
    assertThat(unrelated).exists();
  }

  @Test
  void closedStore_rejectsCalls() {
    store.close();

    assertThatThrownBy(() -> store.findById("x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("analysis journal");
    assertThatThrownBy(() -> store.save(analysis("x", "AAPL", "fundamental", at(0))))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.deleteOlderThan(at(0))).isInstanceOf(IllegalStateException.class);
  }
}
