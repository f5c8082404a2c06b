package io.tradingagents.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.PerformanceMode;
import io.tradingagents.cache.file.FileCacheProvider;
import io.tradingagents.cache.mongo.MongoCacheProvider;
import io.tradingagents.cache.mongo.MongoSettings;
import io.tradingagents.cache.spi.TierSettings;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cache over real Redis (a redis-server process), MongoDB (the real driver against mongo-java-server)
 * and files, in HIGH_PERFORMANCE mode, under four threads of reads and writes while each tier is taken
 * away in turn and brought back: Redis killed and restarted on its port, MongoDB shut down and a new server
 * started on its port, the cache directory replaced by a plain file and restored. The mode follows each
 * change, and no caller ever sees an exception.
 */
class HighPerformanceOutageTest {
  private static final Logger log = LoggerFactory.getLogger(HighPerformanceOutageTest.class);
  private static final int THREADS = 4;

  @TempDir
  Path temp;
  private RedisProcess redis;
  private MongoServer mongo;
  private AdaptiveCache cache;

  @AfterEach
  void stop() {
    if (cache != null) {
      cache.close();
    }
    if (mongo != null) {
      mongo.shutdownNow();
    }
    if (redis != null) {
      redis.close();
    }
  }

  private static MongoServer mongoOn(int port) {
    MongoServer server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", port);
    return server;
  }

  @Test
  void eachTierKilledAndRestartedInTurn_modeFollows_andNoCallerSeesAnException() throws Exception {
    redis = RedisProcess.launch();
    mongo = mongoOn(0);
    int mongoPort = mongo.getLocalAddress().getPort();
    Path directory = temp.resolve("cache");
    Clock clock = Clock.systemUTC();
    cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false)
        .tier(new RedisCacheProvider().open(TierSettings.of(Map.of(RedisCacheProvider.HOST, "127.0.0.1",
            RedisCacheProvider.PORT, String.valueOf(redis.port())), clock)))
        .tier(new MongoCacheProvider().open(TierSettings.of(Map.of(MongoSettings.URL,
            "mongodb://127.0.0.1:" + mongoPort, MongoSettings.DATABASE, "high_performance"), clock)))
        .tier(new FileCacheProvider().open(TierSettings.of(Map.of(FileCacheProvider.DIRECTORY,
            directory.toString()), clock)))
        .probeInterval(Duration.ofMillis(100)).build();
    // A start-up ping slower than the tier's timeout (a loaded machine) starts that tier down; the next
    // probe takes it up.
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> cache.performanceMode() == PerformanceMode.HIGH_PERFORMANCE);

    AtomicBoolean stop = new AtomicBoolean();
    LongAdder calls = new LongAdder();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Thread thread = new Thread(() -> {
        while (!stop.get()) {
          try {
            CacheKey key = CacheKey.of(DataKind.STOCK_DATA, "HP" + ThreadLocalRandom.current().nextInt(200));
            if (ThreadLocalRandom.current().nextBoolean()) {
              cache.put(key, "value");
            } else {
              cache.get(key, String.class);
            }
            calls.increment();
          } catch (Throwable e) {
            failures.add(e);
          }
        }
      });
      thread.start();
      threads.add(thread);
    }
    List<String> modes = new ArrayList<>();
    try {
      redis.kill();
      await().atMost(Duration.ofSeconds(10)).until(() -> cache.performanceMode() == PerformanceMode.PERSISTENT);
      modes.add(cache.performanceMode().name());
      redis.start();
      await().atMost(Duration.ofSeconds(10))
          .until(() -> cache.performanceMode() == PerformanceMode.HIGH_PERFORMANCE);
      modes.add(cache.performanceMode().name());

      mongo.shutdownNow();
      await().atMost(Duration.ofSeconds(20)).until(() -> cache.performanceMode() == PerformanceMode.FAST);
      modes.add(cache.performanceMode().name());
      mongo = mongoOn(mongoPort);
      await().atMost(Duration.ofSeconds(20))
          .until(() -> cache.performanceMode() == PerformanceMode.HIGH_PERFORMANCE);
      modes.add(cache.performanceMode().name());

      Path away = temp.resolve("away");
      Path blocker = Files.writeString(temp.resolve("blocker"), "not a directory");
      Files.move(directory, away);
      moveInto(blocker, directory); // the files can no longer be written
      await().atMost(Duration.ofSeconds(10)).until(() -> !cache.backendInfo().isAvailable("file"));
      modes.add(cache.performanceMode().name() + " without files");
      Files.delete(directory);
      moveInto(away, directory);
      await().atMost(Duration.ofSeconds(10)).until(() -> cache.backendInfo().isAvailable("file"));
      modes.add(cache.performanceMode().name());
      long before = calls.sum();
      await().atMost(Duration.ofSeconds(10)).until(() -> calls.sum() >= before + 1_000);
    } finally {
      stop.set(true);
      for (Thread thread : threads) {
        thread.join(10_000);
      }
    }

    log.info("HIGH_PERFORMANCE under {} threads: {} calls, {} exceptions; modes in turn: {}", THREADS,
        calls.sum(), failures.size(), modes);
    assertThat(failures).as("exceptions that reached a caller").isEmpty();
    assertThat(modes).containsExactly("PERSISTENT", "HIGH_PERFORMANCE", "FAST", "HIGH_PERFORMANCE",
        "HIGH_PERFORMANCE without files", "HIGH_PERFORMANCE");
    CacheKey marker = CacheKey.of(DataKind.NEWS, "AFTER");
    cache.put(marker, "everywhere");
    assertThat(cache.stats().tiers()).allSatisfy(t -> assertThat(t.puts()).as(t.tier()).isPositive());
  }

  /**
   * Moves {@code source} to {@code target}. The test's writers recreate the cache directory as soon as it
   * is gone, so whatever they recreated there first is moved aside and the move tried again at once.
   */
  private void moveInto(Path source, Path target) throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    for (int recreated = 1; System.nanoTime() - deadline < 0; recreated++) {
      try {
        Files.move(source, target);
        return;
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
        try {
          Files.move(target, temp.resolve("recreated-" + recreated));
        } catch (NoSuchFileException gone) {
          // removed in between: try again
        }
      }
    }
    throw new AssertionError("Could not move " + source + " to " + target + " within 10 s");
  }
}
