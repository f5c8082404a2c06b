package io.tradingagents.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A real three-master Redis Cluster on loopback for the benchmarks: three {@link RedisServerProcess}es
 * (the embedded-redis jar's {@code redis-server} 6.2) with {@code cluster-enabled yes}, joined with
 * {@code CLUSTER MEET}, the 16,384 slots split in three equal ranges with {@code CLUSTER ADDSLOTS}. It is
 * ready when every node reports {@code cluster_state:ok}, knows the three nodes and sees every slot served.
 * No replicas: a benchmark measures the masters' round trips, not failover.
 *
 * <p>Redis 6.2 listens for the cluster bus on its port + 10,000, so each node's port is at most 55,535 and
 * its bus port is free when it starts. {@link #close()} kills the three servers and deletes their
 * directories. Not a benchmark. Not thread-safe: set up and torn down by one thread.
 */
final class RedisClusterProcess implements AutoCloseable {
  /** Hash slots of a Redis Cluster. */
  static final int SLOTS = 16_384;
  private static final int MASTERS = 3;
  private static final int BUS_PORT_OFFSET = 10_000;
  private static final long READY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final List<RedisServerProcess> nodes = new ArrayList<>(MASTERS);

  private RedisClusterProcess() {
  }

  /**
   * @return a started cluster whose three masters serve every slot
   * @throws IllegalStateException if a node does not start, or the cluster is not ready within 30 s
   */
  static RedisClusterProcess launch() {
    RedisClusterProcess cluster = new RedisClusterProcess();
    try {
      for (int i = 0; i < MASTERS; i++) {
        cluster.nodes.add(RedisServerProcess.launch(freeClusterPort(), List.of("cluster-enabled yes",
            "cluster-config-file nodes.conf", "cluster-node-timeout 5000")));
      }
      try (Jedis first = cluster.jedis(0)) {
        for (int i = 1; i < MASTERS; i++) {
          first.clusterMeet("127.0.0.1", cluster.nodes.get(i).port());
        }
      }
      for (int i = 0; i < MASTERS; i++) {
        try (Jedis node = cluster.jedis(i)) {
          node.clusterAddSlots(IntStream.range(SLOTS * i / MASTERS, SLOTS * (i + 1) / MASTERS).toArray());
        }
      }
      cluster.awaitReady();
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * @return a free loopback port of at most 55,535 whose bus port (+ 10,000) is free as well
   * @throws IllegalStateException if none is found in 100 tries
   */
  private static int freeClusterPort() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = RedisServerProcess.freePort();
      if (port + BUS_PORT_OFFSET <= 65_535 && isFree(port + BUS_PORT_OFFSET)) {
        return port;
      }
    }
    throw new IllegalStateException("No free loopback port pair (port, port + " + BUS_PORT_OFFSET
        + ") for a Redis Cluster node in 100 tries; free some ports below 65,536 and run again");
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Polls every node's {@code CLUSTER INFO} every 50 ms (a bounded start-up wait, not a measurement). */
  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT_NANOS;
    while (!ready()) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("The Redis Cluster on " + seeds() + " did not report cluster_state:ok"
            + " with " + MASTERS + " nodes and " + SLOTS + " slots on every node within 30 s");
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  private boolean ready() {
    for (int i = 0; i < MASTERS; i++) {
      try (Jedis node = jedis(i)) {
        String info = node.clusterInfo();
        if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + MASTERS)
            || !info.contains("cluster_slots_ok:" + SLOTS)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * @param i the node, 0 to 2
   * @return a plain (non-cluster) connection to that node, for setup checks; the caller closes it
   */
  Jedis jedis(int i) {
    return new Jedis("127.0.0.1", nodes.get(i).port());
  }

  /** @return the masters' addresses, as a cluster client takes its seeds */
  Set<HostAndPort> nodes() {
    Set<HostAndPort> seeds = new LinkedHashSet<>();
    nodes.forEach(node -> seeds.add(new HostAndPort("127.0.0.1", node.port())));
    return seeds;
  }

  /** @return {@code 127.0.0.1:port,...}, as {@code REDIS_CLUSTER_NODES} takes it */
  String seeds() {
    return nodes().stream().map(HostAndPort::toString).collect(Collectors.joining(","));
  }

  /**
   * @return the keys each master holds ({@code DBSIZE}), in node order
   */
  List<Long> keysPerNode() {
    List<Long> counts = new ArrayList<>(MASTERS);
    for (int i = 0; i < nodes.size(); i++) {
      try (Jedis node = jedis(i)) {
        counts.add(node.dbSize());
      }
    }
    return counts;
  }

  /** Kills the servers that run and deletes their directories. Idempotent. */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (RedisServerProcess node : nodes) {
      try {
        node.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "Redis Cluster " + seeds();
  }
}
