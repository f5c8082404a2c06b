package io.tradingagents.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.spi.TierSettings;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Two "app instances" (two caches, each with its own tier, pool and subscriber) sharing one real Redis:
 * cross-instance single-flight through the Redis lock, and in-process copies kept consistent through the
 * invalidation bus, including across a cut connection on either side (a {@link TcpProxy} per instance
 * drops its links). The assertions count loader calls and stale reads; the waits are for events.
 */
class RedisCrossInstanceTest {
  private static final CacheKey KEY = CacheKey.of(DataKind.FUNDAMENTALS, "600519");
  private static RedisProcess server;
  private final List<AutoCloseable> resources = new ArrayList<>();

  @BeforeAll
  static void startServer() {
    server = RedisProcess.launch();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable resource : resources) {
      resource.close();
    }
    try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
      jedis.flushAll(); // the test's own server
    }
  }

  /** One app instance. */
  private record Instance(AdaptiveCache cache, ObservedTier tier) {}

  private Instance instance(int port) {
    ObservedTier tier = new ObservedTier(new RedisCacheProvider().open(TierSettings.of(Map.of(
        RedisCacheProvider.HOST, "127.0.0.1", RedisCacheProvider.PORT, String.valueOf(port)),
        Clock.systemUTC())));
    AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).tier(tier)
        .probeInterval(Duration.ofMillis(100)).build();
    resources.add(cache);
    await().atMost(Duration.ofSeconds(5)).until(() -> tier.subscriptions.get() >= 1);
    return new Instance(cache, tier);
  }

  private TcpProxy proxy() {
    TcpProxy proxy = new TcpProxy(server.port());
    resources.add(0, proxy); // closed after the caches
    return proxy;
  }

  @Test
  void coldKey_32ThreadsOnEachOfTwoInstances_slowLoader_runsOnceInTotal() throws Exception {
    Instance a = instance(server.port());
    Instance b = instance(server.port());
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(64);
    List<Future<String>> results = new ArrayList<>();
    try {
      for (int i = 0; i < 64; i++) {
        AdaptiveCache cache = i % 2 == 0 ? a.cache() : b.cache();
        results.add(pool.submit(() -> cache.get(KEY, String.class, k -> {
          calls.incrementAndGet();
          release.await(30, TimeUnit.SECONDS);
          return "loaded";
        })));
      }
      // Release the load only once the other instance has been refused the lock and is waiting on it.
      await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1
          && a.tier().locksAcquired.get() + b.tier().locksAcquired.get() == 1
          && a.tier().locksRefused.get() + b.tier().locksRefused.get() >= 2);
      release.countDown();
      for (Future<String> result : results) {
        assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo("loaded");
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(calls).hasValue(1);
    assertThat(a.cache().stats().loads() + b.cache().stats().loads()).isEqualTo(1);
  }

  @Test
  void putOnA_isSeenByBsNextRead_onceTheMessageArrived() {
    Instance a = instance(server.port());
    Instance b = instance(server.port());
    a.cache().put(KEY, "v0");
    assertThat(b.cache().get(KEY, String.class)).isEqualTo("v0"); // now in B's memory
    int stale = 0;

    for (int i = 1; i <= 50; i++) {
      long before = b.tier().receivedFor(KEY.asString());
      a.cache().put(KEY, "v" + i);
      await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
          .until(() -> b.tier().receivedFor(KEY.asString()) > before);
      stale += ("v" + i).equals(b.cache().get(KEY, String.class)) ? 0 : 1;
    }

    assertThat(stale).isZero();
    long before = b.tier().receivedFor(KEY.asString());
    a.cache().invalidate(KEY);
    await().atMost(Duration.ofSeconds(5)).until(() -> b.tier().receivedFor(KEY.asString()) > before);
    assertThat(b.cache().get(KEY, String.class)).isNull();
  }

  @Test
  void receiverCutOff_missesTheInvalidation_yetNeverServesTheOldValueAfterReconnecting() {
    TcpProxy linkOfB = proxy();
    Instance a = instance(server.port());
    Instance b = instance(linkOfB.port());
    a.cache().put(KEY, "old");
    assertThat(b.cache().get(KEY, String.class)).isEqualTo("old");

    linkOfB.cut();
    a.cache().put(KEY, "new"); // the message to B is lost: B has no connection
    // Keep B cut off until its subscriber has tried to come back and been refused.
    await().atMost(Duration.ofSeconds(5)).until(() -> linkOfB.refused.get() >= 1);
    linkOfB.restore();

    int stale = 0;
    int reads = 0;
    int afterResubscribed = 0;
    while (afterResubscribed < 100) {
      String value = b.cache().get(KEY, String.class);
      reads++;
      stale += "old".equals(value) ? 1 : 0;
      if (b.tier().subscriptions.get() >= 2 && b.cache().backendInfo().isAvailable("redis")
          && "new".equals(value)) {
        afterResubscribed++;
      }
      assertThat(reads).as("B never came back").isLessThan(1_000_000);
    }

    assertThat(stale).as("reads of the old value on B after it reconnected, out of %d", reads).isZero();
    assertThat(b.tier().dropAllReceived()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void senderCutOff_publishesWhatItMissedOnReconnect_andTheReceiverStopsServingTheOldValue() {
    TcpProxy linkOfA = proxy();
    Instance a = instance(linkOfA.port());
    Instance b = instance(server.port());
    a.cache().put(KEY, "old");
    assertThat(b.cache().get(KEY, String.class)).isEqualTo("old");

    linkOfA.cut();
    a.cache().put(KEY, "new"); // neither the write nor its message reaches Redis
    await().atMost(Duration.ofSeconds(5)).until(() -> linkOfA.refused.get() >= 1);
    long before = b.tier().receivedFor(KEY.asString());
    linkOfA.restore();

    // A's next probe round replays the write Redis missed and publishes the message it kept; B drops its
    // copy and reads A's value from Redis (no loader: the value can only come from A).
    await().atMost(Duration.ofSeconds(10)).until(() -> b.tier().receivedFor(KEY.asString()) > before);
    int stale = 0;
    int fresh = 0;
    for (int i = 0; i < 100; i++) {
      String read = b.cache().get(KEY, String.class);
      stale += "old".equals(read) ? 1 : 0;
      fresh += "new".equals(read) ? 1 : 0;
    }

    assertThat(stale).isZero();
    assertThat(fresh).isEqualTo(100);
  }
}
