package io.tradingagents.benchmarks;

import static io.tradingagents.benchmarks.RedisBatchData.TIMEOUT_MILLIS;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.tradingagents.benchmarks.PriceHistories.History;
import io.tradingagents.benchmarks.RedisBatchBenchmark.Cursor;
import io.tradingagents.benchmarks.RedisBatchBenchmark.Found;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.redis.RedisCacheProvider;
import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.spi.TierSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ClusterPipeline;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * {@link RedisBatchBenchmark} on a real three-master Redis Cluster ({@link RedisClusterProcess}: three
 * {@code redis-server} processes from the embedded-redis jar on loopback, slots split in three), at
 * {@code batch} = 1, 10, 100 and 1,000 keys (the quick mode under {@code mvn verify} runs 10 only, so that
 * a batch spans nodes). The cache's only tier is Redis, configured for the Cluster by
 * {@code REDIS_CLUSTER_NODES}, with its in-process tier switched off ({@code memoryEnabled(false)}), so every
 * read goes to Redis. Same data as the standalone benchmark ({@link RedisBatchData}: 4,096 price histories
 * of about 2.5 KB of JSON, read in batches in turn); the setup checks that every master holds some of them.
 * Both sides use 2 s timeouts (see {@link RedisBatchData#TIMEOUT_MILLIS}); the counters {@code asked} and
 * {@code found} prove that every read hit.
 *
 * <p>One {@code MGET} may only name keys of one hash slot, so neither side can use it: both send a
 * pipeline of {@code GET}s grouped by node (Jedis's {@link ClusterPipeline}) and read the nodes' answers
 * in parallel, one round trip per node. The baseline gives its pipeline a fixed pool of as many threads as
 * the tier's (8 with the default pool of 16), as the tier does: Jedis's {@code pipelined()} without an
 * executor starts and stops a new thread pool on every {@code sync()} that spans nodes, which would charge
 * the baseline thread start-up the tier never pays.
 *
 * <ul>
 *   <li>{@code cacheGetAll}: {@code AdaptiveCache.getAll(keys, History.class)}: the engine's batch read
 *       (the tier's per-node pipeline of {@code GET}s), envelope checks and Jackson decode of every value,
 *       into the returned map. <b>Baseline</b> {@code rawClusterGetDecode}: a Jedis
 *       {@code RedisClusterClient} with the tier's client and pool settings sends a {@code GET} of each of
 *       the very same keys through one {@code ClusterPipeline}, then decodes each value's JSON (skipping the
 *       stored headers) with the same mapper into an array, as {@code RedisBatchBenchmark.rawMgetDecode}
 *       does.</li>
 *   <li>{@code cachePutAll}: {@code AdaptiveCache.putAll} of {@code batch} histories: encode, envelope, one
 *       {@code ClusterPipeline} of {@code SET .. PX} and the invalidation the engine sends with every write,
 *       the log script (which also publishes on the bus): at 1 key in the same pipeline, on a shard of the
 *       namespace's log that the key's node serves; with keys on several nodes once every node answered,
 *       as the reference does. <b>Baseline</b>
 *       {@code rawClusterPipelinedSetPx}: the same histories encoded with the same mapper and written with
 *       one {@code ClusterPipeline} of {@code SET .. PX}. <b>Reference</b>
 *       {@code rawClusterPipelinedSetPxThenLog}: the baseline followed by the tier's log script on the
 *       cache's channel: the two round trips the tier takes for a write across nodes. <b>Reference</b>
 *       {@code rawClusterPipelinedSetPxAndLogDelivered} (1 key): the baseline plus the log script in the
 *       same pipeline, on the key's node: the tier's one-key write by hand.</li>
 * </ul>
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RedisClusterBatchBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RedisClusterBatchBenchmark {
  /** Threads that read the nodes' pipeline answers: as many as the tier starts with the default pool. */
  private static final int SYNC_THREADS = Math.max(2, Math.min(8, RedisCacheProvider.DEFAULT_POOL_MAX));

  /** Keys per batch. */
  @Param({"1", "10", "100", "1000"})
  public int batch;

  private RedisClusterProcess cluster;
  private AdaptiveCache cache;
  private RedisClusterClient jedis;
  private ExecutorService syncExecutor;
  private RedisBatchData data;
  /** Per batch, a log stream in the hash slot of the batch's first raw key. */
  private String[] sameSlotLogs;

  @Setup(Level.Trial)
  public void setUp() {
    cluster = RedisClusterProcess.launch();
    try {
      connectAndStore();
    } catch (RuntimeException | Error e) {
      tearDown(); // leave no server running after a failed setup (a second tearDown is harmless)
      throw e;
    }
  }

  private void connectAndStore() {
    cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).memoryEnabled(false)
        .tier(openTier(cluster, TIMEOUT_MILLIS + "ms")).build();
    jedis = RedisClusterClient.builder()
        .nodes(cluster.nodes())
        .clientConfig(DefaultJedisClientConfig.builder().connectionTimeoutMillis(TIMEOUT_MILLIS)
            .socketTimeoutMillis(TIMEOUT_MILLIS).build())
        .poolConfig(RedisTierHitBenchmark.poolOf16(Duration.ofMillis(TIMEOUT_MILLIS)))
        .maxAttempts(2) // as the tier's client
        .maxTotalRetriesDuration(Duration.ofMillis(3L * TIMEOUT_MILLIS))
        .build();
    AtomicInteger threads = new AtomicInteger();
    syncExecutor = Executors.newFixedThreadPool(SYNC_THREADS, r -> {
      Thread thread = new Thread(r, "bench-cluster-pipeline-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    data = new RedisBatchData(batch, cache);
    if (!cache.performanceMode().usesRedis()) {
      throw new IllegalStateException("Redis is not in use: " + cache.performanceMode());
    }
    List<Long> keysPerNode = cluster.keysPerNode();
    if (keysPerNode.stream().anyMatch(keys -> keys == 0)) {
      throw new IllegalStateException("The keys did not spread over every master of " + cluster + ": "
          + keysPerNode + " keys per node");
    }
    rawClusterGetDecode(data.rawBatches[0]); // every key is there and the prefix is right
    sameSlotLogs = new String[data.batches];
    for (int b = 0; b < data.batches; b++) {
      byte[] first = data.rawPutKeys[b][0];
      sameSlotLogs[b] = "{" + new String(first, UTF_8) + "}raw-log";
      if (JedisClusterCRC16.getSlot(sameSlotLogs[b]) != JedisClusterCRC16.getSlot(first)) {
        throw new IllegalStateException(sameSlotLogs[b] + " is not in the slot of its key");
      }
    }
  }

  /**
   * @param cluster the cluster
   * @param timeout the connect and operation timeout, e.g. {@code 2000ms}
   * @return a Redis tier on it, opened as {@code AdaptiveCache.builder()} opens one from
   *     {@code REDIS_CLUSTER_NODES}, with that timeout and the other defaults
   */
  private static CacheTier openTier(RedisClusterProcess cluster, String timeout) {
    return new RedisCacheProvider().open(TierSettings.of(Map.of(RedisCacheProvider.CLUSTER_NODES,
        cluster.seeds(), RedisCacheProvider.TIMEOUT, timeout, RedisCacheProvider.CONNECT_TIMEOUT, timeout),
        Clock.systemUTC()));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    try {
      if (cache != null) {
        cache.close();
      }
      if (jedis != null) {
        jedis.close();
      }
      if (syncExecutor != null) {
        syncExecutor.shutdownNow();
      }
    } finally {
      cluster.close();
    }
  }

  @Benchmark
  public Map<CacheKey, History> cacheGetAll(Cursor cursor, Found counters) {
    return data.cacheGetAll(cache, cursor.next(data.batches), counters);
  }

  @Benchmark
  public History[] rawClusterGetDecode(Cursor cursor) {
    return rawClusterGetDecode(data.rawBatches[cursor.next(data.batches)]);
  }

  private History[] rawClusterGetDecode(byte[][] keys) {
    List<Response<byte[]>> responses = new ArrayList<>(keys.length);
    try (ClusterPipeline pipeline = jedis.pipelined(syncExecutor)) {
      for (byte[] key : keys) {
        responses.add(pipeline.get(key));
      }
      pipeline.sync();
    }
    List<byte[]> raws = new ArrayList<>(keys.length);
    for (Response<byte[]> response : responses) {
      raws.add(response.get());
    }
    return RedisBatchData.decodeAll(raws);
  }

  @Benchmark
  public void cachePutAll(Cursor cursor) {
    cache.putAll(data.putBatches[cursor.next(data.batches)]);
  }

  @Benchmark
  public void rawClusterPipelinedSetPx(Cursor cursor, Blackhole blackhole) {
    try (AbstractPipeline pipeline = jedis.pipelined(syncExecutor)) {
      data.appendRawSets(pipeline, cursor.next(data.batches), blackhole);
      pipeline.sync();
    }
  }

  /**
   * A reference at 1 key, not a baseline: {@code rawClusterPipelinedSetPx} plus, in the same pipeline and
   * on the key's own node, the tier's log script on a stream in the key's hash slot, publishing on the
   * cache's own bus channel: what the tier's one-key write does on the server and the wire, by hand. (At
   * more keys the stream is in the first key's slot and the write is not coherent; only 1 key is reported.)
   */
  @Benchmark
  public void rawClusterPipelinedSetPxAndLogDelivered(Cursor cursor, Blackhole blackhole) {
    int b = cursor.next(data.batches);
    try (AbstractPipeline pipeline = jedis.pipelined(syncExecutor)) {
      data.appendRawSets(pipeline, b, blackhole);
      blackhole.consume(pipeline.eval(RedisBatchData.LOG_SCRIPT, List.of(sameSlotLogs[b]),
          data.logScriptArgs(b, RedisBatchData.CACHE_CHANNEL)));
      pipeline.sync();
    }
  }

  /**
   * A reference, not a baseline: {@code rawClusterPipelinedSetPx}, then, once every node has answered, the
   * invalidation-log script the Redis tier sends, on the node of its stream, publishing on the cache's own
   * bus channel (so the cache's subscriber receives every message, as it does every cache write): the two
   * round trips of a coherent Cluster write across nodes, done by hand.
   */
  @Benchmark
  public Object rawClusterPipelinedSetPxThenLog(Cursor cursor, Blackhole blackhole) {
    int b = cursor.next(data.batches);
    try (AbstractPipeline pipeline = jedis.pipelined(syncExecutor)) {
      data.appendRawSets(pipeline, b, blackhole);
      pipeline.sync();
    }
    return jedis.eval(RedisBatchData.LOG_SCRIPT, List.of(RedisBatchData.RAW_LOG),
        data.logScriptArgs(b, RedisBatchData.CACHE_CHANNEL));
  }
}
