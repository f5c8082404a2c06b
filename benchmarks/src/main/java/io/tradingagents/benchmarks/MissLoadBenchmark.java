package io.tradingagents.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Miss then load, in-process tier only: {@code AdaptiveCache.get(key, type, loader)} on keys that are
 * not cached (262,144 keys cycled through a 1 MiB bound, so each is long evicted when it comes round
 * again), beside Caffeine's {@code get(key, mappingFunction)} configured the same way (weight bound,
 * per-entry expiry, stats), with the same keys and the same loader, in the same run. Both pay for the
 * loader's allocation of one quote.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar MissLoad -f 3 -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MissLoadBenchmark {
  /** A quote as an analysis app would cache it. */
  public record Quote(String symbol, LocalDate day, double open, double high, double low, double close,
      long volume) {}

  private static final int KEYS = 1 << 18;
  private static final LocalDate DAY = LocalDate.of(2024, 6, 3);

  private CacheKey[] keys;
  private AdaptiveCache adaptive;
  private Cache<CacheKey, Quote> caffeineSameConfig;

  /** Per-thread position in the key cycle. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  @Setup(Level.Trial)
  public void setUp() {
    keys = new CacheKey[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = CacheKey.builder(DataKind.STOCK_DATA, "SYM" + i).source("yfinance")
          .dateRange(DAY.minusDays(30), DAY).build();
    }
    adaptive = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false)
        .maximumMemoryBytes(1L << 20).build();
    caffeineSameConfig = Caffeine.newBuilder()
        .executor(Runnable::run) // maintenance on the calling thread, as the in-process tier does
        .maximumWeight(1L << 20)
        .weigher((CacheKey k, Quote q) -> 600)
        .expireAfter(Expiry.<CacheKey, Quote>creating((k, q) -> Duration.ofHours(2)))
        .recordStats()
        .build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (adaptive.stats().hits() > adaptive.stats().misses() / 100) {
      throw new IllegalStateException("not a miss benchmark: " + adaptive.stats());
    }
    adaptive.close();
  }

  private static Quote load(CacheKey key) {
    return new Quote(key.symbol(), DAY, 10, 12, 9, 11, 1_000_000L);
  }

  @Benchmark
  public Quote adaptiveCache(Cursor cursor) {
    return adaptive.get(keys[cursor.next++ & (KEYS - 1)], Quote.class, MissLoadBenchmark::load);
  }

  @Benchmark
  public Quote caffeineSameConfig(Cursor cursor) {
    return caffeineSameConfig.get(keys[cursor.next++ & (KEYS - 1)], MissLoadBenchmark::load);
  }
}
