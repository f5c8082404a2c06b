package io.tradingagents.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.tradingagents.benchmarks.PriceHistories.History;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
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
import redis.clients.jedis.params.SetParams;

/**
 * The batch paths through the public API beside raw Jedis, on a real {@code redis-server} (the
 * embedded-redis jar's binary on a free loopback port), at {@code batch} = 1, 10, 100 and 1,000 keys (the
 * quick mode under {@code mvn verify} runs 1 only). The cache's only tier is Redis: its in-process tier is
 * switched off ({@code memoryEnabled(false)}), so every read goes to Redis. Values are 30-day price
 * histories (about 2.5 KB of JSON); 4,096 keys are read in batches in turn. Both sides use 2 s timeouts (see
 * {@link #TIMEOUT_MILLIS}); the counters {@code asked} and {@code found} prove that every read hit.
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
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RedisBatch -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RedisBatchBenchmark {
  private static final int KEYS = 4096;
  /**
   * Connect and operation timeout of both sides: longer than the tier's 200 ms default, so that a slow
   * answer on a loaded machine is measured rather than turned into a failure (which the cache would
   * answer as a miss, at no cost, once its breaker opened).
   */
  private static final int TIMEOUT_MILLIS = 2_000;
  /** Bytes before the JSON in a stored value: the tier's header, then the engine's (with the type name). */
  private static final int PREFIX = 17 + 21 + 2 + History.class.getName().getBytes(UTF_8).length;

  /** Keys per batch. */
  @Param({"1", "10", "100", "1000"})
  public int batch;

  private RedisServerProcess server;
  private AdaptiveCache cache;
  private RedisClient jedis;
  private List<CacheKey>[] cacheBatches;
  private byte[][][] rawBatches;
  private Map<CacheKey, History>[] putBatches;
  private byte[][][] rawPutKeys;
  private History[][] rawPutValues;
  private int batches;

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
  @SuppressWarnings("unchecked")
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
    batches = KEYS / batch;
    cacheBatches = new List[batches];
    rawBatches = new byte[batches][batch][];
    putBatches = new Map[batches];
    rawPutKeys = new byte[batches][batch][];
    rawPutValues = new History[batches][batch];
    for (int b = 0; b < batches; b++) {
      Map<CacheKey, History> chunk = new LinkedHashMap<>();
      Map<CacheKey, History> puts = new LinkedHashMap<>();
      for (int i = 0; i < batch; i++) {
        int n = b * batch + i;
        CacheKey key = CacheKey.of(DataKind.STOCK_DATA, "B" + n);
        chunk.put(key, PriceHistories.history("B" + n));
        rawBatches[b][i] = key.asString().getBytes(UTF_8);
        CacheKey putKey = CacheKey.of(DataKind.STOCK_DATA, "P" + n);
        puts.put(putKey, PriceHistories.history("P" + n));
        rawPutKeys[b][i] = ("raw:" + putKey.asString()).getBytes(UTF_8);
        rawPutValues[b][i] = puts.get(putKey);
      }
      cache.putAll(chunk);
      cacheBatches[b] = List.copyOf(chunk.keySet());
      putBatches[b] = puts;
    }
    if (cache.getAll(cacheBatches[0], History.class).size() != batch) {
      throw new IllegalStateException("the data was not stored");
    }
    List<byte[]> raw = jedis.mget(rawBatches[0]);
    PriceHistories.decode(raw.get(0), PREFIX, raw.get(0).length - PREFIX); // the prefix is right
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
    List<CacheKey> keys = cacheBatches[cursor.next(batches)];
    Map<CacheKey, History> values = cache.getAll(keys, History.class);
    counters.asked += keys.size();
    counters.found += values.size();
    return values;
  }

  @Benchmark
  public History[] rawMgetDecode(Cursor cursor) {
    List<byte[]> raws = jedis.mget(rawBatches[cursor.next(batches)]);
    History[] values = new History[raws.size()];
    for (int i = 0; i < values.length; i++) {
      byte[] raw = raws.get(i);
      values[i] = PriceHistories.decode(raw, PREFIX, raw.length - PREFIX);
    }
    return values;
  }

  @Benchmark
  public void cachePutAll(Cursor cursor) {
    cache.putAll(putBatches[cursor.next(batches)]);
  }

  @Benchmark
  public void rawPipelinedSetPx(Cursor cursor, Blackhole blackhole) {
    int b = cursor.next(batches);
    byte[][] keys = rawPutKeys[b];
    History[] values = rawPutValues[b];
    try (AbstractPipeline pipeline = jedis.pipelined()) {
      for (int i = 0; i < keys.length; i++) {
        blackhole.consume(pipeline.set(keys[i], encode(values[i]), SetParams.setParams().px(7_200_000)));
      }
      pipeline.sync();
    }
  }

  private static byte[] encode(History value) {
    try {
      return PriceHistories.MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
