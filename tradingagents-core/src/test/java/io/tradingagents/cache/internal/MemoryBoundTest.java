package io.tradingagents.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.spi.MemoryTier;
import io.tradingagents.cache.spi.TierKind;
import io.tradingagents.cache.testing.MutableClock;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The in-process bound bounds retained heap (within 2x) for the value shapes applications store, whether
 * or not a shared tier compresses them. Each case stores five times the bound, then measures the heap the
 * cache retains after a full GC.
 */
class MemoryBoundTest {
  private static final long BOUND = 16L << 20;

  record Bar(LocalDate day, double open, double high, double low, double close, long volume) {}

  record History(String symbol, String source, List<Bar> bars) {}

  record Quote(String symbol, double price) {}

  @Test
  void compressibleText_retainsAtMostTwiceTheBound() {
    // 200,000 characters that deflate to a few hundred bytes: weighed by their size, not their encoding
    assertRetainedWithinTwiceTheBound(i -> ("news " + i + " ").repeat(20_000), 5 * BOUND / 200_000);
  }

  @Test
  void recordsWithLists_retainAtMostTwiceTheBound() {
    assertRetainedWithinTwiceTheBound(i -> {
      List<Bar> bars = new ArrayList<>();
      for (int d = 0; d < 250; d++) {
        bars.add(new Bar(LocalDate.of(2024, 1, 1).plusDays(d), d, d + 1, d - 1, d + 0.5, 1000L * d));
      }
      return new History("SYM" + i, "tushare", List.copyOf(bars));
    }, 5 * BOUND / 20_000);
  }

  @Test
  void smallRecords_retainAtMostTwiceTheBound() {
    assertRetainedWithinTwiceTheBound(i -> new Quote("SYM" + i, i), 5 * BOUND / 400);
  }

  private static void assertRetainedWithinTwiceTheBound(IntFunction<Object> values, long count) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long before = usedAfterGc(memory);
    MutableClock clock = new MutableClock();
    // A shared tier makes every value encoded and, above 16 KiB, compressed; it keeps at most 1 MiB.
    MemoryTier shared = new MemoryTier("file", TierKind.FILE, 1 << 20, clock);
    try (AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false)
        .clock(clock).maximumMemoryBytes(BOUND).tier(shared).build()) {
      for (int i = 0; i < count; i++) {
        cache.put(CacheKey.of(DataKind.NEWS, "S" + i), values.apply(i));
      }
      ((DefaultAdaptiveCache) cache).runMaintenance();
      long retained = usedAfterGc(memory) - before;
      System.out.printf("MemoryBoundTest: %d values stored, %d kept, %d bytes retained for a bound of %d (%.2fx)%n",
          count, cache.backendInfo().tiers().get(0).entryCount(), retained, BOUND, (double) retained / BOUND);

      assertThat(retained).as("heap retained by a cache bounded to %d bytes", BOUND)
          .isLessThanOrEqualTo(2 * BOUND);
      assertThat(cache.get(CacheKey.of(DataKind.NEWS, "S" + (count - 1)), Object.class)).isNotNull();
    }
  }

  private static long usedAfterGc(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
