package io.tradingagents.benchmarks;

import io.tradingagents.benchmarks.PriceHistories.History;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.PerformanceMode;
import io.tradingagents.cache.file.FileCacheProvider;
import io.tradingagents.cache.redis.RedisCacheProvider;
import io.tradingagents.cache.spi.MemoryTier;
import io.tradingagents.cache.spi.TierKind;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
 * Redis outage, on a real {@code redis-server} (the embedded-redis jar's binary) that the benchmark stops
 * and starts.
 *
 * <ul>
 *   <li>{@code readWhileRedisDown}: {@code AdaptiveCache.get(key, type)} on a cache configured with
 *       {@code REDIS_URL} (the tier found by {@code ServiceLoader}, as an application gets it) and a second
 *       tier, while Redis is stopped and its circuit breaker is open (the setup stops the server and reads
 *       until {@code backendInfo().isAvailable("redis")} is false). <b>Baseline</b>
 *       {@code readWithoutRedis}: the same read on a cache with no Redis configured at all. The second
 *       tier is an in-memory {@code MemoryTier} of kind FILE in both, so that the figure is the engine's
 *       cost with Redis down and not disk time; each read misses the in-process tier (smallest bound,
 *       1 MiB, against 8,192 values of about 2.5 KB read in a cycle) and is answered by that tier, then
 *       decoded and copied into memory.</li>
 *   <li>{@code recoveryAfterRestart} (single shot, milliseconds): Redis is stopped, the breaker opened,
 *       and Redis started again on the same port in the untimed setup; the timed part is from the moment
 *       the restarted server answers {@code PING} to the moment the cache's performance mode uses Redis
 *       again. The health probe runs every {@code TA_CACHE_PROBE_INTERVAL} (default 1 s, used here), so
 *       expect anything from a few milliseconds to about one interval; the setup keeps Redis down a
 *       random 0-1 s (seeded) before the restart so that the shots sample every phase of the probe
 *       schedule: the average is the typical wait, the maximum approaches the worst case.</li>
 * </ul>
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar Outage
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OutageBenchmark {
  static final int KEYS = 8192;
  static final int MASK = KEYS - 1;
  private static final long BREAKER_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
  /** The cache's default health-probe interval, {@code TA_CACHE_PROBE_INTERVAL}. */
  private static final int PROBE_INTERVAL_MILLIS = 1000;
  private static final long RECOVERY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

  /** The keys every cache here holds. */
  static final CacheKey[] CACHE_KEYS = new CacheKey[KEYS];

  static {
    for (int i = 0; i < KEYS; i++) {
      CACHE_KEYS[i] = CacheKey.of(DataKind.STOCK_DATA, "OUT" + i);
    }
  }

  /** Per-thread position. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  /**
   * @param redisUrl a Redis URL, or {@code null} for a cache without Redis
   * @return a cache with the smallest in-process bound, Redis if given, and an in-memory FILE-kind tier,
   *     holding every key
   */
  static AdaptiveCache cache(String redisUrl) {
    Map<String, String> environment = new HashMap<>();
    environment.put(FileCacheProvider.ENABLED, "false"); // the FILE-kind tier is the MemoryTier below
    if (redisUrl != null) {
      environment.put(RedisCacheProvider.URL, redisUrl);
    }
    AdaptiveCache cache = AdaptiveCache.builder().environment(environment).maximumMemoryBytes(1 << 20)
        .tier(new MemoryTier("file", TierKind.FILE, 256L << 20, Clock.systemUTC())).build();
    Map<CacheKey, History> chunk = new LinkedHashMap<>();
    for (int i = 0; i < KEYS; i++) {
      chunk.put(CACHE_KEYS[i], PriceHistories.history("OUT" + i));
      if (chunk.size() == 512) {
        cache.putAll(chunk);
        chunk.clear();
      }
    }
    PerformanceMode expected = redisUrl == null ? PerformanceMode.STANDARD : PerformanceMode.FAST;
    if (cache.performanceMode() != expected) {
      cache.close();
      throw new IllegalStateException("expected mode " + expected + " but was " + cache.performanceMode());
    }
    return cache;
  }

  /**
   * Reads keys that miss the in-process tier until the cache reports Redis unavailable (its breaker
   * open). Redis must be stopped.
   */
  static void openBreaker(AdaptiveCache cache) {
    long deadline = System.nanoTime() + BREAKER_TIMEOUT_NANOS;
    for (int i = 0; cache.backendInfo().isAvailable("redis"); i++) {
      for (int j = 0; j < 8; j++) {
        cache.get(CACHE_KEYS[(i * 8 + j) & MASK], History.class);
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("the Redis breaker did not open within 10 s");
      }
    }
  }

  /** A cache with Redis configured and a second tier; Redis stopped, its breaker open. */
  @State(Scope.Benchmark)
  public static class RedisDown {
    RedisServerProcess server;
    AdaptiveCache cache;

    @Setup(Level.Trial)
    public void setUp() {
      server = RedisServerProcess.launch();
      cache = cache(server.url());
      server.stop();
      openBreaker(cache);
    }

    @TearDown(Level.Iteration)
    public void stillDown() {
      if (cache.performanceMode().usesRedis()) {
        throw new IllegalStateException("Redis came back during the measurement");
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      try {
        cache.close();
      } finally {
        server.close();
      }
    }
  }

  /** The same cache with no Redis configured. */
  @State(Scope.Benchmark)
  public static class NoRedis {
    AdaptiveCache cache;

    @Setup(Level.Trial)
    public void setUp() {
      cache = cache(null);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      cache.close();
    }
  }

  /**
   * A cache with Redis and a second tier; before each shot Redis is stopped, the breaker opened, and Redis
   * restarted.
   */
  @State(Scope.Benchmark)
  public static class Restarted {
    private final SplittableRandom phase = new SplittableRandom(42);
    RedisServerProcess server;
    AdaptiveCache cache;

    @Setup(Level.Trial)
    public void setUp() {
      server = RedisServerProcess.launch();
      cache = cache(server.url());
    }

    @Setup(Level.Iteration)
    public void stopAndRestart() throws InterruptedException {
      server.stop();
      openBreaker(cache);
      // Back-to-back shots would all restart Redis at the same point of the probe schedule: stay down a
      // random while so that the shots sample every phase of it.
      TimeUnit.MILLISECONDS.sleep(phase.nextInt(PROBE_INTERVAL_MILLIS));
      server.start(); // returns once the server answers PING: the timed part starts here
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      try {
        cache.close();
      } finally {
        server.close();
      }
    }
  }

  @Benchmark
  public History readWhileRedisDown(RedisDown state, Cursor cursor) {
    return state.cache.get(CACHE_KEYS[cursor.next++ & MASK], History.class);
  }

  @Benchmark
  public History readWithoutRedis(NoRedis state, Cursor cursor) {
    return state.cache.get(CACHE_KEYS[cursor.next++ & MASK], History.class);
  }

  /**
   * @return the mode once it uses Redis again
   * @throws IllegalStateException if Redis is not used again within 30 s
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 1)
  @Measurement(iterations = 20)
  public PerformanceMode recoveryAfterRestart(Restarted state) {
    long deadline = System.nanoTime() + RECOVERY_TIMEOUT_NANOS;
    PerformanceMode mode;
    while (!(mode = state.cache.performanceMode()).usesRedis()) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("Redis was not used again within 30 s of its restart");
      }
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
    }
    return mode;
  }
}
