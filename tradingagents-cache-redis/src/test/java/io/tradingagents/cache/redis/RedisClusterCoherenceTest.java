package io.tradingagents.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.spi.Invalidation;
import io.tradingagents.cache.spi.TierSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientPauseMode;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Two "app instances" on a real three-master Cluster. A write is stored and announced in one round trip
 * there: the entries go to their nodes and the log script to the node of the namespace's stream, which
 * run them independently, so the announcement may reach other instances before the write is stored. The
 * announcement carries the write's version, and the receiver keeps no older value in memory. The test
 * makes the overtaking certain: the key's node is paused for writes ({@code CLIENT PAUSE .. WRITE}) while
 * the stream's node is not.
 */
class RedisClusterCoherenceTest {
  private static RedisCluster cluster;
  private final List<AutoCloseable> resources = new ArrayList<>();

  @BeforeAll
  static void startCluster() {
    cluster = new RedisCluster();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable resource : resources) {
      resource.close();
    }
    cluster.flushAll();
  }

  /** One app instance. */
  private record Instance(AdaptiveCache cache, ObservedTier tier) {}

  private Instance instance() {
    ObservedTier tier = new ObservedTier(new RedisCacheProvider().open(TierSettings.of(Map.of(
        RedisCacheProvider.CLUSTER_NODES, cluster.seeds(),
        RedisCacheProvider.TIMEOUT, "10s"), Clock.systemUTC()))); // outlasts the pause below
    AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).tier(tier)
        .probeInterval(Duration.ofMinutes(1)).build();
    resources.add(cache);
    await().atMost(Duration.ofSeconds(10)).until(() -> tier.subscriptions.get() >= 1);
    return new Instance(cache, tier);
  }

  /** @return the node (index in {@link RedisCluster#nodes()}) that serves {@code key}'s slot */
  private static int nodeOf(String key) {
    return JedisClusterCRC16.getSlot(key) * cluster.nodes().size() / 16_384;
  }

  /** @return a key of the default namespace whose node is not the node of that namespace's log */
  private static CacheKey keyAwayFromTheLog() {
    int logNode = nodeOf(RedisInvalidationLog.PREFIX + CacheKey.DEFAULT_NAMESPACE);
    for (int i = 0; ; i++) {
      CacheKey key = CacheKey.of(DataKind.FUNDAMENTALS, "S" + i);
      if (nodeOf(key.asString()) != logNode) {
        return key;
      }
    }
  }

  @Test
  void anAnnouncementThatOvertakesItsWrite_neverLeavesTheOldValueInAnotherInstancesMemory() throws Exception {
    Instance a = instance();
    Instance b = instance();
    CacheKey key = keyAwayFromTheLog();
    a.cache().put(key, "old");
    assertThat(b.cache().get(key, String.class)).isEqualTo("old"); // now in B's memory
    long announced = b.tier().receivedFor(key.asString());

    CompletableFuture<Void> write;
    try (Jedis node = cluster.jedis(nodeOf(key.asString()))) {
      node.clientPause(30_000, ClientPauseMode.WRITE); // reads go on; the SET waits
      try {
        write = CompletableFuture.runAsync(() -> a.cache().put(key, "new"));
        await().atMost(Duration.ofSeconds(10)).until(() -> b.tier().receivedFor(key.asString()) > announced);
        Invalidation message = b.tier().received.get(b.tier().received.size() - 1);
        assertThat(message.versions()).as("the announcement carries the write's version").hasSize(1);

        assertThat(b.cache().get(key, String.class)).as("Redis has not stored the write yet").isEqualTo("old");
        assertThat(write).isNotDone();
      } finally {
        node.clientUnpause();
      }
    }
    write.get(10, TimeUnit.SECONDS);

    long memoryHits = b.cache().stats().tiers().get(0).hits();
    assertThat(b.cache().get(key, String.class)).as("the old value was not kept in memory").isEqualTo("new");
    assertThat(b.cache().get(key, String.class)).isEqualTo("new");
    assertThat(b.cache().stats().tiers().get(0).hits()).as("the new value is kept").isEqualTo(memoryHits + 1);
  }
}
