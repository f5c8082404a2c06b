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
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Sentinel: a master, a replica and three sentinels, all real processes on loopback ports. The cache is
 * built from {@code REDIS_SENTINELS} and {@code REDIS_SENTINEL_MASTER} alone and must follow a failover
 * while a writer runs: no exception reaches the writer, and writes after the failover land on the new
 * master and read back.
 */
class RedisSentinelTest {
  private static final String MASTER_NAME = "mymaster";
  private final List<RedisProcess> processes = new ArrayList<>();
  private RedisProcess master;
  private RedisProcess replica;
  private final List<RedisProcess> sentinels = new ArrayList<>();

  @BeforeEach
  void startTopology() {
    master = track(RedisProcess.launch());
    replica = track(RedisProcess.launch("replicaof 127.0.0.1 " + master.port()));
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
        .until(() -> info(replica).contains("master_link_status:up"));
    for (int i = 0; i < 3; i++) {
      sentinels.add(track(RedisProcess.launch(RedisProcess.freePort(), true, List.of(
          "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + master.port() + " 2",
          "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
          "sentinel failover-timeout " + MASTER_NAME + " 5000"))));
    }
    // Ready when every sentinel knows the replica and the other two sentinels.
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
      for (RedisProcess sentinel : sentinels) {
        try (Jedis jedis = jedis(sentinel)) {
          if (jedis.sentinelReplicas(MASTER_NAME).isEmpty() || jedis.sentinelSentinels(MASTER_NAME).size() < 2) {
            return false;
          }
        }
      }
      return true;
    });
  }

  @AfterEach
  void stopTopology() {
    processes.forEach(RedisProcess::close);
  }

  private RedisProcess track(RedisProcess process) {
    processes.add(process);
    return process;
  }

  private static Jedis jedis(RedisProcess process) {
    return new Jedis("127.0.0.1", process.port());
  }

  private static String info(RedisProcess process) {
    try (Jedis jedis = jedis(process)) {
      return jedis.info("replication");
    }
  }

  private Map<String, String> sentinelSettings() {
    String addresses = sentinels.stream().map(RedisProcess::address).collect(Collectors.joining(","));
    return Map.of("REDIS_SENTINELS", addresses, "REDIS_SENTINEL_MASTER", MASTER_NAME);
  }

  /** @return a cache whose Redis tier is discovered from the sentinel settings */
  private AdaptiveCache cacheFromSentinels() {
    return AdaptiveCache.builder().discoverTiers(true).probeInterval(Duration.ofMillis(200))
        .environment(sentinelSettings()).build();
  }

  private int currentMasterPort() {
    try (Jedis jedis = jedis(sentinels.get(0))) {
      return Integer.parseInt(jedis.sentinelGetMasterAddrByName(MASTER_NAME).get(1));
    }
  }

  @Test
  void sentinelFailover_whileAWriterRuns_cacheFollowsTheNewMaster_withoutRestartOrCallerErrors()
      throws Exception {
    followsFailover(() -> {
      try (Jedis sentinel = jedis(sentinels.get(0))) {
        assertThat(sentinel.sentinelFailover(MASTER_NAME)).isEqualTo("OK");
      }
    }, false);
  }

  @Test
  void masterKilled_whileAWriterRuns_cacheFollowsThePromotedReplica_withoutRestartOrCallerErrors()
      throws Exception {
    followsFailover(master::kill, true);
  }

  /**
   * @param trigger starts the failover
   * @param subscriptionLost whether the old master goes away, so the invalidation subscriber must find
   *     the new master through Sentinel
   */
  private void followsFailover(Runnable trigger, boolean subscriptionLost) throws Exception {
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    AtomicInteger writes = new AtomicInteger();
    ObservedTier tier = new ObservedTier(new RedisCacheProvider().open(
        TierSettings.of(sentinelSettings(), Clock.systemUTC())));
    try (AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).tier(tier)
        .probeInterval(Duration.ofMillis(200)).build()) {
      assertThat(cache.backendInfo().isAvailable("redis")).isTrue();
      Thread writer = new Thread(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          try {
            int i = writes.incrementAndGet();
            cache.put(CacheKey.of(DataKind.STOCK_DATA, "W" + (i % 100)), "write-" + i);
          } catch (Throwable t) {
            failures.add(t);
          }
        }
      }, "sentinel-writer");
      writer.start();
      try {
        await().atMost(Duration.ofSeconds(10)).until(() -> writes.get() >= 500);
        trigger.run();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
            .until(() -> currentMasterPort() == replica.port());
        // Followed: a write made now through the cache lands on the new master.
        AtomicInteger probe = new AtomicInteger();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
          CacheKey key = CacheKey.of(DataKind.NEWS, "PROBE" + probe.incrementAndGet());
          cache.put(key, "probe");
          try (Jedis newMaster = jedis(replica)) {
            return newMaster.exists(key.asString());
          }
        });
        int before = writes.get();
        await().atMost(Duration.ofSeconds(10)).until(() -> writes.get() >= before + 500);
      } finally {
        writer.interrupt();
        writer.join(10_000);
      }
      assertThat(failures).as("exceptions that reached the writer").isEmpty();
      if (subscriptionLost) {
        await().atMost(Duration.ofSeconds(10)).until(() -> tier.subscriptions.get() >= 2);
      }

      List<CacheKey> after = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        CacheKey key = CacheKey.of(DataKind.FUNDAMENTALS, "AFTER" + i);
        cache.put(key, "after-" + i);
        after.add(key);
      }
      try (Jedis newMaster = jedis(replica);
          AdaptiveCache other = cacheFromSentinels()) {
        for (int i = 0; i < after.size(); i++) {
          assertThat(newMaster.exists(after.get(i).asString())).isTrue();
          assertThat(other.get(after.get(i), String.class)).isEqualTo("after-" + i);
        }
      }
    }
  }

  /** The highest index whose write had completed by {@code nanos}, or 0. */
  private static int completedBy(java.util.concurrent.atomic.AtomicLongArray doneAt, int written, long nanos) {
    int low = 0;
    int high = written;
    while (low < high) { // completion times grow with the index: binary search
      int mid = (low + high + 1) >>> 1;
      long at = doneAt.get(mid);
      if (at != 0 && at <= nanos) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return low;
  }

  @Test
  void masterKilled_underATwoInstanceWorkload_theReaderReadsNoOldValueOnceTheWriterIsBack() throws Exception {
    CacheKey hot = CacheKey.of(DataKind.STOCK_DATA, "FAILOVER");
    int capacity = 2_000_000;
    java.util.concurrent.atomic.AtomicLongArray doneAt = new java.util.concurrent.atomic.AtomicLongArray(capacity);
    AtomicInteger written = new AtomicInteger();
    AtomicInteger onceKeys = new AtomicInteger();
    java.util.concurrent.atomic.AtomicLong recoveredAt = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
    java.util.concurrent.atomic.AtomicLong killedAt = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
    java.util.concurrent.atomic.LongAdder[] reads = {new java.util.concurrent.atomic.LongAdder(),
        new java.util.concurrent.atomic.LongAdder(), new java.util.concurrent.atomic.LongAdder()};
    java.util.concurrent.atomic.LongAdder[] stale = {new java.util.concurrent.atomic.LongAdder(),
        new java.util.concurrent.atomic.LongAdder(), new java.util.concurrent.atomic.LongAdder()};
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    ObservedTier tierOfA = new ObservedTier(new RedisCacheProvider().open(
        TierSettings.of(sentinelSettings(), Clock.systemUTC())));
    ObservedTier tierOfB = new ObservedTier(new RedisCacheProvider().open(
        TierSettings.of(sentinelSettings(), Clock.systemUTC())));
    try (AdaptiveCache a = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).tier(tierOfA)
            .probeInterval(Duration.ofMillis(200)).build();
        AdaptiveCache b = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).tier(tierOfB)
            .probeInterval(Duration.ofMillis(200)).build()) {
      Thread writer = new Thread(() -> {
        while (!Thread.currentThread().isInterrupted() && written.get() < capacity - 1) {
          try {
            int i = written.get() + 1;
            a.put(hot, i);
            doneAt.set(i, System.nanoTime());
            written.set(i);
            // Each of these is written once, with a short TTL: if the old master loses it, the writer's
            // in-process copy must not outlive that TTL.
            a.put(CacheKey.of(DataKind.NEWS, "ONCE" + onceKeys.incrementAndGet()), "once", Duration.ofSeconds(3));
          } catch (Throwable t) {
            failures.add(t);
          }
        }
      }, "failover-writer");
      Thread reader = new Thread(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          try {
            long start = System.nanoTime();
            Integer value = b.get(hot, Integer.class);
            int phase = start < killedAt.get() ? 0 : start < recoveredAt.get() ? 1 : 2;
            reads[phase].increment();
            // Stale: A had finished a later write more than 100 ms before this read began.
            long horizon = start - java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100);
            int latest = completedBy(doneAt, written.get(), horizon);
            if (value != null && value < latest) {
              stale[phase].increment();
            }
          } catch (Throwable t) {
            failures.add(t);
          }
        }
      }, "failover-reader");
      writer.start();
      reader.start();
      try {
        await().atMost(Duration.ofSeconds(10)).until(() -> written.get() >= 500);
        killedAt.set(System.nanoTime());
        master.kill();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
            .until(() -> currentMasterPort() == replica.port());
        // Back: both instances use the new master again, and a write A finished since has reached it.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> {
          if (!a.backendInfo().isAvailable("redis") || !b.backendInfo().isAvailable("redis")
              || tierOfB.subscriptions.get() < 2) {
            return false;
          }
          int mark = written.get();
          try (AdaptiveCache fresh = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false)
              .tier(new RedisCacheProvider().open(TierSettings.of(sentinelSettings(), Clock.systemUTC())))
              .build()) {
            Integer there = fresh.get(hot, Integer.class);
            return there != null && there >= mark;
          }
        });
        recoveredAt.set(System.nanoTime());
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> System.nanoTime() >= until);
      } finally {
        writer.interrupt();
        reader.interrupt();
        writer.join(10_000);
        reader.join(10_000);
      }

      // Writes the old master acknowledged but the promoted replica never got.
      List<String> lost = new ArrayList<>();
      try (Jedis newMaster = jedis(replica)) {
        for (String key : tierOfA.acknowledged) {
          if (key.contains(":NEWS:") && !newMaster.exists(key)) {
            lost.add(key);
          }
        }
      }
      // No instance serves them from memory past their TTL (3 s).
      long expired = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(3);
      await().atMost(Duration.ofSeconds(10)).until(() -> System.nanoTime() >= expired);
      int servedAfterTtl = 0;
      for (String key : lost) {
        CacheKey once = CacheKey.parse(key);
        servedAfterTtl += a.get(once, String.class) != null || b.get(once, String.class) != null ? 1 : 0;
      }

      org.slf4j.LoggerFactory.getLogger(RedisSentinelTest.class).info("Sentinel failover (master killed), "
          + "{} writes on A: stale reads on B before {} of {}, during {} of {}, after A was back (+100 ms) {} "
          + "of {}; writes the old master acknowledged and lost: {}; served after their TTL: {}",
          written.get(), stale[0].sum(), reads[0].sum(), stale[1].sum(), reads[1].sum(), stale[2].sum(),
          reads[2].sum(), lost.size(), servedAfterTtl);
      assertThat(failures).as("exceptions that reached a caller").isEmpty();
      assertThat(reads[2].sum()).isPositive();
      assertThat(stale[2].sum()).as("old values read on B once A was back, of %d reads", reads[2].sum())
          .isZero();
      assertThat(servedAfterTtl).as("lost writes still served from memory after their TTL").isZero();
      assertThat(tierOfB.epochs).as("the reader saw the log's history change hands").hasSizeGreaterThanOrEqualTo(2);
    }
  }
}
