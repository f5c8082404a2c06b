package io.tradingagents.cache.redis;

import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.spi.CacheTierContractTest;
import io.tradingagents.cache.spi.TierSettings;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract every tier meets, run against a {@link RedisTier} on a real three-master Redis Cluster:
 * batches span slots on every node, and namespace removal scans every master.
 */
class RedisClusterTierContractTest extends CacheTierContractTest {
  private static RedisCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = new RedisCluster();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Override
  protected CacheTier createTier() {
    cluster.flushAll();
    return new RedisCacheProvider().open(TierSettings.of(
        Map.of(RedisCacheProvider.CLUSTER_NODES, cluster.seeds()), Clock.systemUTC()));
  }
}
