package io.tradingagents.analysis.file;

import static io.tradingagents.analysis.file.TestRecords.T0;
import static io.tradingagents.analysis.file.TestRecords.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingagents.analysis.SessionRecord;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSessionStoreTest {
  @TempDir
  Path directory;

  private FileSessionStore open(Path file) {
    return new FileSessionStore(JournalOptions.of(file).withFsync(FsyncPolicy.NEVER));
  }

  private static SessionRecord session(String id, int createdMinute, int lastMinute) {
    return new SessionRecord(id, "user-" + id, T0.plusSeconds(60L * createdMinute),
        T0.plusSeconds(60L * lastMinute), Map.of("lang", "zh"));
  }

  @Test
  void saveFindTouch_andReopen() {
    Path file = directory.resolve("sessions.jsonl");
    try (FileSessionStore store = open(file)) {
      store.save(session("s-1", 0, 0));

      assertThat(store.touch("s-1", T0.plusSeconds(600))).isTrue();
      assertThat(store.touch("s-1", T0.plusSeconds(60))).isTrue(); // never moves back: nothing written
      assertThat(store.touch("missing", T0)).isFalse();
      assertThat(store.find("s-1").lastActivity()).isEqualTo(T0.plusSeconds(600));
      assertThat(store.find("missing")).isNull();
    }
    assertThat(lines(file)).hasSize(2);
    try (FileSessionStore reopened = open(file)) {
      assertThat(reopened.find("s-1")).isEqualTo(new SessionRecord("s-1", "user-s-1", T0, T0.plusSeconds(600),
          Map.of("lang", "zh")));
    }
  }

  @Test
  void deleteInactiveSince_dropsIdleSessions_andCompacts() {
    Path file = directory.resolve("sessions.jsonl");
    try (FileSessionStore store = open(file)) {
      store.save(session("idle", 0, 1));
      store.save(session("busy", 0, 1));
      for (int minute = 2; minute <= 10; minute++) {
        store.touch("busy", T0.plusSeconds(60L * minute));
      }
      assertThat(lines(file)).hasSize(11);

      assertThat(store.deleteInactiveSince(T0.plusSeconds(300))).isEqualTo(1);

      assertThat(store.find("idle")).isNull();
      assertThat(store.find("busy").lastActivity()).isEqualTo(T0.plusSeconds(600));
      assertThat(lines(file)).hasSize(1);
    }
    try (FileSessionStore reopened = open(file)) {
      assertThat(reopened.find("busy")).isNotNull();
      assertThat(reopened.find("idle")).isNull();
    }
  }
}
