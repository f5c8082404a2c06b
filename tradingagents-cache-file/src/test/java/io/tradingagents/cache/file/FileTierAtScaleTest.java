package io.tradingagents.cache.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.spi.TierEntry;
import io.tradingagents.cache.testing.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file tier with 100,000 entry files: a put that crosses the cap does a bounded amount of work on the
 * caller's thread (no directory listing, no deletion), and the background thread restores the cap from
 * the in-memory index, deleting exactly the least recently used files, without listing the directory.
 */
class FileTierAtScaleTest {
  private static final int FILES = 100_000;
  private static final Duration NO_BACKGROUND_SWEEP = Duration.ofDays(1);

  @TempDir
  Path temp;

  private final MutableClock clock = new MutableClock();

  private static String key(int i) {
    return CacheKey.of(DataKind.STOCK_DATA, String.format("S%06d", i)).asString();
  }

  private TierEntry entry() {
    long now = clock.millis();
    return new TierEntry(new byte[32], now, now + Duration.ofDays(7).toMillis());
  }

  /** Writes entry files in the tier's own format, file {@code i} last used {@code FILES - i} s ago. */
  private long generate(EntryDirectory layout) throws IOException {
    layout.createRoot();
    for (int shard = 0; shard < 256; shard++) {
      Files.createDirectories(layout.root().resolve(String.format("%02x", shard)));
    }
    TierEntry entry = entry();
    long oldest = clock.millis() - FILES * 1_000L;
    IntStream.range(0, FILES).parallel().forEach(i -> {
      Path file = layout.pathFor(key(i));
      try {
        Files.write(file, EntryFormat.encode(key(i), entry));
        Files.setLastModifiedTime(file, FileTime.fromMillis(oldest + i * 1_000L));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    return EntryFormat.encode(key(0), entry).length;
  }

  private static long entryFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.toString().endsWith(EntryDirectory.ENTRY_SUFFIX)).count();
    }
  }

  @Test
  void putOverCap_with100kFiles_neitherListsNorDeletesOnTheCallersThread_andTheCapIsRestoredInTheBackground()
      throws Exception {
    Path root = temp.resolve("cache").toAbsolutePath().normalize();
    EntryDirectory layout = new EntryDirectory(root, false);
    long fileSize = generate(layout);
    long cap = FILES * fileSize + fileSize / 2;
    ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor();
    CountDownLatch gate = new CountDownLatch(1);
    housekeeping.execute(() -> {
      try {
        gate.await(); // holds the housekeeping thread until the caller's work has been checked
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    FileTier tier = new FileTier(FileTier.Options.of(root).withClock(clock).withMaxBytes(cap)
        .withSweepInterval(NO_BACKGROUND_SWEEP), housekeeping);
    try {
      assertThat(tier.usage().entryCount()).isEqualTo(FILES);
      assertThat(tier.indexedFiles()).isEqualTo(FILES);
      long scansAtOpen = tier.directoryScans();

      String newest = key(FILES);
      tier.put(newest, entry());

      assertThat(tier.usage().sizeBytes()).as("over the cap until the background eviction runs")
          .isEqualTo((FILES + 1) * fileSize).isGreaterThan(cap);
      assertThat(tier.directoryScans()).as("listings on the caller's thread").isEqualTo(scansAtOpen);
      assertThat(entryFiles(root)).as("files deleted on the caller's thread: none").isEqualTo(FILES + 1);
      assertThat(tier.usage().details()).containsEntry("evictions", "0");

      gate.countDown();

      long target = (long) (cap * Housekeeping.EVICTION_LOW_WATER);
      long expectedEvictions = FILES + 1 - target / fileSize;
      await().atMost(Duration.ofMinutes(1)).untilAsserted(() ->
          assertThat(tier.usage().details()).containsEntry("evictions", Long.toString(expectedEvictions)));
      assertThat(tier.usage().sizeBytes()).isEqualTo((FILES + 1 - expectedEvictions) * fileSize)
          .isLessThanOrEqualTo(target);
      assertThat(entryFiles(root)).isEqualTo(FILES + 1 - expectedEvictions);
      assertThat(layout.pathFor(key((int) expectedEvictions - 1))).as("the newest evicted").doesNotExist();
      assertThat(layout.pathFor(key((int) expectedEvictions))).as("the oldest kept").exists();
      assertThat(layout.pathFor(newest)).exists();
      assertThat(tier.indexedFiles()).isEqualTo(FILES + 1 - (int) expectedEvictions);
      assertThat(tier.directoryScans()).as("listings for the eviction: none").isEqualTo(scansAtOpen);
    } finally {
      gate.countDown();
      tier.close();
    }
  }
}
