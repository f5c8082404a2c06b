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
import java.util.concurrent.CompletableFuture;
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
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RedisCrossInstanceTest.class);
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
  void coldKey_500AsyncCallersOnEachOfTwoInstances_loaderThatCompletesLater_runsOnceInTotal() throws Exception {
    Instance a = instance(server.port());
    Instance b = instance(server.port());
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<String> upstream = new CompletableFuture<>(); // completed by the test, on no pool thread
    List<CompletableFuture<String>> results = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      AdaptiveCache cache = i % 2 == 0 ? a.cache() : b.cache();
      results.add(cache.getAsync(KEY, String.class, (key, executor) -> {
        calls.incrementAndGet();
        return upstream;
      }));
    }
    // Complete the load only once the other instance has been refused the lock and waits on it.
    await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1
        && a.tier().locksAcquired.get() + b.tier().locksAcquired.get() == 1
        && a.tier().locksRefused.get() + b.tier().locksRefused.get() >= 2);
    upstream.complete("loaded");
    for (CompletableFuture<String> result : results) {
      assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo("loaded");
    }

    assertThat(calls).hasValue(1);
    assertThat(a.cache().stats().loads() + b.cache().stats().loads()).isEqualTo(1);
  }

  @Test
  void bulkLoads_overlappingHalvesOf200ColdKeys_16ThreadsOnEachOfTwoInstances_loadEachKeyOnceInTotal()
      throws Exception {
    Instance a = instance(server.port());
    Instance b = instance(server.port());
    Map<CacheKey, AtomicInteger> loaded = new java.util.concurrent.ConcurrentHashMap<>();
    io.tradingagents.cache.BulkCacheLoader<String> upstream = keys -> {
      Map<CacheKey, String> values = new java.util.HashMap<>();
      keys.forEach(k -> {
        loaded.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
        values.put(k, "v-" + k.symbol());
      });
      return values;
    };
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(32);
    List<Future<Map<CacheKey, String>>> results = new ArrayList<>();
    try {
      for (int t = 0; t < 32; t++) {
        AdaptiveCache cache = t % 2 == 0 ? a.cache() : b.cache();
        int offset = t * 7 % 200;
        List<CacheKey> half = java.util.stream.IntStream.range(0, 100)
            .mapToObj(i -> CacheKey.of(DataKind.NEWS, "SYM" + (offset + i) % 200)).toList();
        results.add(pool.submit(() -> {
          start.await(10, TimeUnit.SECONDS);
          return cache.getAll(half, String.class, upstream);
        }));
      }
      start.countDown();
      for (Future<Map<CacheKey, String>> result : results) {
        assertThat(result.get(60, TimeUnit.SECONDS)).hasSize(100)
            .allSatisfy((k, v) -> assertThat(v).isEqualTo("v-" + k.symbol()));
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(loaded).hasSize(200);
    assertThat(loaded.values()).allSatisfy(n -> assertThat(n).hasValue(1));
    assertThat(a.cache().stats().loads() + b.cache().stats().loads()).isEqualTo(200);
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

  /** What one instance read of KEY after a cut: stale reads, and the last of them relative to a moment. */
  private record StaleReads(int reads, int stale, int staleLaterThan100ms, long lastStaleMillis) {}

  /**
   * Reads KEY on {@code reader} for one second after {@code reconnectedNanos}, counting reads of
   * {@code old} and those later than 100 ms after it.
   */
  private static StaleReads readFor1s(AdaptiveCache reader, String old, long reconnectedNanos) {
    int reads = 0;
    int stale = 0;
    int late = 0;
    long lastStale = -1;
    long end = reconnectedNanos + TimeUnit.SECONDS.toNanos(1);
    long now;
    while ((now = System.nanoTime()) < end) {
      String value = reader.get(KEY, String.class);
      reads++;
      if (old.equals(value)) {
        stale++;
        lastStale = TimeUnit.NANOSECONDS.toMillis(now - reconnectedNanos);
        late += now - reconnectedNanos > TimeUnit.MILLISECONDS.toNanos(100) ? 1 : 0;
      }
    }
    return new StaleReads(reads, stale, late, lastStale);
  }

  private static boolean reconnected(Instance instance, int subscriptions) {
    return instance.tier().subscriptions.get() >= subscriptions
        && instance.cache().backendInfo().isAvailable("redis");
  }

  @Test
  void receiverCutOff_keepsItsInProcessTier_andDropsExactlyWhatChangedOnReconnecting() {
    TcpProxy linkOfB = proxy();
    Instance a = instance(server.port());
    Instance b = instance(linkOfB.port());
    CacheKey untouched = CacheKey.of(DataKind.FUNDAMENTALS, "000001");
    a.cache().put(KEY, "old");
    a.cache().put(untouched, "kept");
    // B reads once A's messages for both keys have been acted on: a message still on its way would drop
    // the copy B is about to read (the bus is asynchronous) and leave nothing in memory to serve cut off.
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1))
        .until(() -> b.tier().receivedFor(KEY.asString()) >= 1
            && b.tier().receivedFor(untouched.asString()) >= 1);
    assertThat(b.cache().get(KEY, String.class)).isEqualTo("old");
    assertThat(b.cache().get(untouched, String.class)).isEqualTo("kept");

    linkOfB.cut();
    a.cache().put(KEY, "new"); // the message to B is lost: B has no connection
    // Keep B cut off until its subscription was lost and a reconnection refused.
    await().atMost(Duration.ofSeconds(10)).until(() -> b.tier().disconnects.get() >= 1
        && linkOfB.refused.get() >= 1);
    assertThat(inProcessHit(b.cache(), untouched)).as("the untouched key, from memory while cut off").isTrue();
    linkOfB.restore();
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1)).until(() -> reconnected(b, 2));
    StaleReads seen = readFor1s(b.cache(), "old", System.nanoTime());

    log.info("Receiver cut off: {} of {} reads on B returned the old value after it reconnected, the last "
        + "{} ms after; {} later than 100 ms", seen.stale(), seen.reads(), seen.lastStaleMillis(),
        seen.staleLaterThan100ms());
    assertThat(seen.staleLaterThan100ms()).as("old values read on B later than 100 ms after it reconnected, "
        + "of %d reads", seen.reads()).isZero();
    assertThat(b.cache().get(KEY, String.class)).isEqualTo("new");
    assertThat(a.cache().get(KEY, String.class)).isEqualTo("new"); // the writer's side
    assertThat(inProcessHit(b.cache(), untouched)).as("the untouched key, from memory after reconnecting")
        .isTrue();
    assertThat(b.tier().dropAllReceived()).as("\"drop everything\" messages").isZero();
    assertThat(b.tier().logGaps).hasValue(0);
  }

  /** @return whether reading {@code key} ("kept") was answered by the in-process tier (nobody else reads) */
  private static boolean inProcessHit(AdaptiveCache cache, CacheKey key) {
    long before = memoryHits(cache);
    return "kept".equals(cache.get(key, String.class)) && memoryHits(cache) == before + 1;
  }

  private static long memoryHits(AdaptiveCache cache) {
    return cache.stats().tiers().stream().filter(t -> t.tier().equals("memory")).findFirst().orElseThrow()
        .hits();
  }

  @Test
  void senderCutOff_replaysAndLogsItsWriteOnReconnecting_andTheReceiverStopsServingTheOldValue() {
    TcpProxy linkOfA = proxy();
    Instance a = instance(linkOfA.port());
    Instance b = instance(server.port());
    a.cache().put(KEY, "old");
    assertThat(b.cache().get(KEY, String.class)).isEqualTo("old");

    linkOfA.cut();
    a.cache().put(KEY, "new"); // neither the write nor its log entry or message reaches Redis
    await().atMost(Duration.ofSeconds(10)).until(() -> a.tier().disconnects.get() >= 1
        && linkOfA.refused.get() >= 1);
    linkOfA.restore();
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1)).until(() -> reconnected(a, 2));
    StaleReads seen = readFor1s(b.cache(), "old", System.nanoTime());

    log.info("Sender cut off: {} of {} reads on B returned the old value after A reconnected, the last {} "
        + "ms after; {} later than 100 ms", seen.stale(), seen.reads(), seen.lastStaleMillis(),
        seen.staleLaterThan100ms());
    assertThat(seen.staleLaterThan100ms()).as("old values read on B later than 100 ms after A reconnected, "
        + "of %d reads", seen.reads()).isZero();
    assertThat(b.cache().get(KEY, String.class)).isEqualTo("new"); // no loader: only A's replay put it there
    assertThat(a.cache().get(KEY, String.class)).isEqualTo("new");
  }
}
