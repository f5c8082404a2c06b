package io.tradingagents.cache.redis;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisMovedDataException;
import redis.clients.jedis.params.MigrateParams;

/**
 * A real three-master Redis Cluster on loopback ports for tests: three {@link RedisProcess}es with
 * {@code cluster-enabled yes}, joined with {@code CLUSTER MEET}, the 16384 slots split in three with
 * {@code CLUSTER ADDSLOTS}; ready when every node reports {@code cluster_state:ok} and knows all three
 * slot ranges.
 */
final class RedisCluster implements AutoCloseable {
  private static final int SLOTS = 16_384;
  private final List<RedisProcess> nodes = new ArrayList<>();

  RedisCluster() {
    try {
      for (int i = 0; i < 3; i++) {
        nodes.add(RedisProcess.launch("cluster-enabled yes", "cluster-config-file nodes.conf",
            "cluster-node-timeout 5000"));
      }
      for (int i = 1; i < nodes.size(); i++) {
        try (Jedis first = jedis(0)) {
          first.clusterMeet("127.0.0.1", nodes.get(i).port());
        }
      }
      for (int i = 0; i < nodes.size(); i++) {
        int from = SLOTS * i / nodes.size();
        int to = SLOTS * (i + 1) / nodes.size();
        try (Jedis node = jedis(i)) {
          node.clusterAddSlots(IntStream.range(from, to).toArray());
        }
      }
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(this::ready);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  private boolean ready() {
    for (int i = 0; i < nodes.size(); i++) {
      try (Jedis node = jedis(i)) {
        String info = node.clusterInfo();
        if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + nodes.size())
            || !info.contains("cluster_slots_ok:" + SLOTS)) {
          return false;
        }
      }
    }
    return true;
  }

  /** @return a plain connection to node {@code i} */
  Jedis jedis(int i) {
    return new Jedis("127.0.0.1", nodes.get(i).port());
  }

  /** @return the nodes */
  List<RedisProcess> nodes() {
    return nodes;
  }

  /** @return {@code host:port,host:port,host:port}, as {@code REDIS_CLUSTER_NODES} takes it */
  String seeds() {
    return nodes.stream().map(RedisProcess::address).collect(Collectors.joining(","));
  }

  /**
   * @param key a key
   * @return the index of the master that serves the key's slot (every other master answers MOVED)
   */
  int masterOf(String key) {
    for (int i = 0; i < nodes.size(); i++) {
      try (Jedis node = jedis(i)) {
        node.exists(key);
        return i;
      } catch (JedisMovedDataException e) {
        // served by another master
      }
    }
    throw new AssertionError("no master serves " + key);
  }

  /** Moves a slot and its keys from one master to another, as {@code redis-cli --cluster reshard} does. */
  void moveSlot(int slot, int from, int to) {
    try (Jedis source = jedis(from); Jedis target = jedis(to)) {
      String sourceId = source.clusterMyId();
      String targetId = target.clusterMyId();
      target.clusterSetSlotImporting(slot, sourceId);
      source.clusterSetSlotMigrating(slot, targetId);
      List<String> keys = source.clusterGetKeysInSlot(slot, 1000);
      if (!keys.isEmpty()) {
        source.migrate("127.0.0.1", nodes.get(to).port(), 0, 5000, MigrateParams.migrateParams(),
            keys.toArray(String[]::new));
      }
      for (int i = 0; i < nodes.size(); i++) {
        try (Jedis node = jedis(i)) {
          node.clusterSetSlotNode(slot, targetId);
        }
      }
    }
  }

  /** Empties every node (the test's own servers). */
  void flushAll() {
    for (int i = 0; i < nodes.size(); i++) {
      try (Jedis node = jedis(i)) {
        node.flushAll();
      }
    }
  }

  @Override
  public void close() {
    nodes.forEach(RedisProcess::close);
  }
}
