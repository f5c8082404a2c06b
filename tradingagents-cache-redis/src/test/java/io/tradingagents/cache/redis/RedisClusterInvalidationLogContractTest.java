package io.tradingagents.cache.redis;

import io.tradingagents.cache.spi.InvalidationLog;
import io.tradingagents.cache.spi.InvalidationLogContractTest;
import io.tradingagents.cache.spi.TierSettings;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import redis.clients.jedis.Jedis;

/**
 * The log contract, run against the Redis tier's sharded log on a real three-master Cluster; losing
 * history deletes one shard only (one master restarted without its data).
 */
class RedisClusterInvalidationLogContractTest extends InvalidationLogContractTest {
  private static RedisCluster cluster;
  private RedisTier tier;

  @BeforeAll
  static void startCluster() {
    cluster = new RedisCluster();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @AfterEach
  void closeTier() {
    tier.close();
  }

  @Override
  protected InvalidationLog createLog() {
    cluster.flushAll();
    tier = (RedisTier) new RedisCacheProvider().open(TierSettings.of(
        Map.of(RedisCacheProvider.CLUSTER_NODES, cluster.seeds()), Clock.systemUTC()));
    return tier.invalidationLog().orElseThrow();
  }

  @Override
  protected void loseHistory(String namespace) {
    String shard = RedisInvalidationLog.PREFIX + "{s0}" + namespace;
    try (Jedis node = cluster.jedis(cluster.masterOf(shard))) {
      if (node.del(shard) != 1) {
        throw new AssertionError(shard + " was not there to lose");
      }
    }
  }
}
