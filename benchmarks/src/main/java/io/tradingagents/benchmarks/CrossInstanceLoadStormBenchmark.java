package io.tradingagents.benchmarks;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.AuxCounters;
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
  private final AtomicLong upstreamCalls = new AtomicLong();

  /** Reported beside the time, as totals per iteration: equal numbers mean one upstream call per storm. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Counters {
    /** Storms run. */
    public long storms;
    /** Upstream calls made by them, both instances together. */
    public long upstreamCalls;
    /**
     * Storms in which a caller on the instance that did not load asked before the load had finished, so
     * that only the Redis lock (not timing) kept it from loading too: most storms should be.
     */
    public long contended;

    @Setup(Level.Iteration)
    public void reset() {
      storms = 0;
      upstreamCalls = 0;
      contended = 0;
    }
  }

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
  public void crossInstanceStorm(Counters counters) throws Exception {
    CacheKey key = CacheKey.of(DataKind.STOCK_DATA, "XCOLD" + storms.incrementAndGet());
    long before = upstreamCalls.get();
    CountDownLatch gate = new CountDownLatch(1);
    AtomicLong[] firstAsked = {new AtomicLong(Long.MAX_VALUE), new AtomicLong(Long.MAX_VALUE)};
    AtomicInteger loadedBy = new AtomicInteger(-1);
    AtomicLong loadEnded = new AtomicLong(Long.MIN_VALUE);
    List<Future<String>> results = new ArrayList<>(2 * THREADS_PER_INSTANCE);
    for (int i = 0; i < 2 * THREADS_PER_INSTANCE; i++) {
      int instance = i % 2;
      AdaptiveCache cache = instance == 0 ? first : second;
      results.add(pool.submit(() -> {
        gate.await();
        firstAsked[instance].accumulateAndGet(System.nanoTime(), Math::min);
        return cache.get(key, String.class, k -> {
          upstreamCalls.incrementAndGet();
          loadedBy.set(instance);
          TimeUnit.MILLISECONDS.sleep(LOADER_MILLIS); // a slow upstream: the other instance asks meanwhile
          loadEnded.set(System.nanoTime());
          return "quote";
        });
      }));
    }
    gate.countDown();
    for (Future<String> result : results) {
      if (!"quote".equals(result.get(30, TimeUnit.SECONDS))) {
        throw new IllegalStateException("a caller got no value");
      }
    }
    counters.storms++;
    counters.upstreamCalls += upstreamCalls.get() - before;
    int loader = loadedBy.get();
    if (loader >= 0 && firstAsked[1 - loader].get() < loadEnded.get()) {
      counters.contended++;
    }
  }
}
