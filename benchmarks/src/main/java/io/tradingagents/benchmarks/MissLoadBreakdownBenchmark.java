package io.tradingagents.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.TtlPolicy;
import io.tradingagents.market.MarketExpiryPolicy;
import java.time.Duration;
import java.time.Instant;
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
 * Where the in-process miss-then-load goes: {@link MissLoadBenchmark}'s workload (262,144 prebuilt keys
 * cycled through a 1 MiB bound, so every call misses, loads, inserts and evicts), with one suspect changed
 * at a time, each beside raw Caffeine in the same run:
 *
 * <ul>
 *   <li>{@code adaptiveDefault}: as {@code MissLoadBenchmark.adaptiveCache}: the TTL policy built from the
 *       settings, which registers {@link MarketExpiryPolicy} for stock data (on by default), and a record
 *       value, weighed by reflection;</li>
 *   <li>{@code adaptiveFlatTtl}: the same with {@code ttlPolicy(TtlPolicy.defaults())}: stock data on the
 *       flat TTL table, no market-aware expiry;</li>
 *   <li>{@code adaptiveFlatTtlStringValue}: the flat table and a {@code String} value of about the record's
 *       size, which the heap weigher measures without reflection;</li>
 *   <li>{@code marketExpiryOnly}: {@code MarketExpiryPolicy.expiresAt} alone, for the same keys;</li>
 *   <li>baselines {@code caffeine} and {@code caffeineStringValue}: Caffeine {@code get(key, fn)} with
 *       weight bound, per-entry expiry and stats, same keys and loaders, its maintenance on the common
 *       {@code ForkJoinPool} (Caffeine's default); {@code caffeineSameThread}: {@code caffeine} with its
 *       maintenance on the calling thread ({@code executor(Runnable::run)}), as the in-process tier runs
 *       its own.</li>
 * </ul>
 *
 * <p>Each method also reports its CPU time per operation ({@link CpuTime}).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar MissLoadBreakdown -f 3 -prof gc
 * java -jar benchmarks/target/benchmarks.jar 'MissLoadBreakdown.adaptiveDefault' -prof stack:lines=3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MissLoadBreakdownBenchmark {
  private static final int KEYS = 1 << 18;
  private static final LocalDate DAY = LocalDate.of(2024, 6, 3);
  /** About as long as the quote record weighs. */
  private static final String PADDING = "x".repeat(64);

  private CacheKey[] keys;
  private final MarketExpiryPolicy marketExpiry = MarketExpiryPolicy.builder().build();

  /** Per-thread position in the key cycle. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    CacheKey next(MissLoadBreakdownBenchmark bench) {
      return bench.keys[next++ & (KEYS - 1)];
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    keys = new CacheKey[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = CacheKey.builder(DataKind.STOCK_DATA, "SYM" + i).source("yfinance")
          .dateRange(DAY.minusDays(30), DAY).build();
    }
  }

  /** One cache per benchmark, so each fork builds only what it measures. */
  @State(Scope.Benchmark)
  public static class Default {
    AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false)
        .maximumMemoryBytes(1L << 20).build();

    @TearDown(Level.Trial)
    public void tearDown() {
      closeMissing(cache);
    }
  }

  /** Stock data on the flat TTL table: no market-aware expiry. */
  @State(Scope.Benchmark)
  public static class FlatTtl {
    AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false)
        .maximumMemoryBytes(1L << 20).ttlPolicy(TtlPolicy.defaults()).build();

    @TearDown(Level.Trial)
    public void tearDown() {
      closeMissing(cache);
    }
  }

  /** Raw Caffeine of record values, its maintenance on the common pool (Caffeine's default). */
  @State(Scope.Benchmark)
  public static class Raw {
    Cache<CacheKey, Object> cache = caffeine(Caffeine.newBuilder());
  }

  /** {@link Raw} with its maintenance on the calling thread, as the in-process tier runs its own. */
  @State(Scope.Benchmark)
  public static class RawSameThread {
    Cache<CacheKey, Object> cache = caffeine(Caffeine.newBuilder().executor(Runnable::run));
  }

  private static Cache<CacheKey, Object> caffeine(Caffeine<Object, Object> builder) {
    return builder
        .maximumWeight(1L << 20)
        .weigher((CacheKey k, Object q) -> 600)
        .expireAfter(Expiry.<CacheKey, Object>creating((k, q) -> Duration.ofHours(2)))
        .recordStats()
        .build();
  }

  static void closeMissing(AdaptiveCache cache) {
    long hits = cache.stats().hits();
    long misses = cache.stats().misses();
    cache.close();
    if (hits > misses / 100) {
      throw new IllegalStateException("not a miss benchmark: " + hits + " hits, " + misses + " misses");
    }
  }

  private static MissLoadBenchmark.Quote quote(CacheKey key) {
    return new MissLoadBenchmark.Quote(key.symbol(), DAY, 10, 12, 9, 11, 1_000_000L);
  }

  private static String text(CacheKey key) {
    return key.symbol() + PADDING;
  }

  @Benchmark
  public Object adaptiveDefault(Default state, Cursor cursor, CpuTime cpu) {
    cpu.op();
    return state.cache.get(cursor.next(this), MissLoadBenchmark.Quote.class, MissLoadBreakdownBenchmark::quote);
  }

  @Benchmark
  public Object adaptiveFlatTtl(FlatTtl state, Cursor cursor, CpuTime cpu) {
    cpu.op();
    return state.cache.get(cursor.next(this), MissLoadBenchmark.Quote.class, MissLoadBreakdownBenchmark::quote);
  }

  @Benchmark
  public Object adaptiveFlatTtlStringValue(FlatTtl state, Cursor cursor, CpuTime cpu) {
    cpu.op();
    return state.cache.get(cursor.next(this), String.class, MissLoadBreakdownBenchmark::text);
  }

  @Benchmark
  public Object caffeine(Raw state, Cursor cursor, CpuTime cpu) {
    cpu.op();
    return state.cache.get(cursor.next(this), MissLoadBreakdownBenchmark::quote);
  }

  @Benchmark
  public Object caffeineSameThread(RawSameThread state, Cursor cursor, CpuTime cpu) {
    cpu.op();
    return state.cache.get(cursor.next(this), MissLoadBreakdownBenchmark::quote);
  }

  @Benchmark
  public Object caffeineStringValue(Raw state, Cursor cursor, CpuTime cpu) {
    cpu.op();
    return state.cache.get(cursor.next(this), MissLoadBreakdownBenchmark::text);
  }

  @Benchmark
  public Instant marketExpiryOnly(Cursor cursor, CpuTime cpu) {
    cpu.op();
    return marketExpiry.expiresAt(cursor.next(this), Instant.now());
  }
}
