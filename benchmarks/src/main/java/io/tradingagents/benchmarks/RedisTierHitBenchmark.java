package io.tradingagents.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.tradingagents.benchmarks.PriceHistories.History;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.redis.RedisCacheProvider;
import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.spi.TierEntry;
import io.tradingagents.cache.spi.TierSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

/**
 * Redis-tier hit beside raw Jedis, on a real {@code redis-server} (the embedded-redis jar's binary,
 * started on a free loopback port for the trial and stopped after it). The value is a 30-day price
 * history (about 2.5 KB of JSON); 1,024 keys are read in turn.
 *
 * <ul>
 *   <li>{@code redisTierGet}: {@code RedisTier.get(key)} (opened by {@code RedisCacheProvider} with the
 *       default 200 ms timeouts and pool of 16) plus the Jackson decode of the value. <b>Baseline</b>
 *       {@code rawJedisGet}: a Jedis {@code RedisClient} with the same client and pool settings
 *       {@code GET}s the very bytes the tier stored (its 17-byte header included), copied under a plain
 *       key of the same length plus 4, and decodes the same JSON with the same mapper.</li>
 *   <li>{@code adaptiveCacheMemoryMissed}: {@code AdaptiveCache.get(key, type)} on a cache whose only
 *       tier is Redis, with the in-process tier switched off ({@code memoryEnabled(false)}), over 8,192
 *       keys in a cycle. The counters {@code reads}, {@code memoryHits} (0 with memory off) and
 *       {@code misses} (must be 0) show what was measured. This is the whole engine path of a Redis hit:
 *       the breaker, the tier, the envelope checks and the decode straight from the reply's bytes.
 *       Compare it with {@code rawJedisGet}; its stored values carry the engine's envelope header (21
 *       bytes plus the type name) as well.</li>
 *   <li>{@code redisTierGetAll100}: one {@code RedisTier.getAll} of 100 keys ({@code MGET}) beside
 *       {@code redisTierGet100Singles}: 100 {@code RedisTier.get} calls, and the raw
 *       {@code rawJedisMget100}. No decode in these three: they measure the round trips.</li>
 * </ul>
 *
 * <p>With {@code -prof gc}, most of the allocation per read is Jackson building the 31 records (about
 * 37 KB); the difference between a variant and its baseline is the library's own.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RedisTierHit -prof gc
 * java -jar benchmarks/target/benchmarks.jar RedisTierHit -t 2 -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RedisTierHitBenchmark {
  private static final int KEYS = 1024;
  private static final int MASK = KEYS - 1;
  private static final int BATCH = 100;
  private static final int BATCHES = KEYS / BATCH;
  /** Bytes of the tier's own header in front of the value (see the Redis module's README). */
  private static final int TIER_HEADER = 17;

  private RedisServerProcess server;
  private CacheTier tier;
  private RedisClient jedis;
  private String[] tierKeys;
  private byte[][] rawKeys;
  private List<List<String>> tierBatches;
  private byte[][][] rawBatches;

  /** Per-thread position. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
    int batch;

    int nextBatch() {
      batch = batch == BATCHES - 1 ? 0 : batch + 1;
      return batch;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    server = RedisServerProcess.launch();
    tier = openTier(server);
    jedis = RedisClient.builder()
        .hostAndPort(new HostAndPort("127.0.0.1", server.port()))
        .clientConfig(DefaultJedisClientConfig.builder().connectionTimeoutMillis(200).socketTimeoutMillis(200)
            .build())
        .poolConfig(poolOf16())
        .build();
    long now = System.currentTimeMillis();
    Map<String, TierEntry> entries = new LinkedHashMap<>();
    tierKeys = new String[KEYS];
    rawKeys = new byte[KEYS][];
    for (int i = 0; i < KEYS; i++) {
      tierKeys[i] = CacheKey.of(DataKind.STOCK_DATA, "SYM" + i).asString();
      rawKeys[i] = ("raw:" + tierKeys[i]).getBytes(UTF_8);
      entries.put(tierKeys[i], new TierEntry(PriceHistories.json("SYM" + i), now, now + 3_600_000));
    }
    tier.putAll(entries);
    byte[][] stored = new byte[KEYS][];
    for (int i = 0; i < KEYS; i++) {
      stored[i] = tierKeys[i].getBytes(UTF_8);
    }
    List<byte[]> values = jedis.mget(stored);
    try (AbstractPipeline pipeline = jedis.pipelined()) {
      for (int i = 0; i < KEYS; i++) {
        pipeline.set(rawKeys[i], values.get(i)); // the tier's exact bytes, under a plain key
      }
      pipeline.sync();
    }
    tierBatches = new ArrayList<>(BATCHES);
    rawBatches = new byte[BATCHES][BATCH][];
    for (int b = 0; b < BATCHES; b++) {
      tierBatches.add(List.of(tierKeys).subList(b * BATCH, (b + 1) * BATCH));
      for (int i = 0; i < BATCH; i++) {
        rawBatches[b][i] = rawKeys[b * BATCH + i];
      }
    }
    if (tier.get(tierKeys[0]) == null || jedis.get(rawKeys[0]) == null) {
      throw new IllegalStateException("the data was not stored");
    }
  }

  /**
   * @param server the server
   * @return a Redis tier on it, opened as {@code AdaptiveCache.builder()} opens one, with the defaults
   */
  static CacheTier openTier(RedisServerProcess server) {
    return new RedisCacheProvider().open(TierSettings.of(Map.of(RedisCacheProvider.HOST, "127.0.0.1",
        RedisCacheProvider.PORT, String.valueOf(server.port())), Clock.systemUTC()));
  }

  /**
   * @param server the server
   * @param timeout the connect and operation timeout, e.g. {@code 2s}
   * @return a Redis tier on it with that timeout and the other defaults
   */
  static CacheTier openTier(RedisServerProcess server, String timeout) {
    return new RedisCacheProvider().open(TierSettings.of(Map.of(RedisCacheProvider.HOST, "127.0.0.1",
        RedisCacheProvider.PORT, String.valueOf(server.port()), RedisCacheProvider.TIMEOUT, timeout,
        RedisCacheProvider.CONNECT_TIMEOUT, timeout), Clock.systemUTC()));
  }

  /** The pool the Redis tier builds for itself with the default settings. */
  static ConnectionPoolConfig poolOf16() {
    return poolOf16(Duration.ofMillis(200));
  }

  /** @param maxWait the longest wait for a pooled connection (the tier uses its operation timeout) */
  static ConnectionPoolConfig poolOf16(Duration maxWait) {
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(RedisCacheProvider.DEFAULT_POOL_MAX);
    pool.setMaxIdle(RedisCacheProvider.DEFAULT_POOL_MAX);
    pool.setMinIdle(0);
    pool.setBlockWhenExhausted(true);
    pool.setMaxWait(maxWait);
    pool.setTestWhileIdle(true);
    pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
    pool.setJmxEnabled(false);
    return pool;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    try {
      tier.close();
      jedis.close();
    } finally {
      server.close();
    }
  }

  /** A cache whose only tier is Redis (the in-process tier switched off), and 8,192 values. */
  @State(Scope.Benchmark)
  public static class CacheState {
    static final int CACHE_KEYS = 8192;
    AdaptiveCache cache;
    CacheKey[] keys;

    @Setup(Level.Trial)
    public void setUp(RedisTierHitBenchmark bench) {
      cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false)
          .memoryEnabled(false).tier(openTier(bench.server)).build();
      keys = new CacheKey[CACHE_KEYS];
      Map<CacheKey, History> chunk = new LinkedHashMap<>();
      for (int i = 0; i < CACHE_KEYS; i++) {
        keys[i] = CacheKey.of(DataKind.STOCK_DATA, "ADP" + i);
        chunk.put(keys[i], PriceHistories.history("ADP" + i));
        if (chunk.size() == 512) {
          cache.putAll(chunk);
          chunk.clear();
        }
      }
      if (!cache.performanceMode().usesRedis()) {
        throw new IllegalStateException("Redis is not in use: " + cache.performanceMode());
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      cache.close();
    }
  }

  /** Reads, and the reads the in-process tier answered, per iteration (they should be few). */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class MemoryCounters {
    /** Reads made. */
    public long reads;
    /** Of which answered by the in-process tier (the cache's counter, shared out over the threads). */
    public long memoryHits;
    /** Reads that found nothing: must be 0, or the benchmark measures a miss. */
    public long misses;
    private long hitsBefore;

    @Setup(Level.Iteration)
    public void begin(CacheState state) {
      reads = 0;
      memoryHits = 0;
      misses = 0;
      hitsBefore = PriceHistories.memoryHits(state.cache);
    }

    @TearDown(Level.Iteration)
    public void end(CacheState state, BenchmarkParams params) {
      memoryHits = (PriceHistories.memoryHits(state.cache) - hitsBefore) / params.getThreads();
    }
  }

  @Benchmark
  public History redisTierGet(Cursor cursor) {
    TierEntry entry = tier.get(tierKeys[cursor.next++ & MASK]);
    return PriceHistories.decode(entry.buffer(), entry.offset(), entry.length());
  }

  @Benchmark
  public History rawJedisGet(Cursor cursor) {
    byte[] raw = jedis.get(rawKeys[cursor.next++ & MASK]);
    return PriceHistories.decode(raw, TIER_HEADER, raw.length - TIER_HEADER);
  }

  @Benchmark
  public History adaptiveCacheMemoryMissed(CacheState state, Cursor cursor, MemoryCounters counters) {
    counters.reads++;
    History history = state.cache.get(state.keys[cursor.next++ & (CacheState.CACHE_KEYS - 1)], History.class);
    if (history == null) {
      counters.misses++;
    }
    return history;
  }

  @Benchmark
  public Map<String, TierEntry> redisTierGetAll100(Cursor cursor) {
    return tier.getAll(tierBatches.get(cursor.nextBatch()));
  }

  @Benchmark
  public void redisTierGet100Singles(Cursor cursor, Blackhole blackhole) {
    for (String key : tierBatches.get(cursor.nextBatch())) {
      blackhole.consume(tier.get(key));
    }
  }

  @Benchmark
  public List<byte[]> rawJedisMget100(Cursor cursor) {
    return jedis.mget(rawBatches[cursor.nextBatch()]);
  }
}
