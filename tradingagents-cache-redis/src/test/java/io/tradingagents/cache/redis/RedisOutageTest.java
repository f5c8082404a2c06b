package io.tradingagents.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.CacheStats;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.PerformanceMode;
import io.tradingagents.cache.spi.MemoryTier;
import io.tradingagents.cache.spi.TierKind;
import io.tradingagents.cache.spi.TierSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/**
 * Redis failing under load, with the defaults (200 ms operation timeout, 1 s health probe): eight threads
 * read and write through a cache that also has a second tier (an in-memory stand-in of kind FILE) while
 * the redis-server process is killed and restarted, or frozen with SIGSTOP and resumed. What callers see
 * is counted: exceptions (none), reads answered, and calls slower than the operation timeout.
 */
class RedisOutageTest {
  private static final Logger log = LoggerFactory.getLogger(RedisOutageTest.class);
  private static final int THREADS = 8;
  private static final Duration OPERATION_TIMEOUT = RedisCacheProvider.DEFAULT_TIMEOUT;
  private static final int BEFORE = 0;
  private static final int FAILING = 1;
  private static final int DOWN = 2;
  private static final int BACK = 3;

  private RedisProcess server;
  private ObservedTier redis;
  private AdaptiveCache cache;

  @BeforeEach
  void start() {
    server = RedisProcess.launch();
    redis = new ObservedTier(new RedisCacheProvider().open(TierSettings.of(Map.of(
        RedisCacheProvider.HOST, "127.0.0.1", RedisCacheProvider.PORT, String.valueOf(server.port())),
        Clock.systemUTC())));
    cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).tier(redis)
        .tier(new MemoryTier("file", TierKind.FILE, 64 << 20, Clock.systemUTC())).build();
    assertThat(cache.performanceMode()).isEqualTo(PerformanceMode.FAST);
  }

  @AfterEach
  void stop() {
    cache.close();
    server.close();
  }

  private CacheStats.TierStats redisStats() {
    return cache.stats().tiers().stream().filter(t -> t.tier().equals("redis")).findFirst().orElseThrow();
  }

  @Test
  void killedServer_callersNeverFail_stopWaitingOnceTheBreakerOpens_andRedisIsUsedAgainAfterRestart() {
    Workload load = new Workload(cache, THREADS, OPERATION_TIMEOUT);
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> load.calls(BEFORE) >= 2_000);

      load.phase(FAILING);
      server.kill();
      await().atMost(Duration.ofSeconds(10)).until(() -> !cache.backendInfo().isAvailable("redis"));
      load.phase(DOWN);
      await().atMost(Duration.ofSeconds(10)).until(() -> load.everyThreadFinishedACallIn(DOWN));
      long rejectedBefore = redisStats().rejected();
      int tierCallsBefore = redis.dataCalls.get();
      await().atMost(Duration.ofSeconds(10)).until(() -> load.calls(DOWN) >= 20_000);
      long rejectedWhileDown = redisStats().rejected() - rejectedBefore;
      int tierCallsWhileDown = redis.dataCalls.get() - tierCallsBefore;
      assertThat(cache.performanceMode()).isEqualTo(PerformanceMode.STANDARD);

      server.start(); // same port, no restart of the cache
      await().atMost(Duration.ofSeconds(10)).until(() -> cache.performanceMode() == PerformanceMode.FAST);
      load.phase(BACK);
      await().atMost(Duration.ofSeconds(10)).until(() -> load.calls(BACK) >= 2_000);
      load.stop();

      log.info("Killed server: {}; rejected while down: {}; Redis calls while down: {}", load.summary(),
          rejectedWhileDown, tierCallsWhileDown);
      assertThat(load.failures).as("exceptions that reached a caller").isEmpty();
      assertThat(rejectedWhileDown).as("calls the open breaker answered at no cost").isPositive();
      assertThat(tierCallsWhileDown).as("calls that went to Redis once the breaker was open").isZero();
      // Only the window before the breaker opens can make callers wait on Redis (see the frozen case).
      assertThat(load.slowCalls.get(FAILING)).as("calls slower than the operation timeout: %s", load.summary())
          .isLessThanOrEqualTo(3L * THREADS);
      assertThat(load.answeredReads.get(DOWN)).as("reads answered by the other tiers").isPositive();
    } finally {
      load.stop();
    }
    CacheKey marker = CacheKey.of(DataKind.NEWS, "AFTER");
    cache.put(marker, "written after the restart");
    try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
      assertThat(jedis.exists(marker.asString())).as("the restarted server receives writes again").isTrue();
    }
  }

  @Test
  void frozenServer_onlyAFewCallsWaitOneTimeout_noneFail_andRedisIsUsedAgainWhenItResumes() {
    Workload load = new Workload(cache, THREADS, OPERATION_TIMEOUT);
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> load.calls(BEFORE) >= 2_000);

      load.phase(FAILING);
      int tierCallsBefore;
      int tierCallsWhileDown;
      server.pause();
      try {
        await().atMost(Duration.ofSeconds(10)).until(() -> !cache.backendInfo().isAvailable("redis"));
        load.phase(DOWN);
        await().atMost(Duration.ofSeconds(10)).until(() -> load.everyThreadFinishedACallIn(DOWN));
        tierCallsBefore = redis.dataCalls.get();
        // Stay frozen for several seconds: until three health probes (one a second) have timed out.
        int probesBefore = redis.pingFailures.get();
        await().atMost(Duration.ofSeconds(20)).until(() -> redis.pingFailures.get() >= probesBefore + 3);
        tierCallsWhileDown = redis.dataCalls.get() - tierCallsBefore;
      } finally {
        server.resume();
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> cache.performanceMode() == PerformanceMode.FAST);
      load.phase(BACK);
      await().atMost(Duration.ofSeconds(10)).until(() -> load.calls(BACK) >= 2_000);
      load.stop();

      log.info("Frozen server: {}; slow calls in total: {}; Redis calls while down: {}", load.summary(),
          load.totalSlowCalls(), tierCallsWhileDown);
      assertThat(load.failures).as("exceptions that reached a caller").isEmpty();
      assertThat(tierCallsWhileDown).as("calls that went to Redis once the breaker was open").isZero();
      // The calls in flight when the server froze wait for it (at most a pool wait plus one operation
      // timeout per Redis call they make); once the breaker opens nobody waits. The bound leaves room
      // for a scheduling or GC stall on a busy machine; without the breaker every caller would wait on
      // every call for as long as the freeze lasts (dozens of slow calls per thread here).
      assertThat(load.slowCalls.get(FAILING)).as("the freeze was real: in-flight calls had to wait")
          .isPositive();
      // Only the window before the breaker opens can make callers wait on Redis; slow calls before the
      // freeze, after it opened (asserted above: no call reaches Redis) or after the resume are the
      // machine's scheduling, not the cache's, and a loaded CI machine has them.
      assertThat(load.slowCalls.get(FAILING)).as("calls slower than the operation timeout: %s", load.summary())
          .isLessThanOrEqualTo(3L * THREADS);
      assertThat(load.answeredReads.get(DOWN)).isPositive();
    } finally {
      load.stop();
    }
  }
}
