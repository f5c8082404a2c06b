package io.tradingagents.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.spi.TierSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Two instances (memory + Redis) on one real Redis, through outages, with the invalidation log: the
 * in-process tier keeps answering while Redis is gone, a write made meanwhile is replayed and logged on
 * reconnection, and no instance reads the old value afterwards; a log trimmed past an instance's position
 * makes it drop that namespace's copies and say so once at WARN. Counts are logged and asserted.
 */
class RedisLogCoherenceTest {
  private static final org.slf4j.Logger log = LoggerFactory.getLogger(RedisLogCoherenceTest.class);
  private static final int THREADS = 8;
  private static final int HOT_KEYS = 100;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private RedisProcess server;

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable resource : resources) {
      resource.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** One app instance. */
  private record Instance(AdaptiveCache cache, ObservedTier tier) {}

  private Instance instance(int port, Map<String, String> extra) {
    return instance(port, extra, null);
  }

  private Instance instance(int port, Map<String, String> extra, Duration maxServeWithoutLog) {
    Map<String, String> settings = new HashMap<>(extra);
    settings.put(RedisCacheProvider.HOST, "127.0.0.1");
    settings.put(RedisCacheProvider.PORT, String.valueOf(port));
    ObservedTier tier = new ObservedTier(new RedisCacheProvider().open(TierSettings.of(settings,
        Clock.systemUTC())));
    var builder = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).tier(tier)
        .probeInterval(Duration.ofMillis(100));
    if (maxServeWithoutLog != null) {
      builder.maxServeWithoutLog(maxServeWithoutLog);
    }
    AdaptiveCache cache = builder.build();
    resources.add(0, cache);
    await().atMost(Duration.ofSeconds(5)).until(() -> tier.subscriptions.get() >= 1);
    return new Instance(cache, tier);
  }

  private static CacheKey hot(int i) {
    return CacheKey.of(DataKind.STOCK_DATA, "HOT" + i);
  }

  private static boolean reconnected(Instance instance, int subscriptions, int logReadsBefore) {
    return instance.tier().subscriptions.get() >= subscriptions
        && instance.cache().backendInfo().isAvailable("redis")
        && instance.tier().logReadCalls.get() > logReadsBefore;
  }

  @Test
  void redisKilledFor10s_under8Threads_memoryKeepsAnswering_andNoInstanceReadsTheOldValueAfter()
      throws Exception {
    server = RedisProcess.launch();
    Instance a = instance(server.port(), Map.of());
    Instance b = instance(server.port(), Map.of());
    CacheKey written = CacheKey.of(DataKind.NEWS, "WRITTEN");
    for (int i = 0; i < HOT_KEYS; i++) {
      a.cache().put(hot(i), "v" + i);
    }
    a.cache().put(written, "old");
    // B reads once A's messages have been acted on (they arrive in order, the last one last): a message
    // still on its way would drop a copy B just read, and B might not read it again before the outage.
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1))
        .until(() -> b.tier().receivedFor(written.asString()) >= 1);
    for (int i = 0; i < HOT_KEYS; i++) {
      assertThat(b.cache().get(hot(i), String.class)).isEqualTo("v" + i);
    }
    assertThat(b.cache().get(written, String.class)).isEqualTo("old");

    AtomicBoolean outage = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    LongAdder readsDuringOutage = new LongAdder();
    LongAdder hitsDuringOutage = new LongAdder();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      AdaptiveCache cache = t % 2 == 0 ? a.cache() : b.cache();
      int seed = t;
      Thread thread = new Thread(() -> {
        int i = seed;
        while (!stop.get()) {
          try {
            int k = i++ % HOT_KEYS;
            String value = cache.get(hot(k), String.class);
            if (outage.get()) {
              readsDuringOutage.increment();
              hitsDuringOutage.add(("v" + k).equals(value) ? 1 : 0);
            }
          } catch (Throwable e) {
            failures.add(e);
          }
        }
      });
      thread.start();
      threads.add(thread);
    }
    try {
      server.kill();
      await().atMost(Duration.ofSeconds(10)).until(() -> a.tier().disconnects.get() >= 1
          && b.tier().disconnects.get() >= 1);
      outage.set(true);
      long killedAt = System.nanoTime();
      b.cache().put(written, "new"); // during the outage, on the other instance
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
          .until(() -> System.nanoTime() - killedAt >= TimeUnit.SECONDS.toNanos(10));
      outage.set(false);
      int aLogReads = a.tier().logReadCalls.get();
      int bLogReads = b.tier().logReadCalls.get();
      server.start(); // same port; the killed server lost its data, logs included
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(1))
          .until(() -> reconnected(a, 2, aLogReads) && reconnected(b, 2, bLogReads));
      long reconnectedAt = System.nanoTime();
      int staleOnA = 0;
      int staleOnB = 0;
      int readsAfter = 0;
      while (System.nanoTime() - reconnectedAt < TimeUnit.SECONDS.toNanos(5)) {
        staleOnA += "old".equals(a.cache().get(written, String.class)) ? 1 : 0;
        staleOnB += "old".equals(b.cache().get(written, String.class)) ? 1 : 0;
        readsAfter++;
      }
      stop.set(true);
      for (Thread thread : threads) {
        thread.join(10_000);
      }

      log.info("Redis killed for 10 s under {} threads: {} exceptions; {} of {} reads of in-memory keys hit "
          + "during the outage; over 5 s after reconnection, {} of {} reads on A and {} on B returned the "
          + "old value", THREADS, failures.size(), hitsDuringOutage.sum(), readsDuringOutage.sum(), staleOnA,
          readsAfter, staleOnB);
      assertThat(failures).as("exceptions that reached a caller").isEmpty();
      assertThat(readsDuringOutage.sum()).isPositive();
      assertThat(hitsDuringOutage.sum() * 100).as("in-process hits during the outage, of %d reads",
          readsDuringOutage.sum()).isGreaterThanOrEqualTo(readsDuringOutage.sum() * 99);
      assertThat(staleOnA).as("old values read on A after reconnection, of %d", readsAfter).isZero();
      assertThat(staleOnB).as("old values read on B after reconnection, of %d", readsAfter).isZero();
      assertThat(a.cache().get(written, String.class)).as("B's write, replayed on reconnection")
          .isEqualTo("new");
    } finally {
      stop.set(true);
    }
  }

  @Test
  void logTrimmedPastAnInstancesPosition_dropsThatNamespacesCopies_andSaysSoOnceAtWarn() {
    server = RedisProcess.launch();
    TcpProxy linkOfB = new TcpProxy(server.port());
    resources.add(linkOfB); // closed after the caches
    Map<String, String> tinyLog = Map.of(RedisCacheProvider.LOG_MAX_LENGTH, "1");
    Instance a = instance(server.port(), tinyLog);
    Instance b = instance(linkOfB.port(), tinyLog);
    CacheKey changed = CacheKey.of(DataKind.NEWS, "CHANGED");
    CacheKey untouched = CacheKey.of(DataKind.NEWS, "UNTOUCHED");
    a.cache().put(changed, "old");
    a.cache().put(untouched, "kept");
    assertThat(b.cache().get(changed, String.class)).isEqualTo("old");
    assertThat(b.cache().get(untouched, String.class)).isEqualTo("kept");
    Logger followerLog = (Logger) LoggerFactory.getLogger("io.tradingagents.cache.internal.LogFollower");
    ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    warnings.start();
    followerLog.addAppender(warnings);
    try {
      linkOfB.cut();
      await().atMost(Duration.ofSeconds(10)).until(() -> b.tier().disconnects.get() >= 1);
      a.cache().put(changed, "new");
      for (int i = 0; i < 500; i++) { // far more than the log keeps: B's position is trimmed away
        a.cache().put(CacheKey.of(DataKind.NEWS, "FILLER" + i), "x");
      }
      int logReads = b.tier().logReadCalls.get();
      linkOfB.restore();
      await().atMost(Duration.ofSeconds(20)).until(() -> reconnected(b, 2, logReads)
          && b.tier().logGaps.get() >= 1);

      assertThat(b.cache().get(changed, String.class)).isEqualTo("new");
      assertThat(b.cache().get(untouched, String.class)).isEqualTo("kept"); // re-read from Redis
      String portOfB = ":" + linkOfB.port() + "/";
      List<ILoggingEvent> warnsOfB = warnings.list.stream().filter(e -> e.getLevel() == Level.WARN
          && e.getFormattedMessage().contains(portOfB)).toList();
      long warns = warnsOfB.size();
      log.info("Log trimmed past B's position: {} gap(s) seen, {} WARN line(s)", b.tier().logGaps.get(), warns);
      assertThat(warns).as("WARN lines about the trimmed log").isEqualTo(1);
      assertThat(warnsOfB.get(0).getFormattedMessage()).contains("[default]");
    } finally {
      followerLog.detachAppender(warnings);
    }
  }

  /** @return whether reading {@code key} was answered by the in-process tier */
  private static boolean inProcessHit(AdaptiveCache cache, CacheKey key) {
    long before = memoryHits(cache);
    return cache.get(key, String.class) != null && memoryHits(cache) == before + 1;
  }

  private static long memoryHits(AdaptiveCache cache) {
    return cache.stats().tiers().stream().filter(t -> t.tier().equals("memory")).findFirst().orElseThrow()
        .hits();
  }

  @Test
  void maxServeWithoutLogZero_dropsInProcessCopiesAsSoonAsTheSubscriptionIsLost() {
    server = RedisProcess.launch();
    TcpProxy linkOfB = new TcpProxy(server.port());
    resources.add(linkOfB);
    Instance b = instance(linkOfB.port(), Map.of(), Duration.ZERO);
    CacheKey key = CacheKey.of(DataKind.NEWS, "HELD");
    b.cache().put(key, "held");
    assertThat(inProcessHit(b.cache(), key)).isTrue();

    linkOfB.cut();
    await().atMost(Duration.ofSeconds(10)).until(() -> b.tier().disconnects.get() >= 1);

    assertThat(inProcessHit(b.cache(), key)).as("served from memory after the subscription was lost").isFalse();
  }

  @Test
  void maxServeWithoutLogBound_servesInProcessCopiesUntilItRunsOut_thenDropsThem() {
    server = RedisProcess.launch();
    TcpProxy linkOfB = new TcpProxy(server.port());
    resources.add(linkOfB);
    Instance b = instance(linkOfB.port(), Map.of(), Duration.ofSeconds(2));
    CacheKey key = CacheKey.of(DataKind.NEWS, "HELD");
    b.cache().put(key, "held");

    linkOfB.cut();
    await().atMost(Duration.ofSeconds(10)).until(() -> b.tier().disconnects.get() >= 1);
    long lostAt = System.nanoTime();
    boolean heldRightAfter = inProcessHit(b.cache(), key);
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
        .until(() -> !inProcessHit(b.cache(), key));
    long droppedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lostAt);

    log.info("maxServeWithoutLog 2s: in-process copy dropped {} ms after the subscription was lost",
        droppedAfterMillis);
    assertThat(heldRightAfter).as("served from memory right after the subscription was lost").isTrue();
  }
}
