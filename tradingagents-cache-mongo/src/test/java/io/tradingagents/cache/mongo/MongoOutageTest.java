package io.tradingagents.cache.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.PerformanceMode;
import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.spi.MemoryTier;
import io.tradingagents.cache.spi.TierKind;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MongoDB goes away while writers run through an {@link AdaptiveCache} (Mongo tier plus a file-kind
 * tier), then a new server starts on the same port: callers never see an exception, the mode goes
 * PERSISTENT → STANDARD → PERSISTENT, and writes reach the new server without restarting the cache.
 * In-process server ({@code shutdownNow()} drops every connection, as a killed mongod would).
 */
class MongoOutageTest {
  @RegisterExtension
  static final InProcessMongo MONGO = new InProcessMongo();
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final Queue<Throwable> callerErrors = new ConcurrentLinkedQueue<>();
  private final AtomicLong operations = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private ExecutorService writers;
  private AdaptiveCache cache;

  @AfterEach
  void stop() throws Exception {
    running.set(false);
    if (writers != null) {
      writers.shutdown();
      assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
    if (cache != null) {
      cache.close();
    }
  }

  private void startWriters(int threads) {
    writers = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      int writer = t;
      writers.submit(() -> {
        int i = 0;
        while (running.get()) {
          CacheKey key = CacheKey.of(DataKind.STOCK_DATA, "W" + writer + "S" + (i % 50));
          try {
            cache.put(key, "quote " + i);
            assertThat(cache.get(key, String.class)).isNotNull();
            if (i % 10 == 0) {
              cache.invalidate(key); // the next get reads the shared tiers
              cache.get(key, String.class);
              cache.getAll(List.of(key, CacheKey.of(DataKind.NEWS, "W" + writer)), String.class);
            }
          } catch (Throwable e) {
            callerErrors.add(e);
          }
          operations.incrementAndGet();
          i++;
        }
      });
    }
  }

  private void awaitMoreOperations(long count) {
    long start = operations.get();
    LongSupplier done = () -> operations.get() - start;
    await().atMost(PATIENCE).until(() -> done.getAsLong() >= count);
  }

  @Test
  void outage_callersSeeNoException_modeDropsAndRecoversWithoutRestart() {
    String database = InProcessMongo.freshDatabase();
    CacheTier mongoTier = new MongoCacheProvider().open(MONGO.settings(database,
        Map.of(MongoSettings.TIMEOUT, MongoSettings.DEFAULT_TIMEOUT.toMillis() + "ms")));
    cache = AdaptiveCache.builder()
        .environment(Map.of())
        .discoverTiers(false)
        .tier(mongoTier)
        .tier(new MemoryTier("file", TierKind.FILE, 64 << 20, Clock.systemUTC()))
        .probeInterval(Duration.ofMillis(100))
        .build();
    assertThat(cache.performanceMode()).isEqualTo(PerformanceMode.PERSISTENT);
    startWriters(4);
    awaitMoreOperations(200);

    MONGO.stop();

    await().atMost(PATIENCE).until(() -> cache.performanceMode() == PerformanceMode.STANDARD);
    awaitMoreOperations(200); // writers keep going while MongoDB is down

    MONGO.restart();

    await().atMost(PATIENCE).until(() -> cache.performanceMode() == PerformanceMode.PERSISTENT);
    awaitMoreOperations(200);
    CacheKey fresh = CacheKey.of(DataKind.FUNDAMENTALS, "AFTER");
    cache.put(fresh, "written after the restart");
    try (MongoClient client = MONGO.client()) {
      await().atMost(PATIENCE).until(() -> client.getDatabase(database).getCollection("cache_entries")
          .countDocuments(Filters.eq("_id", fresh.asString())) == 1);
    }
    running.set(false);
    List<Throwable> errors = new ArrayList<>(callerErrors);
    assertThat(errors).as("exceptions seen by cache callers").isEmpty();
  }
}
