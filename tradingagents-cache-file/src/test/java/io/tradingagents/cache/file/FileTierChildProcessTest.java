package io.tradingagents.cache.file;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradingagents.cache.spi.TierEntry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes share one cache directory: a child JVM overwrites entries while this JVM reads them, then
 * the child is killed with SIGKILL in the middle of its writes. Readers must only ever see whole values,
 * and the directory must stay usable.
 */
class FileTierChildProcessTest {
  @TempDir
  Path dir;

  private Process child;
  private final AtomicLong childWrites = new AtomicLong();

  @AfterEach
  void killChild() {
    if (child != null) {
      child.destroyForcibly();
    }
  }

  private void startWriter() throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        FileTierWriterMain.class.getName(), dir.toString()));
    child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    Thread follower = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.startsWith("wrote ")) {
            childWrites.set(Long.parseLong(line.substring("wrote ".length())));
          }
        }
      } catch (IOException e) {
        childWrites.set(-1);
      }
    }, "writer-stdout");
    follower.setDaemon(true);
    follower.start();
  }

  /** @return whether the entry is absent or one writer's whole value; counts what it saw */
  private static boolean whole(TierEntry entry) {
    if (entry == null) {
      return true;
    }
    byte[] value = entry.value();
    if (value.length != FileTierWriterMain.SIZE) {
      return false;
    }
    for (byte b : value) {
      if (b != value[0]) {
        return false;
      }
    }
    return true;
  }

  @Test
  void anotherProcessWritingThenKilled_readersOnlyEverSeeWholeValues() throws Exception {
    startWriter();
    try (FileTier reader = new FileTier(FileTier.Options.of(dir))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> childWrites.get() >= 200);
      long reads = 0;
      long found = 0;
      long torn = 0;
      long start = childWrites.get();
      while (childWrites.get() < start + 300 && reads < 2_000_000) { // read while it writes 300 more
        TierEntry entry = reader.get(FileTierWriterMain.key((int) (reads % FileTierWriterMain.KEYS)));
        reads++;
        found += entry == null ? 0 : 1;
        torn += whole(entry) ? 0 : 1;
      }

      child.destroyForcibly(); // SIGKILL, most likely in the middle of a write
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).isEqualTo(137);

      for (int i = 0; i < FileTierWriterMain.KEYS; i++) {
        TierEntry entry = reader.get(FileTierWriterMain.key(i));
        torn += whole(entry) ? 0 : 1;
      }
      assertThat(torn).as("reads that saw a partial or mixed value, of %d", reads).isZero();
      assertThat(found).as("reads that found the other process's entries").isPositive();
      long now = System.currentTimeMillis();
      reader.put(FileTierWriterMain.key(0), new TierEntry("after".getBytes(UTF_8), now, now + 60_000));
      assertThat(new String(reader.get(FileTierWriterMain.key(0)).value(), UTF_8)).isEqualTo("after");
    }
  }
}
