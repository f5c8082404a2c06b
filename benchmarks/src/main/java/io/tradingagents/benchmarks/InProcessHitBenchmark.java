package io.tradingagents.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.monitoring.CacheMetrics;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
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
 * In-process hit: {@code AdaptiveCache.get(key, type)} on a warm 10k-entry working set with Zipf keys
 * (also with its meters bound to a {@code PrometheusMeterRegistry}), beside raw Caffeine configured the same way (weight bound, per-entry expiry, stats) and plain Caffeine
 * {@code getIfPresent} (size bound only), on the same keys and values, in the same run.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar InProcessHit -t 1 -prof gc
 * java -jar benchmarks/target/benchmarks.jar InProcessHit -t 2 -prof gc
 * java -jar benchmarks/target/benchmarks.jar 'InProcessHitBenchmark.adaptiveCache' -f 2 -wi 3 -i 5 -prof gc
 * java -jar benchmarks/target/benchmarks.jar 'InProcessHitBenchmark.pairedHit' -f 4 -wi 3 -i 5
 * </pre>
 *
 * <p>{@code pairedHit} runs the unbound and the bound cache at the same time, one thread each, in every
 * iteration: on a shared, loaded machine both see the same interference, which separate benchmarks (run
 * one after the other) do not.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InProcessHitBenchmark {
  /** A quote as an analysis app would cache it. */
  public record Quote(String symbol, LocalDate day, double open, double high, double low, double close,
      long volume) {}

  private static final int WORKING_SET = 10_000;
  private static final int MASK = (1 << 16) - 1;

  private CacheKey[] keys;
  private int[] zipf;
  private AdaptiveCache adaptive;
  private AdaptiveCache adaptiveWithMetrics;
  private PrometheusMeterRegistry registry;
  private Cache<CacheKey, Quote> caffeineSameConfig;
  private Cache<CacheKey, Quote> caffeinePlain;

  /** Per-thread position in the Zipf sequence. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  @Setup(Level.Trial)
  public void setUp() {
    keys = new CacheKey[WORKING_SET];
    LocalDate day = LocalDate.of(2024, 6, 3);
    adaptive = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false)
        .maximumMemoryBytes(256L << 20).build();
    adaptiveWithMetrics = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false)
        .maximumMemoryBytes(256L << 20).build();
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new CacheMetrics(adaptiveWithMetrics, "bench").bindTo(registry);
    caffeineSameConfig = Caffeine.newBuilder()
        .executor(Runnable::run) // maintenance on the calling thread, as the in-process tier does
        .maximumWeight(256L << 20)
        .weigher((CacheKey k, Quote q) -> 128)
        .expireAfter(Expiry.<CacheKey, Quote>creating((k, q) -> Duration.ofHours(2)))
        .recordStats()
        .build();
    caffeinePlain = Caffeine.newBuilder().maximumSize(WORKING_SET * 2L).build();
    for (int i = 0; i < WORKING_SET; i++) {
      keys[i] = CacheKey.builder(DataKind.STOCK_DATA, "SYM" + i).source("yfinance")
          .dateRange(day.minusDays(30), day).build();
      Quote quote = new Quote("SYM" + i, day, 10, 12, 9, 11, 1_000_000L + i);
      adaptive.put(keys[i], quote);
      adaptiveWithMetrics.put(keys[i], quote);
      caffeineSameConfig.put(keys[i], quote);
      caffeinePlain.put(keys[i], quote);
    }
    zipf = Zipf.indexes(WORKING_SET, 1.0, MASK + 1, 42);
    for (CacheKey key : List.of(keys)) {
      if (adaptive.get(key, Quote.class) == null) {
        throw new IllegalStateException("working set does not fit: " + key);
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (!registry.scrape().contains("cache_gets_total")) {
      throw new IllegalStateException("the bound registry publishes no cache_gets_total");
    }
    adaptive.close();
    adaptiveWithMetrics.close();
  }

  @Benchmark
  public Quote adaptiveCache(Cursor cursor) {
    return adaptive.get(keys[zipf[cursor.next++ & MASK]], Quote.class);
  }

  @Benchmark
  public Quote adaptiveCacheWithMetrics(Cursor cursor) {
    return adaptiveWithMetrics.get(keys[zipf[cursor.next++ & MASK]], Quote.class);
  }

  @Benchmark
  @Group("pairedHit")
  @GroupThreads(1)
  public Quote pairedUnbound(Cursor cursor) {
    return adaptive.get(keys[zipf[cursor.next++ & MASK]], Quote.class);
  }

  @Benchmark
  @Group("pairedHit")
  @GroupThreads(1)
  public Quote pairedBoundToPrometheus(Cursor cursor) {
    return adaptiveWithMetrics.get(keys[zipf[cursor.next++ & MASK]], Quote.class);
  }

  @Benchmark
  public Quote caffeineSameConfig(Cursor cursor) {
    return caffeineSameConfig.getIfPresent(keys[zipf[cursor.next++ & MASK]]);
  }

  @Benchmark
  public Quote caffeinePlain(Cursor cursor) {
    return caffeinePlain.getIfPresent(keys[zipf[cursor.next++ & MASK]]);
  }
}
