package io.tradingagents.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.spi.MemoryTier;
import io.tradingagents.cache.spi.TierKind;
import io.tradingagents.cache.testing.MutableClock;
import io.tradingagents.cache.testing.SharedMemoryTier;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two cache instances sharing one server: cross-instance single-flight and invalidation. */
class CrossInstanceTest {
  private static final CacheKey KEY = CacheKey.of(DataKind.FUNDAMENTALS, "600519");

  private final MutableClock clock = new MutableClock();
  private final SharedMemoryTier server = new SharedMemoryTier(clock);
  private final SharedMemoryTier.Connection connA = server.connection();
  private final SharedMemoryTier.Connection connB = server.connection();
  private final AdaptiveCache a = instance(connA);
  private final AdaptiveCache b = instance(connB);

  private AdaptiveCache instance(io.tradingagents.cache.spi.CacheTier connection) {
    return AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock).tier(connection)
        .probeInterval(Duration.ofMinutes(1)).build();
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
  }

  @Test
  void replayOfAWriteTheTierMissed_neverReplacesALaterWriteOfAnotherInstance() {
    io.tradingagents.cache.testing.FlakyTier linkOfC = new io.tradingagents.cache.testing.FlakyTier(
        server.connection());
    try (DefaultAdaptiveCache c = (DefaultAdaptiveCache) instance(linkOfC)) {
      CacheKey older = CacheKey.of(DataKind.NEWS, "OLDER");
      CacheKey newer = CacheKey.of(DataKind.NEWS, "NEWER");
      linkOfC.down = true;
      c.put(older, "c-missed"); // kept for the replay
      clock.advance(Duration.ofSeconds(1));
      b.put(older, "b-later"); // written after C's: must survive the replay
      b.put(newer, "b-earlier");
      clock.advance(Duration.ofSeconds(1));
      c.put(newer, "c-missed-later"); // written after B's: the replay must land

      linkOfC.down = false;
      c.runMaintenance(); // the probe sees the tier answer and replays what it missed

      AdaptiveCache fresh = instance(server.connection());
      try {
        assertThat(fresh.get(older, String.class)).isEqualTo("b-later");
        assertThat(fresh.get(newer, String.class)).isEqualTo("c-missed-later");
      } finally {
        fresh.close();
      }
    }
  }

  @Test
  void coldKey_manyThreadsOnTwoInstances_loadOnceInTotal() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(32);
    List<Future<String>> results = new ArrayList<>();
    try {
      for (int i = 0; i < 32; i++) {
        AdaptiveCache instance = i % 2 == 0 ? a : b;
        results.add(pool.submit(() -> instance.get(KEY, String.class, k -> {
          calls.incrementAndGet();
          release.await(10, TimeUnit.SECONDS);
          return "loaded";
        })));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() >= 1);
      release.countDown();
      for (Future<String> f : results) {
        assertThat(f.get(20, TimeUnit.SECONDS)).isEqualTo("loaded");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(calls).hasValue(1);
  }

  @Test
  void aBulkLoad_locksEachKeyOnItsOwn_loadingWhatItLockedAtOnce_andAwaitingTheRest() throws Exception {
    CacheKey k0 = CacheKey.of(DataKind.NEWS, "K0");
    CacheKey k1 = CacheKey.of(DataKind.NEWS, "K1");
    CacheKey k2 = CacheKey.of(DataKind.NEWS, "K2");
    CountDownLatch release = new CountDownLatch(1);
    List<java.util.Set<CacheKey>> callsOfA = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<java.util.Set<CacheKey>> callsOfB = new java.util.concurrent.CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Map<CacheKey, String>> onA = pool.submit(() -> a.getAll(List.of(k0, k1), String.class, keys -> {
        callsOfA.add(java.util.Set.copyOf(keys));
        release.await(10, TimeUnit.SECONDS);
        return Map.of(k0, "a0", k1, "a1");
      }));
      await().atMost(Duration.ofSeconds(10)).until(() -> callsOfA.size() == 1);

      Future<Map<CacheKey, String>> onB = pool.submit(() -> b.getAll(List.of(k1, k2), String.class, keys -> {
        callsOfB.add(java.util.Set.copyOf(keys));
        return Map.of(k2, "b2");
      }));
      await().atMost(Duration.ofSeconds(10)).until(() -> callsOfB.size() == 1); // not held up by A's batch
      assertThat(callsOfB).containsExactly(java.util.Set.of(k2)); // k1 is A's to load
      release.countDown();

      assertThat(onB.get(10, TimeUnit.SECONDS)).containsExactly(Map.entry(k1, "a1"), Map.entry(k2, "b2"));
      assertThat(onA.get(10, TimeUnit.SECONDS)).containsExactly(Map.entry(k0, "a0"), Map.entry(k1, "a1"));
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
    assertThat(callsOfB).hasSize(1);
  }

  @Test
  void aRepairStuckOnASlowServer_neverHoldsUpTheLeaseRenewalOfALoad() throws Exception {
    SharedMemoryTier.Connection connection = server.connection();
    AdaptiveCache slowA = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock)
        .tier(connection).loadLockLease(Duration.ofMillis(300)).probeInterval(Duration.ofMillis(20)).build();
    CountDownLatch releaseRepair = new CountDownLatch(1);
    CountDownLatch releaseLoad = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(1);
    try {
      connection.holdReplays = releaseRepair;
      connection.failNextPut = true;
      slowA.put(CacheKey.of(DataKind.NEWS, "MISSED"), "kept for the repair");
      await().atMost(Duration.ofSeconds(10)).until(() -> connection.replaysHeld.get() == 1); // repair stuck

      Future<String> load = pool.submit(() -> slowA.get(KEY, String.class, k -> {
        releaseLoad.await(20, TimeUnit.SECONDS);
        return "loaded";
      }));
      await().atMost(Duration.ofSeconds(10)).until(() -> server.extensions.get() >= 2);
      releaseLoad.countDown();

      assertThat(load.get(10, TimeUnit.SECONDS)).isEqualTo("loaded");
      assertThat(connection.replaysHeld).hasValue(1);
    } finally {
      releaseRepair.countDown();
      releaseLoad.countDown();
      pool.shutdownNow();
      slowA.close();
    }
  }

  @Test
  void aLoadSlowerThanTheLease_keepsItsLock_soTheOtherInstanceStillWaits() throws Exception {
    AdaptiveCache slowA = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock)
        .tier(server.connection()).loadLockLease(Duration.ofMillis(300)).probeInterval(Duration.ofMinutes(1))
        .build();
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<String> first = pool.submit(() -> slowA.get(KEY, String.class, k -> {
        calls.incrementAndGet();
        release.await(20, TimeUnit.SECONDS);
        return "loaded";
      }));
      await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1);
      int extended = server.extensions.get();
      clock.advance(Duration.ofSeconds(1)); // without renewal the lease would now have run out
      await().atMost(Duration.ofSeconds(10)).until(() -> server.extensions.get() > extended);

      Future<String> second = pool.submit(() -> b.get(KEY, String.class, k -> {
        calls.incrementAndGet();
        return "loaded twice";
      }));
      await().atMost(Duration.ofSeconds(10)).until(() -> server.refusals.get() >= 1); // B waits for A
      release.countDown();

      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("loaded");
      assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("loaded");
    } finally {
      pool.shutdownNow();
      slowA.close();
    }
    assertThat(calls).hasValue(1);
  }

  @Test
  void putOnA_isSeenByBsNextRead() {
    a.put(KEY, "v1");
    assertThat(b.get(KEY, String.class)).isEqualTo("v1"); // now in B's memory

    a.put(KEY, "v2");

    assertThat(b.get(KEY, String.class)).isEqualTo("v2");
    a.invalidate(KEY);
    assertThat(b.get(KEY, String.class)).isNull();
  }

  @Test
  void aWriteThatMissedTheSharedTier_isAnnouncedOnlyOnceRepaired_soOthersNeverKeepTheOldValue() {
    a.put(KEY, "old");
    assertThat(b.get(KEY, String.class)).isEqualTo("old");
    connA.failNextPut = true;

    a.put(KEY, "new"); // the shared tier still holds "old": announcing now would make B re-read it
    b.get(KEY, String.class); // B reads in the window before the repair
    ((DefaultAdaptiveCache) a).runMaintenance(); // repairs the shared tier, then announces

    assertThat(b.get(KEY, String.class)).isEqualTo("new");
  }

  @Test
  void anInvalidationFromAnotherInstance_alsoReachesThisInstancesFiles() {
    MemoryTier filesOfB = new MemoryTier("file", TierKind.FILE, 1 << 20, clock);
    SharedMemoryTier.Connection connC = server.connection();
    try (AdaptiveCache c = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock)
        .tier(connC).tier(filesOfB).probeInterval(Duration.ofMinutes(1)).build()) {
      c.put(KEY, "old"); // in C's memory, the shared tier and C's own files

      a.put(KEY, "new");

      await().atMost(Duration.ofSeconds(5)).until(() -> filesOfB.get(KEY.asString()) == null);
      assertThat(c.get(KEY, String.class)).isEqualTo("new");
    }
  }

  @Test
  void receiverCutOff_dropsItsCopiesOnReconnect_andNeverServesTheOldValueAfter() {
    a.put(KEY, "old");
    assertThat(b.get(KEY, String.class)).isEqualTo("old");
    connB.cut();

    a.put(KEY, "new"); // B misses this message
    connB.restore();

    int stale = 0;
    for (int i = 0; i < 100; i++) {
      stale += "old".equals(b.get(KEY, String.class)) ? 1 : 0;
    }
    assertThat(stale).isZero();
  }

  @Test
  void senderCutOff_publishesWhatItMissedOnReconnect() {
    a.put(KEY, "old");
    assertThat(b.get(KEY, String.class)).isEqualTo("old");
    connA.cut();

    a.put(KEY, "new"); // stored, but the message cannot be sent
    connA.restore();
    ((DefaultAdaptiveCache) a).runMaintenance(); // the probe round publishes what was kept

    assertThat(b.get(KEY, String.class)).isEqualTo("new");
  }
}
