package io.tradingagents.analysis.file;

import static io.tradingagents.analysis.file.TestRecords.T0;
import static io.tradingagents.analysis.file.TestRecords.lines;
import static io.tradingagents.analysis.file.TestRecords.usage;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingagents.analysis.UsageRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many threads, and two store objects standing in for two processes, appending to one journal. */
class UsageConcurrencyTest {
  private static final int THREADS = 8;
  private static final int PER_THREAD = 2_500;

  @TempDir
  Path directory;

  @Test
  void eightThreads_20000Records_allReadBackExactlyOnce() throws Exception {
    Path file = directory.resolve("usage.jsonl");
    try (FileUsageStore store = new FileUsageStore(JournalOptions.of(file))) { // default INTERVAL fsync
      runConcurrently(THREADS, thread -> () -> {
        for (int i = 0; i < PER_THREAD; i++) {
          store.append(usage("t" + thread + "-" + i, T0.plusMillis(i)));
        }
      });

      assertThat(store.count()).isEqualTo(20_000);
      assertRecords(store.query(null, null), 20_000);
    }

    assertThat(lines(file)).hasSize(20_000); // no interleaved, torn or duplicated line
    try (FileUsageStore reopened = TestRecords.usageStore(file)) {
      assertThat(reopened.count()).isEqualTo(20_000);
      assertThat(reopened.skippedLines()).isZero();
      assertRecords(reopened.query(null, null), 20_000);
    }
  }

  @Test
  void twoStoresOnOneFile_appendingTheSameIds_storeEachIdOnce() throws Exception {
    Path file = directory.resolve("usage.jsonl");
    int ids = 5_000;
    try (FileUsageStore first = TestRecords.usageStore(file);
        FileUsageStore second = TestRecords.usageStore(file)) {
      List<FileUsageStore> stores = List.of(first, second);
      runConcurrently(4, thread -> () -> {
        FileUsageStore store = stores.get(thread % 2);
        for (int n = 0; n < ids; n++) {
          int i = thread < 2 ? n : ids - 1 - n; // two threads from each end
          store.append(usage("shared-" + i, T0.plusMillis(i), "thread-" + thread));
        }
      });

      assertThat(first.count()).isEqualTo(ids);
      assertThat(second.count()).isEqualTo(ids); // sees the other's appends
      assertRecords(second.query(null, null), ids);
    }
    assertThat(lines(file)).hasSize(ids);
  }

  private static void assertRecords(List<UsageRecord> records, int expected) {
    assertThat(records).hasSize(expected);
    Set<String> ids = new HashSet<>();
    for (UsageRecord record : records) {
      ids.add(record.id());
    }
    assertThat(ids).hasSize(expected);
  }

  private static void runConcurrently(int threads, IntFunction<Runnable> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        Runnable work = task.apply(t);
        futures.add(pool.submit(() -> {
          start.await();
          work.run();
          return null;
        }));
      }
      start.countDown();
      for (Future<?> future : futures) {
        future.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
