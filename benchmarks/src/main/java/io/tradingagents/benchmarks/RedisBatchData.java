package io.tradingagents.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.tradingagents.benchmarks.PriceHistories.History;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.Blackhole;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.params.SetParams;

/**
 * The data both Redis batch benchmarks ({@link RedisBatchBenchmark} on one server,
 * {@link RedisClusterBatchBenchmark} on a Cluster) read and write, in batches of {@code batch} keys: 4,096
 * price histories (about 2.5 KB of JSON each) stored through the cache under {@code B<n>}, their keys as
 * the cache asks for them and as raw bytes; and 4,096 more histories under {@code P<n>} to write, as a
 * cache batch and as raw keys ({@code raw:} + the cache's key) with the values the raw side encodes.
 *
 * <p>Not a benchmark. Immutable after construction; read by the benchmark threads.
 */
final class RedisBatchData {
  /** Keys read (and as many written), in {@code 4096 / batch} batches. */
  static final int KEYS = 4096;
  /**
   * Connect and operation timeout of both sides: longer than the tier's 200 ms default, so that a slow
   * answer on a loaded machine is measured rather than turned into a failure (which the cache would
   * answer as a miss, at no cost, once its breaker opened).
   */
  static final int TIMEOUT_MILLIS = 2_000;
  /** Bytes before the JSON in a stored value: the tier's header, then the engine's (with the type name). */
  static final int PREFIX = 17 + 21 + 2 + History.class.getName().getBytes(UTF_8).length;
  /** The expiry the raw writes set (the cache's for US stock data: 2 h). */
  static final long RAW_TTL_MILLIS = 7_200_000;

  /** Batches of each kind. */
  final int batches;
  /** The stored keys, batch by batch, as the cache asks for them. */
  private final List<CacheKey>[] cacheBatches;
  /** The same keys as the raw side sends them. */
  final byte[][][] rawBatches;
  /** The cache's write batches. */
  final Map<CacheKey, History>[] putBatches;
  /** The raw side's write keys, batch by batch. */
  final byte[][][] rawPutKeys;
  /** The raw side's write values (the cache's write values), batch by batch. */
  private final History[][] rawPutValues;

  /**
   * Builds the batches and stores the read batches through {@code cache}, one {@code putAll} per batch.
   *
   * @param batch keys per batch, a divisor of {@value #KEYS}
   * @param cache the cache to store the read batches in
   * @throws IllegalStateException if the cache does not give back the first batch whole
   */
  @SuppressWarnings("unchecked")
  RedisBatchData(int batch, AdaptiveCache cache) {
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
  }

  /**
   * Reads batch {@code b} through the cache and counts the keys asked for and found.
   *
   * @param cache the cache the batches were stored in
   * @param b the batch
   * @param counters the counters to add to
   * @return what the cache found
   */
  Map<CacheKey, History> cacheGetAll(AdaptiveCache cache, int b, RedisBatchBenchmark.Found counters) {
    List<CacheKey> keys = cacheBatches[b];
    Map<CacheKey, History> values = cache.getAll(keys, History.class);
    counters.asked += keys.size();
    counters.found += values.size();
    return values;
  }

  /**
   * Adds to {@code pipeline} the raw side's writes of batch {@code b}: each value encoded with the cache's
   * mapper, then {@code SET .. PX} {@value #RAW_TTL_MILLIS}. The caller syncs.
   *
   * @param pipeline a pipeline (on one server or a Cluster)
   * @param b the batch
   * @param blackhole takes the responses
   */
  void appendRawSets(AbstractPipeline pipeline, int b, Blackhole blackhole) {
    byte[][] keys = rawPutKeys[b];
    History[] values = rawPutValues[b];
    for (int i = 0; i < keys.length; i++) {
      blackhole.consume(pipeline.set(keys[i], PriceHistories.encode(values[i]),
          SetParams.setParams().px(RAW_TTL_MILLIS)));
    }
  }

  /**
   * The Redis tier's invalidation-log script, as a raw reference sends it: {@code XADD} with an approximate
   * cap, then {@code PUBLISH} of the same message.
   */
  static final String LOG_SCRIPT = "local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', "
      + "ARGV[1], '*', 'm', ARGV[2])\nredis.call('PUBLISH', ARGV[3], ARGV[2])\nreturn id";
  /** The stream a raw reference appends to (its own, beside the cache's {@code ta-log:default}). */
  static final String RAW_LOG = "raw-log:default";
  /** The cache's own bus channel (database 0): a message published there reaches the cache's subscriber. */
  static final String CACHE_CHANNEL = "ta-invalidation:0";

  /**
   * The arguments of {@link #LOG_SCRIPT} for the raw writes of batch {@code b}: the stream's cap, a message
   * naming the batch's raw keys in the tier's format, and the channel to publish it on.
   *
   * @param b the batch
   * @param channel {@link #CACHE_CHANNEL}, or a channel nobody follows
   * @return the script's arguments
   */
  List<String> logScriptArgs(int b, String channel) {
    StringBuilder message = new StringBuilder("{\"v\":1,\"o\":\"raw\",\"k\":[");
    for (byte[] key : rawPutKeys[b]) {
      message.append(message.charAt(message.length() - 1) == '[' ? "\"" : ",\"")
          .append(new String(key, UTF_8)).append('"');
    }
    message.append("],\"p\":[],\"a\":false}");
    return List.of("10000", message.toString(), channel);
  }

  /**
   * Decodes stored values as the raw side does: the JSON after {@link #PREFIX} bytes, with the cache's
   * mapper.
   *
   * @param raws stored values, none missing
   * @return the histories, in order
   * @throws NullPointerException if a value is missing (the raw side read a key that is not stored)
   */
  static History[] decodeAll(List<byte[]> raws) {
    History[] values = new History[raws.size()];
    for (int i = 0; i < values.length; i++) {
      byte[] raw = raws.get(i);
      values[i] = PriceHistories.decode(raw, PREFIX, raw.length - PREFIX);
    }
    return values;
  }
}
