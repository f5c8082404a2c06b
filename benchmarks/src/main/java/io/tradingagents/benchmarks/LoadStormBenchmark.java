package io.tradingagents.benchmarks;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Load storm: 64 threads ask one cache for the same cold key at once, with a loader that takes a
 * moment. The figures that matter are the counters {@code storms} and {@code upstreamCalls}: equal means
 * exactly one upstream call per storm (a correctness figure); the time per storm is context. A new key per
 * storm. {@link CrossInstanceLoadStormBenchmark} does the same across two instances sharing Redis.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar LoadStormBenchmark.storm
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LoadStormBenchmark {
  private static final int THREADS = 64;

  private AdaptiveCache cache;
  private ExecutorService pool;
  private final AtomicInteger storms = new AtomicInteger();

  @Setup(Level.Trial)
  public void setUp() {
    cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).build();
    pool = Executors.newFixedThreadPool(THREADS);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    pool.shutdownNow();
    cache.close();
  }

  @Benchmark
  public void storm(Storm.Counters counters) throws Exception {
    CacheKey key = CacheKey.of(DataKind.STOCK_DATA, "COLD" + storms.incrementAndGet());
    Storm.run(pool, List.of(cache), THREADS, key, 2, counters);
  }
}
