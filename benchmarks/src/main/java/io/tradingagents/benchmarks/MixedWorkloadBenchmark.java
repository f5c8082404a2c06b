package io.tradingagents.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.tradingagents.benchmarks.PriceHistories.Bar;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.Market;
import io.tradingagents.cache.PerformanceMode;
import io.tradingagents.cache.TtlPolicy;
import io.tradingagents.cache.file.FileCacheProvider;
import io.tradingagents.cache.redis.RedisCacheProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.ThreadParams;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * A realistic mixed workload: the quickstart's watchlist scaled to 1,000 symbols (US, A-share and Hong Kong
 * in the quickstart's proportions 6:4:4), three values per symbol as its analysts ask for them (90 daily
 * bars, a week of news, trailing-twelve-month fundamentals; 3,000 keys built once), symbols drawn by Zipf(1.0)
 * popularity, the data kind uniformly, and 95% reads ({@code get(key, type)}) / 5% writes ({@code put}: a
 * refreshed value of the same key). 2^16 operations are precomputed; each thread starts at its own offset.
 *
 * <p>{@code impl} says what serves the mix:
 * <ul>
 *   <li>{@code adaptive}: an {@code AdaptiveCache} opened from the environment as an application opens it,
 *       with the default in-process bound (64 MiB, which holds all 3,000 values), a real {@code redis-server}
 *       ({@link RedisServerProcess}) and the file tier in a temporary directory: performance mode "fast".
 *       Reads are answered in memory; writes go through to Redis and the files.</li>
 *   <li>{@code handRolled}, the baseline: what an application would write by hand for the same tiers:
 *       Caffeine configured like the in-process tier (weight bound, per-entry expiry, stats), the value
 *       encoded with the same Jackson configuration, Jedis {@code SET key value PX ttl} on the same server
 *       with the tier's timeouts (200 ms; a call that fails is counted and skipped, as the tier counts its
 *       write failures), and an atomic file write (temporary file, rename). No envelope, checksum,
 *       invalidation log or breaker. The teardown prints the failures of both ({@code [mixed]} lines).</li>
 *   <li>{@code caffeineOnly}: the same mix on Caffeine alone (a write is a {@code put}): the floor.</li>
 * </ul>
 *
 * <p>Modes: sample time, so the results carry percentiles. {@code mixAll} times every operation of the mix
 * (its mean is the mix's cost per operation, its inverse the throughput per thread); {@code mixRead} times
 * only the reads and {@code mixWrite} only the writes, the other operations of the mix being run untimed
 * before each timed one (a {@code Level.Invocation} setup), so that each gets its own p50/p99/p99.9 under
 * the same mix.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar MixedWorkload -f 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(1)
public class MixedWorkloadBenchmark {
  /** Daily bars of one symbol. */
  public record PriceHistory(String symbol, List<Bar> bars) {}

  /** One headline. */
  public record Headline(LocalDate day, String source, String title) {}

  /** A week of news of one symbol. */
  public record NewsDigest(String symbol, List<Headline> headlines) {}

  /** Trailing-twelve-month fundamentals of one symbol. */
  public record Fundamentals(String symbol, String period, double pe, double pb, double roe, double revenue,
      double netIncome, long shares) {}

  static final int SYMBOLS = 1000;
  private static final DataKind[] KINDS = {DataKind.STOCK_DATA, DataKind.NEWS, DataKind.FUNDAMENTALS};
  private static final Class<?>[] TYPES = {PriceHistory.class, NewsDigest.class, Fundamentals.class};
  private static final int OPS = 1 << 16;
  private static final int OPS_MASK = OPS - 1;
  private static final double WRITE_SHARE = 0.05;
  private static final LocalDate AS_OF = LocalDate.of(2024, 6, 3);

  @Param({"adaptive", "handRolled", "caffeineOnly"})
  public String impl;

  private CacheKey[] keys;
  /** Two versions of each key's value; a write stores the other one. */
  private Object[][] values;
  private int[] keyOfOp;
  private boolean[] writeOp;
  private RedisServerProcess server;
  private Mix mix;

  /** What serves the mix. */
  interface Mix extends AutoCloseable {
    Object read(int key);

    void write(int key, Object value);

    @Override
    void close();
  }

  /** The symbols: 6/14 US, 4/14 A-share, 4/14 Hong Kong. */
  static List<String> watchlist() {
    List<String> symbols = new ArrayList<>(SYMBOLS);
    for (int i = 0; symbols.size() < SYMBOLS; i++) {
      int slot = i % 14;
      if (slot < 6) {
        symbols.add("US" + (char) ('A' + i % 26) + (i / 26));
      } else if (slot < 10) {
        symbols.add(String.valueOf(600000 + i));
      } else {
        symbols.add(String.format("%04d.HK", 1000 + i % 9000));
      }
    }
    return symbols;
  }

  private static CacheKey key(String symbol, DataKind kind) {
    Market market = Market.detect(symbol);
    String source = market == Market.US ? "yfinance" : market == Market.CHINA_A ? "tushare" : "akshare";
    CacheKey.Builder key = CacheKey.builder(kind, symbol).namespace("mixed").market(market).source(source);
    if (kind.equals(DataKind.STOCK_DATA)) {
      key.dateRange(AS_OF.minusDays(89), AS_OF).param("interval", "1d");
    } else if (kind.equals(DataKind.NEWS)) {
      key.dateRange(AS_OF.minusDays(6), AS_OF);
    } else {
      key.param("period", "ttm");
    }
    return key.build();
  }

  private static Object value(String symbol, DataKind kind, int version) {
    if (kind.equals(DataKind.STOCK_DATA)) {
      List<Bar> bars = new ArrayList<>(90);
      for (int d = 0; d < 90; d++) {
        bars.add(new Bar(AS_OF.minusDays(89 - d), 10 + d, 11 + d, 9 + d, 10.5 + d + version, 1_000_000L + d));
      }
      return new PriceHistory(symbol, List.copyOf(bars));
    }
    if (kind.equals(DataKind.NEWS)) {
      List<Headline> headlines = new ArrayList<>();
      for (int n = 0; n < 8; n++) {
        headlines.add(new Headline(AS_OF.minusDays(n % 7), "wire",
            symbol + " headline " + n + " version " + version + ": quarterly results and guidance"));
      }
      return new NewsDigest(symbol, List.copyOf(headlines));
    }
    return new Fundamentals(symbol, "ttm", 25.1 + version, 7.2, 0.31, 3.9e11, 9.7e10, 15_400_000_000L);
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    List<String> symbols = watchlist();
    keys = new CacheKey[SYMBOLS * KINDS.length];
    values = new Object[keys.length][2];
    for (int s = 0; s < SYMBOLS; s++) {
      for (int k = 0; k < KINDS.length; k++) {
        int i = s * KINDS.length + k;
        keys[i] = key(symbols.get(s), KINDS[k]);
        values[i][0] = value(symbols.get(s), KINDS[k], 0);
        values[i][1] = value(symbols.get(s), KINDS[k], 1);
      }
    }
    int[] popular = Zipf.indexes(SYMBOLS, 1.0, OPS, 42);
    SplittableRandom random = new SplittableRandom(7);
    keyOfOp = new int[OPS];
    writeOp = new boolean[OPS];
    for (int op = 0; op < OPS; op++) {
      keyOfOp[op] = popular[op] * KINDS.length + random.nextInt(KINDS.length);
      writeOp[op] = random.nextDouble() < WRITE_SHARE;
    }
    if (!impl.equals("caffeineOnly")) {
      server = RedisServerProcess.launch();
    }
    mix = switch (impl) {
      case "adaptive" -> new AdaptiveMix(server);
      case "handRolled" -> new HandRolledMix(server);
      case "caffeineOnly" -> new CaffeineMix();
      default -> throw new IllegalArgumentException("impl must be adaptive, handRolled or caffeineOnly but was "
          + impl);
    };
    for (int i = 0; i < keys.length; i++) {
      mix.write(i, values[i][0]);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    try {
      mix.close();
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  /** One operation of the mix: a read, or a write of the key's other value; counts as the thread's. */
  Object apply(int op, Ops ops) {
    int key = keyOfOp[op];
    if (writeOp[op]) {
      Object value = values[key][ops.version++ & 1];
      mix.write(key, value);
      return value;
    }
    Object value = mix.read(key);
    if (value == null) {
      throw new IllegalStateException("a read of " + keys[key] + " found nothing (" + impl + ")");
    }
    return value;
  }

  /**
   * Per-thread position in the mix; threads start apart. Each benchmark method takes its own subclass, and
   * the untimed part of the mix is run by that same object: JMH gives a helper method's state argument and
   * the benchmark method's state argument separate instances even when their class is the same.
   */
  public abstract static class Ops {
    int next;
    int version = 1;

    @Setup(Level.Trial)
    public void setUp(ThreadParams thread) {
      next = thread.getThreadIndex() * (OPS / 8);
    }

    int take() {
      return next++ & OPS_MASK;
    }
  }

  /** Every operation of the mix is timed. */
  @State(Scope.Thread)
  public static class AllOps extends Ops {}

  /** Before each timed read, runs the writes that precede it in the mix, untimed. */
  @State(Scope.Thread)
  public static class ReadOps extends Ops {
    @Setup(Level.Invocation)
    public void others(MixedWorkloadBenchmark bench) {
      while (bench.writeOp[next & OPS_MASK]) {
        bench.apply(take(), this);
      }
    }
  }

  /** Before each timed write, runs the reads that precede it in the mix, untimed. */
  @State(Scope.Thread)
  public static class WriteOps extends Ops {
    @Setup(Level.Invocation)
    public void others(MixedWorkloadBenchmark bench) {
      while (!bench.writeOp[next & OPS_MASK]) {
        bench.apply(take(), this);
      }
    }
  }

  @Benchmark
  public Object mixAll(AllOps ops) {
    return apply(ops.take(), ops);
  }

  @Benchmark
  public Object mixRead(ReadOps ops) {
    int op = ops.take();
    if (writeOp[op]) {
      throw new IllegalStateException("mixRead timed a write");
    }
    return apply(op, ops);
  }

  @Benchmark
  public Object mixWrite(WriteOps ops) {
    int op = ops.take();
    if (!writeOp[op]) {
      throw new IllegalStateException("mixWrite timed a read");
    }
    return apply(op, ops);
  }

  /** The library, opened from the environment with Redis and the file tier. */
  final class AdaptiveMix implements Mix {
    private final Path dir;
    private final AdaptiveCache cache;

    AdaptiveMix(RedisServerProcess server) throws IOException {
      dir = Files.createTempDirectory("ta-bench-mixed-");
      Map<String, String> environment = new HashMap<>();
      environment.put(RedisCacheProvider.URL, server.url());
      environment.put(FileCacheProvider.DIRECTORY, dir.toString());
      cache = AdaptiveCache.builder().environment(environment).build();
      if (cache.performanceMode() != PerformanceMode.FAST) {
        cache.close();
        throw new IllegalStateException("expected Redis and files (fast) but the mode is "
            + cache.performanceMode());
      }
    }

    @Override
    public Object read(int key) {
      return cache.get(keys[key], TYPES[key % KINDS.length]);
    }

    @Override
    public void write(int key, Object value) {
      cache.put(keys[key], value);
    }

    @Override
    public void close() {
      System.out.println("[mixed] adaptive: " + cache.stats() + ", mode " + cache.performanceMode());
      try {
        cache.close();
      } finally {
        deleteTree(dir);
      }
    }
  }

  /** Caffeine + Jedis + files, written by hand. */
  final class HandRolledMix implements Mix {
    private final Cache<CacheKey, Object> memory = caffeine();
    private final RedisClient jedis;
    private final byte[][] redisKeys = new byte[keys.length][];
    private final long[] ttlMillis = new long[keys.length];
    private final Path dir;
    private final Path[] files = new Path[keys.length];
    /** Redis calls that failed (timed out): counted and reported, as the tier counts its write failures. */
    private long redisFailures;

    HandRolledMix(RedisServerProcess server) throws IOException {
      jedis = RedisClient.builder()
          .hostAndPort(new HostAndPort("127.0.0.1", server.port()))
          .clientConfig(DefaultJedisClientConfig.builder().connectionTimeoutMillis(200).socketTimeoutMillis(200)
              .build())
          .build();
      dir = Files.createTempDirectory("ta-bench-mixed-raw-");
      TtlPolicy ttl = TtlPolicy.defaults();
      for (int i = 0; i < keys.length; i++) {
        redisKeys[i] = ("raw:" + keys[i].asString()).getBytes(StandardCharsets.UTF_8);
        ttlMillis[i] = ttl.ttl(keys[i].kind(), keys[i].market()).toMillis();
        files[i] = dir.resolve(Integer.toString(i));
      }
    }

    @Override
    public Object read(int key) {
      Object value = memory.getIfPresent(keys[key]);
      if (value == null) {
        byte[] bytes;
        try {
          bytes = jedis.get(redisKeys[key]);
        } catch (JedisException e) {
          redisFailures++;
          return null;
        }
        if (bytes != null) {
          try {
            value = PriceHistories.MAPPER.readValue(bytes, TYPES[key % KINDS.length]);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          memory.put(keys[key], value);
        }
      }
      return value;
    }

    @Override
    public void write(int key, Object value) {
      byte[] bytes;
      try {
        bytes = PriceHistories.MAPPER.writeValueAsBytes(value);
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
      memory.put(keys[key], value);
      try {
        jedis.set(redisKeys[key], bytes, SetParams.setParams().px(ttlMillis[key]));
      } catch (JedisException e) { // as the tier does: counted, the write goes on
        redisFailures++;
      }
      try {
        Path temp = dir.resolve(key + "." + Thread.currentThread().getId() + ".tmp");
        Files.write(temp, bytes);
        Files.move(temp, files[key], StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      System.out.println("[mixed] handRolled: Redis calls that failed: " + redisFailures);
      try {
        jedis.close();
      } finally {
        deleteTree(dir);
      }
    }
  }

  /** Caffeine alone. */
  final class CaffeineMix implements Mix {
    private final Cache<CacheKey, Object> memory = caffeine();

    @Override
    public Object read(int key) {
      return memory.getIfPresent(keys[key]);
    }

    @Override
    public void write(int key, Object value) {
      memory.put(keys[key], value);
    }

    @Override
    public void close() {
      memory.invalidateAll();
    }
  }

  /** Configured like the in-process tier: 64 MiB weight bound (a fixed 8 KiB an entry), expiry, stats. */
  private static Cache<CacheKey, Object> caffeine() {
    return Caffeine.newBuilder()
        .maximumWeight(64L << 20)
        .weigher((CacheKey k, Object v) -> 8192)
        .expireAfter(Expiry.<CacheKey, Object>creating((k, v) -> Duration.ofHours(2)))
        .recordStats()
        .build();
  }

  private static void deleteTree(Path dir) {
    try {
      FileTierBenchmark.deleteTree(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
