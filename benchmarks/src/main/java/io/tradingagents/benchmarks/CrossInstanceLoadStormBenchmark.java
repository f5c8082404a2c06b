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
 * Load storm across two app instances: two caches, each with its own Redis tier (opened by
 * {@code RedisCacheProvider}: its own connection pool and invalidation subscriber) on one real
 * {@code redis-server}, and 64 threads on each asking for the same cold key at once, with a loader that
 * takes 10 ms. The figures that matter are the counters {@code storms} and {@code upstreamCalls}: equal
 * means exactly one upstream call per storm across both instances (in-JVM single-flight plus the Redis
 * load lock); the time per storm is context. A new key per storm.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar CrossInstanceLoadStorm
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CrossInstanceLoadStormBenchmark {
  private static final int THREADS_PER_INSTANCE = 64;
  private static final long LOADER_MILLIS = 10;

  private RedisServerProcess server;
  private AdaptiveCache first;
  private AdaptiveCache second;
  private ExecutorService pool;
  private final AtomicInteger storms = new AtomicInteger();

  @Setup(Level.Trial)
  public void setUp() {
    server = RedisServerProcess.launch();
    first = instance();
    second = instance();
    pool = Executors.newFixedThreadPool(2 * THREADS_PER_INSTANCE);
  }

  private AdaptiveCache instance() {
    AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false)
        .tier(RedisTierHitBenchmark.openTier(server)).build();
    if (!cache.performanceMode().usesRedis()) {
      cache.close();
      throw new IllegalStateException("Redis is not in use: " + cache.performanceMode());
    }
    return cache;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    pool.shutdownNow();
    try {
      first.close();
      second.close();
    } finally {
      server.close();
    }
  }

  @Benchmark
  public void crossInstanceStorm(Storm.Counters counters) throws Exception {
    CacheKey key = CacheKey.of(DataKind.STOCK_DATA, "XCOLD" + storms.incrementAndGet());
    Storm.run(pool, List.of(first, second), THREADS_PER_INSTANCE, key, LOADER_MILLIS, counters);
  }
}
