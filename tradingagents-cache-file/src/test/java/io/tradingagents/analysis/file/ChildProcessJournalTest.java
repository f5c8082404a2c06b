package io.tradingagents.analysis.file;

import static io.tradingagents.analysis.file.TestRecords.T0;
import static io.tradingagents.analysis.file.TestRecords.usage;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradingagents.analysis.UsageRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child JVMs append to a journal: one is killed with SIGKILL mid-run, two share one file. */
class ChildProcessJournalTest {
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @TempDir
  Path directory;

  private final List<Child> children = new ArrayList<>();

  /** A running child, its stdout followed by a thread. */
  private static final class Child {
    final Process process;
    final Path stderr;
    final AtomicLong appended = new AtomicLong();
    volatile boolean ready;
    volatile String last = "";

    Child(Process process, Path stderr) {
      this.process = process;
      this.stderr = stderr;
      Thread reader = new Thread(this::follow, "child-stdout-" + process.pid());
      reader.setDaemon(true);
      reader.start();
    }

    private void follow() {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          last = line;
          if (line.equals("ready")) {
            ready = true;
          } else if (line.startsWith("appended ")) {
            appended.set(Long.parseLong(line.substring("appended ".length())));
          }
        }
      } catch (IOException e) {
        last = "stdout failed: " + e;
      }
    }

    void send(String line) throws IOException {
      Writer in = new java.io.OutputStreamWriter(process.getOutputStream(), UTF_8);
      in.write(line + "\n");
      in.flush();
    }

    String describe() {
      try {
        return "child " + process.pid() + " (alive " + process.isAlive() + ", last output '" + last
            + "', stderr: " + Files.readString(stderr, UTF_8).strip() + ")";
      } catch (IOException e) {
        return "child " + process.pid() + " (stderr unreadable: " + e + ")";
      }
    }
  }

  private Child start(Path file, String prefix, long count, String order, String module, boolean wait)
      throws IOException {
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Path stderr = Files.createTempFile(directory, "child-", ".err");
    Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        JournalAppenderMain.class.getName(), file.toString(), prefix, Long.toString(count), order, module,
        Boolean.toString(wait))
        .redirectError(stderr.toFile())
        .start();
    Child child = new Child(process, stderr);
    children.add(child);
    return child;
  }

  @AfterEach
  void stopChildren() throws InterruptedException {
    for (Child child : children) {
      child.process.destroyForcibly();
      child.process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void childKilledWithSigkillWhileAppending_everyCompleteRecordSurvives() throws Exception {
    Path file = directory.resolve("usage.jsonl");
    Child child = start(file, "kill-", 0, "asc", "child", false);
    await().atMost(PATIENCE).until(() -> {
      assertThat(child.process.isAlive()).as(child::describe).isTrue();
      return child.appended.get() >= 3_000;
    });

    child.process.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no close()
    assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(child.process.exitValue()).as("killed by signal 9").isEqualTo(128 + 9);
    long reported = child.appended.get();

    byte[] bytes = Files.readAllBytes(file);
    long completeLines = countNewlines(bytes);
    boolean tornTail = bytes.length > 0 && bytes[bytes.length - 1] != '\n';
    boolean tailIsWholeRecord = tornTail && parses(lastSegment(bytes));
    long expected = completeLines + (tailIsWholeRecord ? 1 : 0);

    try (FileUsageStore store = TestRecords.usageStore(file)) {
      assertThat(store.count()).isEqualTo(expected).isGreaterThanOrEqualTo(reported);
      assertThat(store.skippedLines()).isEqualTo(tornTail && !tailIsWholeRecord ? 1 : 0);
      Set<String> ids = store.query(null, null).stream().map(UsageRecord::id).collect(Collectors.toSet());
      // appends were sequential, so the survivors are exactly the first N: no hole, no duplicate
      assertThat(ids).isEqualTo(LongStream.range(0, expected).mapToObj(i -> "kill-" + i)
          .collect(Collectors.toSet()));

      store.append(usage("after-kill", T0.minusSeconds(1)));
    }
    try (FileUsageStore reopened = TestRecords.usageStore(file)) {
      assertThat(reopened.count()).isEqualTo(expected + 1);
      assertThat(reopened.query(null, T0)).extracting(UsageRecord::id).containsExactly("after-kill");
    }
  }

  @Test
  void twoChildJvms_appendingTheSameIdsToOneFile_storeEachIdOnceAndNoTornLine() throws Exception {
    Path file = directory.resolve("usage.jsonl");
    int count = 4_000;
    Child up = start(file, "shared-", count, "asc", "up", true);
    Child down = start(file, "shared-", count, "desc", "down", true);
    await().atMost(PATIENCE).until(() -> {
      assertThat(up.process.isAlive()).as(up::describe).isTrue();
      assertThat(down.process.isAlive()).as(down::describe).isTrue();
      return up.ready && down.ready;
    });

    up.send("go");
    down.send("go");

    assertThat(up.process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as(up::describe).isTrue();
    assertThat(down.process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as(down::describe).isTrue();
    assertThat(up.process.exitValue()).as(up::describe).isZero();
    assertThat(down.process.exitValue()).as(down::describe).isZero();
    assertThat(countNewlines(Files.readAllBytes(file))).isEqualTo(count);
    try (FileUsageStore store = TestRecords.usageStore(file)) {
      assertThat(store.skippedLines()).isZero();
      assertThat(store.count()).isEqualTo(count);
      List<UsageRecord> records = store.query(null, null);
      Set<String> ids = new HashSet<>();
      records.forEach(r -> ids.add(r.id()));
      assertThat(ids).hasSize(count);
      // both processes wrote part of the file (one from each end)
      assertThat(records).extracting(UsageRecord::module).contains("up", "down");
    }
  }

  private static long countNewlines(byte[] bytes) {
    long lines = 0;
    for (byte b : bytes) {
      if (b == '\n') {
        lines++;
      }
    }
    return lines;
  }

  private static String lastSegment(byte[] bytes) {
    int start = bytes.length;
    while (start > 0 && bytes[start - 1] != '\n') {
      start--;
    }
    return new String(bytes, start, bytes.length - start, UTF_8);
  }

  private static boolean parses(String json) {
    try {
      new ObjectMapper().readTree(json);
      return json.strip().endsWith("}");
    } catch (IOException e) {
      return false;
    }
  }
}
