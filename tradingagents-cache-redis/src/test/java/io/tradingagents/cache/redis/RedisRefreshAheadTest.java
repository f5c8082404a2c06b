package io.tradingagents.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.CacheLoader;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.TtlPolicy;
import io.tradingagents.cache.internal.DefaultAdaptiveCache;
import io.tradingagents.cache.spi.TierSettings;
import io.tradingagents.cache.testing.MutableClock;
import io.tradingagents.market.RefreshAhead;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Refresh-ahead on two instances sharing one real {@code redis-server}: both run their rounds at the same
 * moment, and each hot key is reloaded once (the Redis lock decides which instance); the other instance
 * serves the new value from Redis.
 */
class RedisRefreshAheadTest {
  private static final Duration TTL = Duration.ofMinutes(10);
  private static final int KEYS = 20;

  private static RedisProcess server;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-04T15:00:00Z"));
  private final List<AdaptiveCache> caches = new ArrayList<>();

  @BeforeAll
  static void startServer() {
    server = RedisProcess.launch();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @AfterEach
  void closeCaches() {
    caches.forEach(AdaptiveCache::close);
  }

  private DefaultAdaptiveCache instance() {
    AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock)
        .tier(new RedisCacheProvider().open(TierSettings.of(Map.of(RedisCacheProvider.HOST, "127.0.0.1",
            RedisCacheProvider.PORT, String.valueOf(server.port())), clock)))
        .ttlPolicy(TtlPolicy.builder().ttl(DataKind.NEWS, TTL).build())
        .refreshAhead(RefreshAhead.builder().kinds(DataKind.NEWS).jitter(Duration.ZERO).ratePerSecond(1000)
            .tick(Duration.ofHours(1)).build())
        .build();
    caches.add(cache);
    return (DefaultAdaptiveCache) cache;
  }

  @Test
  void twoInstancesRefreshingTogether_reloadEachKeyOnce() throws Exception {
    DefaultAdaptiveCache a = instance();
    DefaultAdaptiveCache b = instance();
    Map<CacheKey, AtomicInteger> calls = new ConcurrentHashMap<>();
    CacheLoader<String> upstream = k -> "v" + calls.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
    List<CacheKey> keys = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      CacheKey key = CacheKey.builder(DataKind.NEWS, "SYM" + i).source("tushare").build();
      keys.add(key);
      assertThat(a.get(key, String.class, upstream)).isEqualTo("v1");
      assertThat(b.get(key, String.class, upstream)).isEqualTo("v1"); // from Redis: both hold it hot
    }
    clock.advance(TTL.minusSeconds(30));

    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger started = new AtomicInteger();
    List<Thread> rounds = new ArrayList<>();
    for (DefaultAdaptiveCache instance : List.of(a, b)) {
      Thread round = new Thread(() -> {
        try {
          go.await(30, TimeUnit.SECONDS);
          started.addAndGet(instance.refreshNow());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      round.start();
      rounds.add(round);
    }
    go.countDown();
    for (Thread round : rounds) {
      round.join(60_000);
    }

    assertThat(calls.values()).hasSize(KEYS).allSatisfy(count -> assertThat(count).hasValue(2));
    for (CacheKey key : keys) { // the instance that did not reload drops its copy on the invalidation message
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        assertThat(a.get(key, String.class)).isEqualTo("v2");
        assertThat(b.get(key, String.class)).isEqualTo("v2");
      });
    }
    assertThat(calls.values()).allSatisfy(count -> assertThat(count).hasValue(2));
    assertThat(started.get()).isBetween(KEYS, 2 * KEYS);
  }
}
