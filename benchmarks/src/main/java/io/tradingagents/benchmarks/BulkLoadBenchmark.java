package io.tradingagents.benchmarks;

import io.tradingagents.benchmarks.MissLoadBenchmark.Quote;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.AdaptiveCacheBuilder;
import io.tradingagents.cache.BulkCacheLoader;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.CacheStats;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.TtlPolicy;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Loading 100 cold keys: {@code getAll(keys, type, bulkLoader)} (one batch read per tier, one loader call,
 * one batch write per tier) beside its <b>baseline</b>, the same 100 keys loaded one by one with
 * {@code get(key, type, loader)}, in the same run. Both loaders are free (they allocate one quote per key
 * and call nothing), so the figure is the cache's own cost; the upstream calls a bulk loader saves (99 of
 * 100) come on top and are not measured here.
 *
 * <p>{@code tiers}: {@code memory} is the in-process tier alone; {@code redis} adds a real
 * {@code redis-server} (the embedded-redis jar's binary, one per trial) with its load lock and
 * invalidation log, so each single load also takes and releases its key's lock. The keys (262,144 of
 * them, cycled 100 at a time) are cold when they come round again: entries live 1 s and the memory bound
 * is 1 MiB; the teardown fails the trial if more than 1% of the lookups hit.
 *
 * <pre>
 * java -Djmh.ignoreLock=true -jar benchmarks/target/benchmarks.jar BulkLoad -f 3 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BulkLoadBenchmark {
  private static final int KEYS = 1 << 18;
  private static final int BATCH = 100;
  private static final LocalDate DAY = LocalDate.of(2024, 6, 3);
  private static final BulkCacheLoader<Quote> BULK = keys -> {
    Map<CacheKey, Quote> quotes = new HashMap<>(keys.size() * 2);
    for (CacheKey key : keys) {
      quotes.put(key, load(key));
    }
    return quotes;
  };

  @Param({"memory", "redis"})
  public String tiers;

  private List<CacheKey>[] batches;
  private AdaptiveCache cache;
  private RedisServerProcess server;
  private int next;

  @Setup(Level.Trial)
  @SuppressWarnings("unchecked")
  public void setUp() {
    batches = new List[KEYS / BATCH];
    for (int b = 0; b < batches.length; b++) {
      CacheKey[] batch = new CacheKey[BATCH];
      for (int i = 0; i < BATCH; i++) {
        batch[i] = CacheKey.builder(DataKind.NEWS, "SYM" + (b * BATCH + i)).source("yfinance").build();
      }
      batches[b] = Arrays.asList(batch);
    }
    AdaptiveCacheBuilder builder = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false)
        .maximumMemoryBytes(1L << 20).ttlPolicy(TtlPolicy.builder().ttl(DataKind.NEWS, Duration.ofSeconds(1))
            .build());
    if (tiers.equals("redis")) {
      server = RedisServerProcess.launch();
      builder.tier(RedisTierHitBenchmark.openTier(server));
    }
    cache = builder.build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    CacheStats stats = cache.stats();
    try {
      if (stats.hits() > stats.requests() / 100) {
        throw new IllegalStateException("not a cold-key benchmark: " + stats);
      }
    } finally {
      cache.close();
      if (server != null) {
        server.close();
      }
    }
  }

  private static Quote load(CacheKey key) {
    return new Quote(key.symbol(), DAY, 10, 12, 9, 11, 1_000_000L);
  }

  private List<CacheKey> nextBatch() {
    List<CacheKey> batch = batches[next];
    next = next + 1 == batches.length ? 0 : next + 1;
    return batch;
  }

  @Benchmark
  public Map<CacheKey, Quote> getAll100Bulk() {
    return cache.getAll(nextBatch(), Quote.class, BULK);
  }

  @Benchmark
  public void get100Singles(Blackhole blackhole) {
    for (CacheKey key : nextBatch()) {
      blackhole.consume(cache.get(key, Quote.class, BulkLoadBenchmark::load));
    }
  }
}
