package io.tradingagents.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.BackendInfo;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The in-process tier keeps its bound on the writing thread: its maintenance (eviction, expired entries
 * moved to the stale copies) does not wait for the common {@link ForkJoinPool}, which applications fill
 * with their own blocking work ({@code CompletableFuture.supplyAsync} around a slow upstream call).
 */
class MemoryMaintenanceTest {
  private static final long BOUND = 1 << 20; // the least allowed

  @Test
  void evictsOnTheWritingThread_whileTheCommonPoolIsBusy() throws InterruptedException {
    int workers = ForkJoinPool.getCommonPoolParallelism();
    CountDownLatch busy = new CountDownLatch(workers);
    CountDownLatch release = new CountDownLatch(1);
    for (int i = 0; i < workers; i++) {
      ForkJoinPool.commonPool().execute(() -> {
        busy.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }
    try (AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false)
        .maximumMemoryBytes(BOUND).build()) {
      assertThat(busy.await(30, TimeUnit.SECONDS)).as("every worker of the common pool is busy").isTrue();
      // About 25 KB each: 100 of them are more than twice the bound, and fewer writes than Caffeine's
      // write buffer holds (128 times the CPUs rounded up to a power of two), so nothing but the
      // maintenance the writes schedule can evict them.
      for (int i = 0; i < 100; i++) {
        cache.put(CacheKey.of(DataKind.NEWS, "S" + i), "n".repeat(25_000));
      }

      BackendInfo.TierInfo memory = cache.backendInfo().tiers().get(0);
      assertThat(memory.entryCount()).as("entries held in memory of the 100 written").isBetween(1L, 99L);
      assertThat(memory.sizeBytes()).as("bytes held in memory, bound %d", BOUND).isBetween(1L, BOUND);
    } finally {
      release.countDown();
    }
  }
}
