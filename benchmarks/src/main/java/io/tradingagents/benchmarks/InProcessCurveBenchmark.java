package io.tradingagents.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.BackendInfo;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Cost curves of the in-process tier: a hit and a miss-then-load through {@code AdaptiveCache}, each beside
 * raw Caffeine configured the same way (weight bound, per-entry expiry, stats), at {@code entries} entries
 * held (10k, 100k, 1M) and with the thread count given by {@code -t}.
 *
 * <ul>
 *   <li>{@code adaptiveHit} / {@code caffeineHit}: {@code get(key, type)} / {@code getIfPresent(key)} on a
 *       cache holding all {@code entries} quotes, keys drawn Zipf(1.0) over all of them (2^20 precomputed
 *       draws, each thread from its own offset). The setup checks that the cache holds every entry and the
 *       teardown that no read missed.</li>
 *   <li>{@code adaptiveMissLoad} / {@code caffeineMissLoad}: {@code get(key, type, loader)} /
 *       {@code get(key, mappingFunction)} of a key never asked before, on a cache that holds
 *       {@code entries} entries (filled before, bound sized to them), so every call misses, loads one quote,
 *       inserts it and evicts. A key has to be new for every call: cycling a fixed set of keys through a
 *       Caffeine (W-TinyLFU) bound of 1M entries would hit, since admission keeps the frequent residents.
 *       So each call builds its key (the common shape: kind, symbol, source, date range; the thread reuses
 *       its digest), and {@code buildKeyOnly} measures that key alone in the same run: subtract it from
 *       both sides to compare the caches alone. The teardown checks that no call hit.</li>
 * </ul>
 *
 * <p>Each method also reports the CPU time its threads spent per operation ({@link CpuTime}), the figure
 * to read when the machine is shared and its run queue is longer than its cores.
 *
 * <p>One fork runs one cache (its own {@code @State}), so a fork holds only what it measures. The heap is
 * 3 GiB so that 1M entries and their keys fit beside the cache under test. To interleave ours and the
 * baseline, run one fork at a time for each size and thread count, as
 * {@code docs/benchmark-results/2026-12-02-curves/run.sh} does:
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar InProcessCurve -p entries=1000000 -t 2 -f 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class InProcessCurveBenchmark {
  /** A quote as an analysis app would cache it. */
  public record Quote(String symbol, LocalDate day, double open, double high, double low, double close,
      long volume) {}

  private static final LocalDate DAY = LocalDate.of(2024, 6, 3);
  private static final LocalDate FROM = DAY.minusDays(30);
  private static final int DRAWS = 1 << 20;
  private static final int MASK = DRAWS - 1;
  /** Bytes of in-process bound per entry for the hit caches: far more than an entry weighs. */
  private static final long HIT_BYTES_PER_ENTRY = 1024;
  /** The weight raw Caffeine gives each entry (its bound is entries times this). */
  private static final int CAFFEINE_WEIGHT = 600;

  @Param({"10000", "100000", "1000000"})
  public int entries;

  /** @return the common key shape for symbol {@code symbol} */
  static CacheKey key(String symbol) {
    return CacheKey.builder(DataKind.STOCK_DATA, symbol).source("yfinance").dateRange(FROM, DAY).build();
  }

  static Quote load(CacheKey key) {
    return new Quote(key.symbol(), DAY, 10, 12, 9, 11, 1_000_000L);
  }

  static Cache<CacheKey, Quote> caffeine(long entries) {
    return Caffeine.newBuilder()
        .executor(Runnable::run) // maintenance on the calling thread, as the in-process tier does
        .maximumWeight(entries * CAFFEINE_WEIGHT)
        .weigher((CacheKey k, Quote q) -> CAFFEINE_WEIGHT)
        .expireAfter(Expiry.<CacheKey, Quote>creating((k, q) -> Duration.ofHours(2)))
        .recordStats()
        .build();
  }

  /** @return an in-process-only cache bounded to {@code maximumBytes}, or 1 MiB (the least allowed) */
  static AdaptiveCache adaptive(long maximumBytes) {
    return AdaptiveCache.builder().environment(Map.of()).discoverTiers(false)
        .maximumMemoryBytes(Math.max(1L << 20, maximumBytes)).build();
  }

  static BackendInfo.TierInfo memory(AdaptiveCache cache) {
    return cache.backendInfo().tiers().stream().filter(t -> t.name().equals("memory")).findFirst().orElseThrow();
  }

  /** The keys of a warm working set and the Zipf draws over them. */
  @State(Scope.Benchmark)
  public static class WorkingSet {
    CacheKey[] keys;
    int[] draws;

    @Setup(Level.Trial)
    public void setUp(InProcessCurveBenchmark bench) {
      keys = new CacheKey[bench.entries];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = key("SYM" + i);
      }
      draws = Zipf.indexes(keys.length, 1.0, DRAWS, 42);
    }
  }

  /** Per-thread position in the draws; threads start apart. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
    long fresh;
    String prefix;

    @Setup(Level.Trial)
    public void setUp(ThreadParams thread) {
      next = thread.getThreadIndex() * (DRAWS / 8);
      prefix = "NEW" + thread.getThreadIndex() + "X";
    }

    /** @return a key no thread has asked for before */
    CacheKey freshKey() {
      return key(prefix + fresh++);
    }
  }

  /** An {@code AdaptiveCache} holding the whole working set. */
  @State(Scope.Benchmark)
  public static class AdaptiveHits {
    AdaptiveCache cache;

    @Setup(Level.Trial)
    public void setUp(WorkingSet set) {
      cache = adaptive(set.keys.length * HIT_BYTES_PER_ENTRY);
      for (int i = 0; i < set.keys.length; i++) {
        cache.put(set.keys[i], new Quote("SYM" + i, DAY, 10, 12, 9, 11, 1_000_000L + i));
      }
      for (CacheKey key : set.keys) {
        if (cache.get(key, Quote.class) == null) {
          throw new IllegalStateException("the working set does not fit in memory: " + key + " is missing, "
              + memory(cache));
        }
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      long misses = cache.stats().misses();
      cache.close();
      if (misses != 0) {
        throw new IllegalStateException("not a hit benchmark: " + misses + " reads missed");
      }
    }
  }

  /** Raw Caffeine holding the whole working set. */
  @State(Scope.Benchmark)
  public static class CaffeineHits {
    Cache<CacheKey, Quote> cache;

    @Setup(Level.Trial)
    public void setUp(WorkingSet set) {
      cache = caffeine(set.keys.length * 2L);
      for (int i = 0; i < set.keys.length; i++) {
        cache.put(set.keys[i], new Quote("SYM" + i, DAY, 10, 12, 9, 11, 1_000_000L + i));
      }
      cache.cleanUp();
      if (cache.estimatedSize() != set.keys.length) {
        throw new IllegalStateException("Caffeine holds " + cache.estimatedSize() + " of " + set.keys.length);
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      if (cache.stats().missCount() != 0) {
        throw new IllegalStateException("not a hit benchmark: " + cache.stats());
      }
    }
  }

  /**
   * An {@code AdaptiveCache} full with {@code entries} entries: its bound is what that many entries weigh
   * (measured on a first cache with room to spare), so each new key evicts one.
   */
  @State(Scope.Benchmark)
  public static class AdaptiveMisses {
    AdaptiveCache cache;

    @Setup(Level.Trial)
    public void setUp(InProcessCurveBenchmark bench) {
      long weight;
      try (AdaptiveCache probe = adaptive(bench.entries * HIT_BYTES_PER_ENTRY)) {
        fill(probe, bench.entries);
        BackendInfo.TierInfo memory = memory(probe);
        if (memory.entryCount() != bench.entries) {
          throw new IllegalStateException("the probe holds " + memory.entryCount() + " of " + bench.entries);
        }
        weight = memory.sizeBytes();
      }
      cache = adaptive(weight);
      fill(cache, bench.entries);
    }

    private static void fill(AdaptiveCache cache, int entries) {
      for (int i = 0; i < entries; i++) {
        CacheKey key = key("OLD" + i);
        cache.put(key, load(key));
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      long hits = cache.stats().hits();
      cache.close();
      if (hits != 0) {
        throw new IllegalStateException("not a miss benchmark: " + hits + " reads hit");
      }
    }
  }

  /** Raw Caffeine full with {@code entries} entries. */
  @State(Scope.Benchmark)
  public static class CaffeineMisses {
    Cache<CacheKey, Quote> cache;

    @Setup(Level.Trial)
    public void setUp(InProcessCurveBenchmark bench) {
      cache = caffeine(bench.entries);
      for (int i = 0; i < bench.entries; i++) {
        CacheKey key = key("OLD" + i);
        cache.put(key, load(key));
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      if (cache.stats().hitCount() != 0) {
        throw new IllegalStateException("not a miss benchmark: " + cache.stats());
      }
    }
  }

  @Benchmark
  public Quote adaptiveHit(AdaptiveHits state, WorkingSet set, Cursor cursor, CpuTime cpu) {
    cpu.op();
    return state.cache.get(set.keys[set.draws[cursor.next++ & MASK]], Quote.class);
  }

  @Benchmark
  public Quote caffeineHit(CaffeineHits state, WorkingSet set, Cursor cursor, CpuTime cpu) {
    cpu.op();
    return state.cache.getIfPresent(set.keys[set.draws[cursor.next++ & MASK]]);
  }

  @Benchmark
  public Quote adaptiveMissLoad(AdaptiveMisses state, Cursor cursor, CpuTime cpu) {
    cpu.op();
    return state.cache.get(cursor.freshKey(), Quote.class, InProcessCurveBenchmark::load);
  }

  @Benchmark
  public Quote caffeineMissLoad(CaffeineMisses state, Cursor cursor, CpuTime cpu) {
    cpu.op();
    return state.cache.get(cursor.freshKey(), InProcessCurveBenchmark::load);
  }

  /** The key that each miss-then-load call builds, alone. */
  @Benchmark
  public CacheKey buildKeyOnly(Cursor cursor, CpuTime cpu) {
    cpu.op();
    return cursor.freshKey();
  }
}
