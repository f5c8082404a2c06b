package io.tradingagents.benchmarks;

import io.tradingagents.benchmarks.InProcessHitBenchmark.Quote;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.spring.AdaptiveCacheManager;
import io.tradingagents.spring.AdaptiveSpringCache;
import io.tradingagents.spring.MethodCacheKey;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;
import org.springframework.cache.Cache;

/**
 * In-process hit through Spring's {@link Cache} API (the typed view {@code @Cacheable} reads through) beside
 * a direct {@code AdaptiveCache.get(key, type)} hit, on a warm 10k-entry working set with Zipf keys, in the
 * same run: {@code springCacheGet} ({@code Cache.get(key)}, what {@code @Cacheable} calls, with its
 * {@code ValueWrapper}), {@code springCacheGetWithLoader} ({@code Cache.get(key, Callable)}, what
 * {@code @Cacheable(sync = true)} calls), {@code springCacheGetMethodKey} (the key the key generator makes,
 * completed once and remembered), and their baselines {@code directAdaptiveGet} and
 * {@code directAdaptiveGetWithLoader} ({@code AdaptiveCache.get(key, type, loader)}, which a
 * {@code sync = true} read is: a hit with a loader also counts the upstream call it saved). Keys are built beforehand: building a key
 * from method arguments is the key generator's work, measured by {@link CacheKeyBenchmark}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SpringCacheHit -t 1 -prof gc \
 *     -prof 'io.tradingagents.benchmarks.SpringCacheHitBenchmark$ThreadCpuTime'
 * </pre>
 *
 * <p>{@link ThreadCpuTime} adds {@code cpu.time.norm}: the CPU time the benchmark threads used per operation,
 * which, unlike the wall-clock score, leaves out the time they waited for a core on a shared, loaded machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SpringCacheHitBenchmark {
  private static final int WORKING_SET = 10_000;
  private static final int MASK = (1 << 16) - 1;

  private CacheKey[] keys;
  private MethodCacheKey[] methodKeys;
  private int[] zipf;
  private AdaptiveCache adaptive;
  private AdaptiveSpringCache spring;

  /** Per-thread position in the Zipf sequence. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  @Setup(Level.Trial)
  public void setUp() {
    adaptive = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false)
        .maximumMemoryBytes(256L << 20).build();
    spring = new AdaptiveCacheManager(adaptive, DataKind.STOCK_DATA, Map.of()).getCache("quotes").typed(Quote.class);
    keys = new CacheKey[WORKING_SET];
    methodKeys = new MethodCacheKey[WORKING_SET];
    LocalDate day = LocalDate.of(2024, 6, 3);
    for (int i = 0; i < WORKING_SET; i++) {
      methodKeys[i] = new MethodCacheKey(null, "SYM" + i, null, "yfinance", day.minusDays(30), day, Map.of());
      keys[i] = spring.cacheKey(methodKeys[i]);
      adaptive.put(keys[i], new Quote("SYM" + i, day, 10, 12, 9, 11, 1_000_000L + i));
    }
    zipf = Zipf.indexes(WORKING_SET, 1.0, MASK + 1, 42);
    for (int i = 0; i < WORKING_SET; i++) {
      Cache.ValueWrapper hit = spring.get(keys[i]);
      if (hit == null || adaptive.get(keys[i], Quote.class) != hit.get()) {
        throw new IllegalStateException("working set does not fit: " + keys[i]);
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    adaptive.close();
  }

  @Benchmark
  public Quote directAdaptiveGet(Cursor cursor) {
    return adaptive.get(keys[zipf[cursor.next++ & MASK]], Quote.class);
  }

  @Benchmark
  public Quote directAdaptiveGetWithLoader(Cursor cursor) {
    return adaptive.get(keys[zipf[cursor.next++ & MASK]], Quote.class, SpringCacheHitBenchmark::neverLoads);
  }

  @Benchmark
  public Object springCacheGet(Cursor cursor) {
    Cache.ValueWrapper hit = spring.get(keys[zipf[cursor.next++ & MASK]]);
    return hit == null ? null : hit.get();
  }

  @Benchmark
  public Quote springCacheGetWithLoader(Cursor cursor) {
    return spring.get(keys[zipf[cursor.next++ & MASK]], SpringCacheHitBenchmark::neverCalled);
  }

  @Benchmark
  public Object springCacheGetMethodKey(Cursor cursor) {
    Cache.ValueWrapper hit = spring.get(methodKeys[zipf[cursor.next++ & MASK]]);
    return hit == null ? null : hit.get();
  }

  /**
   * A JMH profiler: the CPU time of the benchmark's worker threads per measured operation in each
   * iteration ({@code cpu.time.norm}, ns/op), read with {@link ThreadMXBean#getThreadCpuTime}. On a machine
   * whose cores other processes compete for, the wall-clock time per operation grows with the time the
   * thread spends runnable but not running; this figure does not (cache and memory-bandwidth contention
   * still show in it). Use with forks, as the profiler reads the forked JVM's own threads.
   */
  public static final class ThreadCpuTime implements InternalProfiler {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long before;

    @Override
    public String getDescription() {
      return "CPU time of the benchmark threads per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
      before = workerCpuNanos();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
        IterationParams iterationParams, IterationResult result) {
      long ops = result.getMetadata().getMeasuredOps();
      double perOp = ops == 0 ? Double.NaN : (double) (workerCpuNanos() - before) / ops;
      return List.of(new ScalarResult("cpu.time.norm", perOp, "ns/op", AggregationPolicy.AVG));
    }

    private long workerCpuNanos() {
      long sum = 0;
      for (Thread thread : Thread.getAllStackTraces().keySet()) {
        if (thread.getName().contains("jmh-worker")) {
          long nanos = threads.getThreadCpuTime(thread.getId());
          sum += Math.max(0, nanos);
        }
      }
      return sum;
    }
  }

  private static Quote neverLoads(CacheKey key) {
    throw new IllegalStateException("a hit must not load");
  }

  private static Quote neverCalled() {
    throw new IllegalStateException("a hit must not load");
  }
}
