package io.tradingagents.benchmarks;

import static io.tradingagents.benchmarks.RedisBatchData.TIMEOUT_MILLIS;

import io.tradingagents.benchmarks.PriceHistories.History;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import java.time.Duration;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

/**
 * The batch paths through the public API beside raw Jedis, on a real {@code redis-server} (the
 * embedded-redis jar's binary on a free loopback port), at {@code batch} = 1, 10, 100 and 1,000 keys (the
 * quick mode under {@code mvn verify} runs 1 only). The cache's only tier is Redis: its in-process tier is
 * switched off ({@code memoryEnabled(false)}), so every read goes to Redis. Values are 30-day price
 * histories (about 2.5 KB of JSON); 4,096 keys are read in batches in turn ({@link RedisBatchData}). Both
 * sides use 2 s timeouts (see {@link RedisBatchData#TIMEOUT_MILLIS}); the counters {@code asked} and
 * {@code found} prove that every read hit.
 *
 * <ul>
 *   <li>{@code cacheGetAll}: {@code AdaptiveCache.getAll(keys, History.class)}: the engine's batch read (one
 *       {@code MGET}), envelope checks and Jackson decode of every value, into the returned map.
 *       <b>Baseline</b> {@code rawMgetDecode}: a Jedis {@code RedisClient} with the tier's client settings
 *       sends {@code MGET} of the very same keys and decodes each value's JSON (skipping the stored
 *       headers) with the same mapper into an array.</li>
 *   <li>{@code cachePutAll}: {@code AdaptiveCache.putAll} of {@code batch} histories: encode, envelope, one
 *       pipeline of {@code SET .. PX} followed, in the same pipeline, by the invalidation the engine sends
 *       with every write (one log script per namespace, which also publishes on the bus). <b>Baseline</b> {@code rawPipelinedSetPx}:
 *       the same histories encoded with the same mapper and written with one pipeline of
 *       {@code SET .. PX}.</li>
 * </ul>
 *
 * <p>The same benchmark on a three-master Cluster is {@link RedisClusterBatchBenchmark}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RedisBatchBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RedisBatchBenchmark {
  /** Keys per batch. */
  @Param({"1", "10", "100", "1000"})
  public int batch;

  private RedisServerProcess server;
  private AdaptiveCache cache;
  private RedisClient jedis;
  private RedisBatchData data;

  /** Per-thread position. */
  @State(Scope.Thread)
  public static class Cursor {
    int batch;

    int next(int batches) {
      batch = batch >= batches - 1 ? 0 : batch + 1;
      return batch;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    server = RedisServerProcess.launch();
    cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).memoryEnabled(false)
        .tier(RedisTierHitBenchmark.openTier(server, TIMEOUT_MILLIS + "ms")).build();
    jedis = RedisClient.builder()
        .hostAndPort(new HostAndPort("127.0.0.1", server.port()))
        .clientConfig(DefaultJedisClientConfig.builder().connectionTimeoutMillis(TIMEOUT_MILLIS)
            .socketTimeoutMillis(TIMEOUT_MILLIS).build())
        .poolConfig(RedisTierHitBenchmark.poolOf16(Duration.ofMillis(TIMEOUT_MILLIS)))
        .build();
    data = new RedisBatchData(batch, cache);
    RedisBatchData.decodeAll(jedis.mget(data.rawBatches[0])); // the prefix is right
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    try {
      cache.close();
      jedis.close();
    } finally {
      server.close();
    }
  }

  /** Keys asked for and found by {@code cacheGetAll}: they must be equal, or a miss was measured. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Found {
    /** Keys asked for. */
    public long asked;
    /** Keys that came back with a value. */
    public long found;
  }

  @Benchmark
  public Map<CacheKey, History> cacheGetAll(Cursor cursor, Found counters) {
    return data.cacheGetAll(cache, cursor.next(data.batches), counters);
  }

  @Benchmark
  public History[] rawMgetDecode(Cursor cursor) {
    return RedisBatchData.decodeAll(jedis.mget(data.rawBatches[cursor.next(data.batches)]));
  }

  @Benchmark
  public void cachePutAll(Cursor cursor) {
    cache.putAll(data.putBatches[cursor.next(data.batches)]);
  }

  @Benchmark
  public void rawPipelinedSetPx(Cursor cursor, Blackhole blackhole) {
    try (AbstractPipeline pipeline = jedis.pipelined()) {
      data.appendRawSets(pipeline, cursor.next(data.batches), blackhole);
      pipeline.sync();
    }
  }

  /**
   * A reference, not a baseline: {@code rawPipelinedSetPx} plus, in the same pipeline, what a coherent
   * write adds on the server: the invalidation-log script the Redis tier sends ({@code XADD .. MAXLEN ~}
   * on a stream of its own, and {@code PUBLISH} of a JSON message naming the keys on a channel nobody
   * follows). The gap between this and the baseline is the cost of the log on the server and the wire.
   */
  @Benchmark
  public void rawPipelinedSetPxAndLog(Cursor cursor, Blackhole blackhole) {
    rawSetPxAndLog(cursor, blackhole, "raw-invalidation");
  }

  /**
   * {@link #rawPipelinedSetPxAndLog} publishing on the cache's own bus channel ({@code ta-invalidation:0}),
   * so that, as for a cache write, a subscriber receives and reads every message: the cache's own (it
   * parses the message, finds keys that are not its own, and drops nothing). The gap between this and
   * {@code cachePutAll} is the engine's own cost.
   */
  @Benchmark
  public void rawPipelinedSetPxAndLogDelivered(Cursor cursor, Blackhole blackhole) {
    rawSetPxAndLog(cursor, blackhole, RedisBatchData.CACHE_CHANNEL);
  }

  private void rawSetPxAndLog(Cursor cursor, Blackhole blackhole, String channel) {
    int b = cursor.next(data.batches);
    try (AbstractPipeline pipeline = jedis.pipelined()) {
      data.appendRawSets(pipeline, b, blackhole);
      blackhole.consume(pipeline.eval(RedisBatchData.LOG_SCRIPT, List.of(RedisBatchData.RAW_LOG),
          data.logScriptArgs(b, channel)));
      pipeline.sync();
    }
  }
}
