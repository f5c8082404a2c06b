package io.tradingagents.analysis.file;

import static io.tradingagents.analysis.file.TestRecords.T0;
import static io.tradingagents.analysis.file.TestRecords.lines;
import static io.tradingagents.analysis.file.TestRecords.usage;
import static io.tradingagents.analysis.file.TestRecords.usageStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tradingagents.analysis.Money;
import io.tradingagents.analysis.JournaledUsageStore;
import io.tradingagents.analysis.UsageRecord;
import io.tradingagents.cache.CacheException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileUsageStoreTest {
  @TempDir
  Path directory;

  @Test
  void append_thenReopen_readsEqualRecordsBack() {
    Path file = directory.resolve("usage.jsonl");
    UsageRecord full = usage("u-1", T0);
    UsageRecord sparse = new UsageRecord("u-2", T0.plusNanos(123_456_789), "dashscope", "qwen-plus", 0, 0,
        Money.of("12.50000", "CNY"), null, null, null);
    try (FileUsageStore store = usageStore(file)) {
      store.append(full);
      store.append(sparse);
      assertThat(store.count()).isEqualTo(2);
    }

    try (FileUsageStore reopened = usageStore(file)) {
      assertThat(reopened.query(null, null)).containsExactly(full, sparse); // scale and nanos kept
      assertThat(reopened.count()).isEqualTo(2);
      assertThat(reopened.skippedLines()).isZero();
    }
  }

  @Test
  void append_writesOneReadableJsonLinePerRecord() {
    Path file = directory.resolve("usage.jsonl");
    try (FileUsageStore store = usageStore(file)) {
      store.append(usage("u-1", T0));
    }

    assertThat(lines(file)).singleElement().isEqualTo("{\"id\":\"u-1\",\"timestamp\":\"2025-03-01T00:00:00Z\","
        + "\"provider\":\"openai\",\"model\":\"gpt-4o-mini\",\"inputTokens\":1200,\"outputTokens\":350,"
        + "\"cost\":{\"amount\":0.000390,\"currency\":\"USD\"},\"sessionId\":\"s-1\","
        + "\"analysisType\":\"fundamental\",\"module\":\"news_analyst\"}");
  }

  @Test
  void append_sameIdTwice_keepsOneRecordAndOneLine() {
    Path file = directory.resolve("usage.jsonl");
    try (FileUsageStore store = usageStore(file)) {
      store.append(usage("u-1", T0));
      store.append(usage("u-1", T0.plusSeconds(5), "other_module")); // a replay with the same id

      assertThat(store.count()).isEqualTo(1);
      assertThat(store.query(null, null)).containsExactly(usage("u-1", T0));
    }
    assertThat(lines(file)).hasSize(1);
  }

  @Test
  void append_idStoredBeforeReopen_isStillIgnored() {
    Path file = directory.resolve("usage.jsonl");
    try (FileUsageStore store = usageStore(file)) {
      store.append(usage("u-1", T0));
    }
    try (FileUsageStore reopened = usageStore(file)) {
      reopened.append(usage("u-1", T0));
      assertThat(reopened.count()).isEqualTo(1);
    }
    assertThat(lines(file)).hasSize(1);
  }

  @Test
  void query_range_isFromInclusiveToExclusive_oldestFirst() {
    try (FileUsageStore store = usageStore(directory.resolve("usage.jsonl"))) {
      store.append(usage("late", T0.plusSeconds(30)));
      store.append(usage("early", T0));
      store.append(usage("middle", T0.plusSeconds(10)));
      store.append(usage("end", T0.plusSeconds(20)));

      assertThat(store.query(T0, T0.plusSeconds(20))).extracting(UsageRecord::id)
          .containsExactly("early", "middle");
      assertThat(store.query(T0.plusSeconds(10), null)).extracting(UsageRecord::id)
          .containsExactly("middle", "end", "late");
      assertThat(store.query(null, T0.plusSeconds(10))).extracting(UsageRecord::id).containsExactly("early");
      assertThat(store.query(T0.plusSeconds(40), null)).isEmpty();
    }
  }

  @Test
  void deleteOlderThan_compactsTheJournal_andMaxEmptiesIt() {
    Path file = directory.resolve("usage.jsonl");
    try (FileUsageStore store = usageStore(file)) {
      store.append(usage("early", T0));
      store.append(usage("late", T0.plusSeconds(30)));

      assertThat(store.deleteOlderThan(T0.plusSeconds(10))).isEqualTo(1);
      assertThat(store.query(null, null)).extracting(UsageRecord::id).containsExactly("late");
      store.append(usage("early", T0)); // its id is gone with it: it may be stored again

      assertThat(store.deleteOlderThan(Instant.MAX)).isEqualTo(2);
      assertThat(store.count()).isZero();
    }
    try (FileUsageStore reopened = usageStore(file)) {
      assertThat(reopened.count()).isZero();
      assertThat(lines(file)).isEmpty();
    }
  }

  @Test
  void asTheJournalOfAJournaledStore_keepsRecordsUntilTheyAreReplayed() {
    try (FileUsageStore primary = usageStore(directory.resolve("primary.jsonl"));
        FileUsageStore journal = usageStore(directory.resolve("journal.jsonl"))) {
      journal.append(usage("waiting", T0)); // left by an earlier outage
      JournaledUsageStore store = new JournaledUsageStore(primary, journal, java.time.Duration.ofMinutes(10));

      assertThat(store.replay()).isEqualTo(1);

      assertThat(primary.query(null, null)).extracting(UsageRecord::id).containsExactly("waiting");
      assertThat(journal.count()).isZero();
    }
  }

  @Test
  void query_toBeforeFrom_isRejected() {
    try (FileUsageStore store = usageStore(directory.resolve("usage.jsonl"))) {
      assertThatThrownBy(() -> store.query(T0.plusSeconds(1), T0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("to 2025-03-01T00:00:00Z is before from 2025-03-01T00:00:01Z; swap them");
    }
  }

  @Test
  void newFile_andItsDirectories_areOwnerOnly() throws Exception {
    Path file = directory.resolve("a/b/usage.jsonl");
    try (FileUsageStore store = usageStore(file)) {
      store.append(usage("u-1", T0));
      assertThat(store.file()).isEqualTo(file.toRealPath());
    }

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("a"))))
        .isEqualTo("rwx------");
  }

  @Test
  void closedStore_rejectsCalls_andSecondCloseIsNoOp() {
    FileUsageStore store = usageStore(directory.resolve("usage.jsonl"));
    store.close();
    store.close();

    assertThatThrownBy(() -> store.append(usage("u-1", T0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("usage journal")
        .hasMessageContaining("is closed; open a new store");
    assertThatThrownBy(store::count).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.query(null, null)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void directoryInTheWay_failsAtOpenNamingTheFile() throws Exception {
    Path file = directory.resolve("usage.jsonl");
    Files.createDirectory(file);

    assertThatThrownBy(() -> usageStore(file))
        .isInstanceOf(CacheException.class)
        .hasMessageStartingWith("Cannot open the usage journal " + file.toRealPath())
        .hasMessageContaining("make it a readable and writable file");
  }

  @Test
  void interruptedAppend_failsClearly_andTheStoreKeepsWorking() {
    try (FileUsageStore store = usageStore(directory.resolve("usage.jsonl"))) {
      store.append(usage("before", T0));
      Thread.currentThread().interrupt();
      try {
        assertThatThrownBy(() -> store.append(usage("interrupted", T0)))
            .isInstanceOf(CacheException.class)
            .hasMessageContaining("Interrupted while trying to append to the usage journal");
        assertThat(Thread.currentThread().isInterrupted()).isTrue(); // the flag is kept
      } finally {
        Thread.interrupted();
      }

      store.append(usage("after", T0.plusSeconds(1))); // the closed channel is reopened

      assertThat(store.query(null, null)).extracting(UsageRecord::id).containsExactly("before", "after");
    }
  }

  @Test
  void fsyncNever_neverForces() {
    FileUsageStore store = new FileUsageStore(JournalOptions.of(directory.resolve("never.jsonl"))
        .withFsync(FsyncPolicy.NEVER));
    for (int i = 0; i < 10; i++) {
      store.append(usage("u-" + i, T0));
    }
    store.close(); // the other policies force here

    assertThat(store.forceCount()).isZero();
    assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
        .doesNotContain("tradingagents-journal-fsync-never.jsonl");
  }

  @Test
  void fsyncEveryRecord_forcesOncePerAppend() {
    try (FileUsageStore store = new FileUsageStore(JournalOptions.of(directory.resolve("u.jsonl"))
        .withFsync(FsyncPolicy.EVERY_RECORD))) {
      for (int i = 0; i < 10; i++) {
        store.append(usage("u-" + i, T0));
      }
      store.append(usage("u-0", T0)); // ignored: nothing written, nothing forced

      assertThat(store.forceCount()).isEqualTo(10);
    }
  }

  @Test
  void fsyncInterval_forcesInTheBackgroundOnlyAfterAppends() {
    try (FileUsageStore store = new FileUsageStore(JournalOptions.of(directory.resolve("u.jsonl"))
        .withFsync(FsyncPolicy.INTERVAL).withFsyncInterval(Duration.ofMillis(5)))) {
      store.append(usage("u-1", T0));

      await().atMost(Duration.ofSeconds(10)).until(() -> store.forceCount() == 1);
      assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
          .contains("tradingagents-journal-fsync-u.jsonl");

      store.append(usage("u-2", T0));
      await().atMost(Duration.ofSeconds(10)).until(() -> store.forceCount() == 2);
    }
  }

  @Test
  void options_outOfRange_areRejectedWithTheValue() {
    JournalOptions options = JournalOptions.of(directory.resolve("u.jsonl"));

    assertThatThrownBy(() -> options.withFsyncInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fsyncInterval must be from 1ms to 10 minutes but was PT0S");
    assertThatThrownBy(() -> options.withFsyncInterval(Duration.ofMinutes(11)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fsyncInterval must be from 1ms to 10 minutes but was PT11M");
    assertThatThrownBy(() -> JournalOptions.of(Path.of("/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("file must name a file but was /");
    assertThat(options.fsync()).isEqualTo(FsyncPolicy.INTERVAL);
    assertThat(options.fsyncInterval()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void fileStores_openEachStoreUnderItsName() {
    try (FileUsageStore usage = FileStores.usage(directory, FsyncPolicy.NEVER);
        FileAnalysisStore analyses = FileStores.analysis(directory, FsyncPolicy.NEVER);
        FileSessionStore sessions = FileStores.sessions(directory, FsyncPolicy.NEVER)) {
      assertThat(List.of(usage.file(), analyses.file(), sessions.file())).extracting(p -> p.getFileName().toString())
          .containsExactly("usage.jsonl", "analysis.jsonl", "sessions.jsonl");
    }
  }
}
