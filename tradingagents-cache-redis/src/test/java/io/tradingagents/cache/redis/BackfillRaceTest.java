package io.tradingagents.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.spi.TierSettings;
import io.tradingagents.cache.mongo.MongoCacheProvider;
import io.tradingagents.cache.mongo.MongoSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The back-fill race of issue 10, with three app instances on one real Redis and one MongoDB (the real
 * driver against mongo-java-server): K=v1 is only in MongoDB; A reads it (a MongoDB hit, whose copy into
 * Redis is queued on A's executor); B puts K=v2; then A's back-fill runs; a fresh instance C reads K from
 * Redis, and a MongoDB-only instance D reads it from MongoDB. Before back-fills were conditional, Redis
 * ended with v1 in every delayed trial. Counts trials that end with v1 in either shared tier.
 */
class BackfillRaceTest {
  private static final Logger log = LoggerFactory.getLogger(BackfillRaceTest.class);
  private static final int TRIALS = 200;
  private static RedisProcess redis;
  private static MongoServer mongo;
  private static String mongoUrl;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private ExecutorService executorOfA;

  @BeforeAll
  static void startServers() {
    redis = RedisProcess.launch();
    mongo = new MongoServer(new MemoryBackend());
    mongo.bind("127.0.0.1", 0);
    mongoUrl = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort();
  }

  @AfterAll
  static void stopServers() {
    mongo.shutdownNow();
    redis.close();
  }

  @BeforeEach
  void executor() {
    executorOfA = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable resource : resources) {
      resource.close();
    }
    executorOfA.shutdownNow();
  }

  private CacheTier redisTier() {
    return new RedisCacheProvider().open(TierSettings.of(Map.of(RedisCacheProvider.HOST, "127.0.0.1",
        RedisCacheProvider.PORT, String.valueOf(redis.port())), Clock.systemUTC()));
  }

  private CacheTier mongoTier() {
    return new MongoCacheProvider().open(TierSettings.of(Map.of(MongoSettings.URL, mongoUrl,
        MongoSettings.DATABASE, "backfill_race", MongoSettings.TIMEOUT, "5s"), Clock.systemUTC()));
  }

  private AdaptiveCache cache(List<CacheTier> tiers, ExecutorService executor) {
    var builder = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false);
    tiers.forEach(builder::tier);
    if (executor != null) {
      builder.executor(executor);
    }
    AdaptiveCache cache = builder.build();
    resources.add(0, cache);
    return cache;
  }

  /** Waits until every task queued on A's executor so far has run. */
  private void drain(ExecutorService executor) throws Exception {
    executor.submit(() -> { }).get(30, TimeUnit.SECONDS);
  }

  @Test
  void backfillDelayedUntilAfterAnotherInstancesPut_neverLeavesTheOlderValueInRedisOrMongo() throws Exception {
    AdaptiveCache seeder = cache(List.of(mongoTier()), null);
    AdaptiveCache a = cache(List.of(redisTier(), mongoTier()), executorOfA);
    AdaptiveCache b = cache(List.of(redisTier(), mongoTier()), null);
    AdaptiveCache c = cache(List.of(redisTier()), null);
    AdaptiveCache d = cache(List.of(mongoTier()), null);
    int olderInRedis = 0;
    int olderInMongo = 0;
    int backfilled = 0;

    for (int trial = 0; trial < TRIALS; trial++) {
      CacheKey key = CacheKey.of(DataKind.STOCK_DATA, "DLY" + trial);
      seeder.put(key, "v1");
      CountDownLatch busy = new CountDownLatch(1);
      executorOfA.execute(() -> awaitQuietly(busy)); // A's executor is busy: its back-fill waits
      assertThat(a.get(key, String.class)).isEqualTo("v1"); // a MongoDB hit; back-fill queued
      b.put(key, "v2");
      busy.countDown();
      drain(executorOfA);

      olderInRedis += "v1".equals(c.get(key, String.class)) ? 1 : 0;
      olderInMongo += "v1".equals(d.get(key, String.class)) ? 1 : 0;
    }
    // The same with nothing in the way: the back-fill happens, and a later reader finds it in Redis.
    for (int trial = 0; trial < 20; trial++) {
      CacheKey key = CacheKey.of(DataKind.STOCK_DATA, "FILL" + trial);
      seeder.put(key, "v1");
      assertThat(a.get(key, String.class)).isEqualTo("v1");
      drain(executorOfA);
      backfilled += "v1".equals(c.get(key, String.class)) ? 1 : 0;
    }

    log.info("Delayed back-fill race: {} of {} trials left v1 in Redis, {} in MongoDB; {} of 20 plain "
        + "back-fills reached Redis", olderInRedis, TRIALS, olderInMongo, backfilled);
    assertThat(olderInRedis).as("trials ending with the older value in Redis, of %d", TRIALS).isZero();
    assertThat(olderInMongo).as("trials ending with the older value in MongoDB, of %d", TRIALS).isZero();
    assertThat(backfilled).as("plain back-fills that reached Redis").isEqualTo(20);
  }

  @Test
  void backfillConcurrentWithAnotherInstancesPut_neverLeavesTheOlderValueInRedisOrMongo() throws Exception {
    AdaptiveCache seeder = cache(List.of(mongoTier()), null);
    AdaptiveCache a = cache(List.of(redisTier(), mongoTier()), executorOfA);
    AdaptiveCache b = cache(List.of(redisTier(), mongoTier()), null);
    AdaptiveCache c = cache(List.of(redisTier()), null);
    AdaptiveCache d = cache(List.of(mongoTier()), null);
    ExecutorService racers = Executors.newFixedThreadPool(2);
    int olderInRedis = 0;
    int olderInMongo = 0;
    try {
      for (int trial = 0; trial < TRIALS; trial++) {
        CacheKey key = CacheKey.of(DataKind.STOCK_DATA, "CON" + trial);
        seeder.put(key, "v1");
        CountDownLatch go = new CountDownLatch(1);
        Future<?> read = racers.submit(() -> {
          go.await();
          return a.get(key, String.class);
        });
        Future<?> write = racers.submit(() -> {
          go.await();
          b.put(key, "v2");
          return null;
        });
        go.countDown();
        read.get(30, TimeUnit.SECONDS);
        write.get(30, TimeUnit.SECONDS);
        drain(executorOfA);

        olderInRedis += "v1".equals(c.get(key, String.class)) ? 1 : 0;
        olderInMongo += "v1".equals(d.get(key, String.class)) ? 1 : 0;
      }
    } finally {
      racers.shutdownNow();
    }

    log.info("Concurrent back-fill race: {} of {} trials left v1 in Redis, {} in MongoDB", olderInRedis,
        TRIALS, olderInMongo);
    assertThat(olderInRedis).as("trials ending with the older value in Redis, of %d", TRIALS).isZero();
    assertThat(olderInMongo).as("trials ending with the older value in MongoDB, of %d", TRIALS).isZero();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
