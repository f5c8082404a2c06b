package io.tradingagents.cache.redis;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.util.Pool;

/**
 * Owns the Jedis client of one tier and hides the topology: a {@link RedisClient} for a single server, a
 * {@link RedisSentinelClient} that follows the master Sentinel names, or a {@link RedisClusterClient} whose
 * multi-key work is split by node. The Sentinel and Cluster clients contact servers when they are built,
 * so they are built lazily, on the first call that needs them: a tier whose servers are down at start-up
 * is still created (and kept down by the engine's guard until a probe succeeds).
 *
 * <p>Thread-safe. Never blocks a caller behind another caller's connection attempt: while one thread
 * builds the client, others fail at once with a {@link JedisConnectionException}.
 */
final class RedisConnector implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisConnector.class);
  /** How often the cluster client re-reads the slot map on its own (it also does on MOVED). */
  private static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(30);

  private final RedisOptions options;
  /** Whether the client is the tier's own (closed with it) rather than the application's. */
  private final boolean ownsClient;
  private final ReentrantLock building = new ReentrantLock();
  private final AtomicInteger subscriberRotation = new AtomicInteger();
  private volatile @Nullable UnifiedJedis client;
  private volatile @Nullable ClusterConnectionProvider clusterProvider;
  private volatile @Nullable ExecutorService pipelineExecutor;
  private volatile boolean closed;

  /**
   * @param options validated options; a single server's client is built at once (it connects lazily),
   *     Sentinel and Cluster clients on first use
   */
  RedisConnector(RedisOptions options) {
    this.options = requireNonNull(options, "options");
    this.ownsClient = true;
    if (options.mode == RedisOptions.Mode.STANDALONE) {
      // Building it opens no connection: the pool connects on first use.
      this.client = RedisClient.builder()
          .hostAndPort(options.endpoints.get(0))
          .clientConfig(options.clientConfig())
          .poolConfig(options.poolConfig())
          .build();
    }
  }

  /**
   * A connector on an application's own client, which {@link #close()} leaves open. What it opens itself:
   * in a Cluster, the threads that read the nodes' pipeline answers in parallel.
   *
   * @param options options made by {@link RedisOptions#external}
   * @param client the application's client
   */
  RedisConnector(RedisOptions options, UnifiedJedis client) {
    this.options = requireNonNull(options, "options");
    this.ownsClient = false;
    this.client = requireNonNull(client, "client");
    if (client instanceof RedisClusterClient) {
      pipelineExecutor = newPipelineExecutor();
    }
  }

  /** @return the options */
  RedisOptions options() {
    return options;
  }

  /** @return whether the servers form a Redis Cluster */
  boolean isCluster() {
    return options.mode == RedisOptions.Mode.CLUSTER;
  }

  /**
   * @return the client, built now if it was not yet
   * @throws JedisConnectionException if it cannot be built now (servers unreachable, or another thread is
   *     building it)
   * @throws IllegalStateException if the connector is closed
   */
  UnifiedJedis client() {
    UnifiedJedis current = client;
    if (current != null) {
      return current;
    }
    if (!building.tryLock()) {
      throw new JedisConnectionException("Connecting to Redis " + options.address() + " is in progress");
    }
    try {
      if (closed) {
        throw new IllegalStateException("The Redis tier is closed");
      }
      current = client;
      if (current == null) {
        current = build();
        client = current;
        log.atInfo().setMessage("Connected to Redis {}").addArgument(options.address())
            .addKeyValue("event", "redis_connected").addKeyValue("tier", "redis").log();
      }
      return current;
    } finally {
      building.unlock();
    }
  }

  private UnifiedJedis build() {
    if (options.mode == RedisOptions.Mode.SENTINEL) {
      return RedisSentinelClient.builder()
          .masterName(requireNonNull(options.sentinelMaster, "sentinelMaster"))
          .sentinels(new LinkedHashSet<>(options.endpoints))
          .clientConfig(options.clientConfig())
          .sentinelClientConfig(options.sentinelClientConfig())
          .poolConfig(options.poolConfig())
          .build();
    }
    ClusterConnectionProvider provider = new ClusterConnectionProvider(new LinkedHashSet<>(options.endpoints),
        options.clientConfig(), options.poolConfig(), TOPOLOGY_REFRESH);
    try {
      RedisClusterClient cluster = RedisClusterClient.builder()
          .nodes(new LinkedHashSet<>(options.endpoints))
          .clientConfig(options.clientConfig())
          .connectionProvider(provider)
          // One retry after a redirect or a dropped connection; never the client's multi-second budget.
          .maxAttempts(2)
          .maxTotalRetriesDuration(options.timeout.multipliedBy(3))
          .build();
      pipelineExecutor = newPipelineExecutor();
      clusterProvider = provider;
      return cluster;
    } catch (RuntimeException e) {
      provider.close();
      throw e;
    }
  }

  private ExecutorService newPipelineExecutor() {
    AtomicInteger threads = new AtomicInteger();
    return Executors.newFixedThreadPool(Math.max(2, Math.min(8, options.poolMax)), r -> {
      Thread thread = new Thread(r, "tradingagents-cache-redis-pipeline-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * @return a pipeline: on one server, or (Cluster) one that sends each node its commands and reads the
   *     nodes' answers in parallel, so a batch costs one round trip per node
   */
  AbstractPipeline pipelined() {
    UnifiedJedis current = client();
    if (current instanceof RedisClusterClient) {
      ExecutorService executor = requireNonNull(pipelineExecutor, "pipelineExecutor");
      return ((RedisClusterClient) current).pipelined(executor);
    }
    return current.pipelined();
  }

  /**
   * @param slot a hash slot
   * @return the master that serves it by the Cluster client's slot map; {@code null} if the map is unknown
   *     (not a Cluster, or an application's own client, whose map is not shown) or has no node for it
   */
  @Nullable HostAndPort nodeOf(int slot) {
    ClusterConnectionProvider provider = clusterProvider;
    return provider == null ? null : provider.getNode(slot);
  }

  /**
   * @return a connection pool per master: one for a single server or a Sentinel master, one per master
   *     of a Cluster (its replicas left out)
   * @throws JedisConnectionException if no master is known
   */
  List<Pool<Connection>> primaries() {
    UnifiedJedis current = client();
    List<Pool<Connection>> pools = new ArrayList<>();
    if (current instanceof RedisClient) {
      pools.add(((RedisClient) current).getPool());
    } else if (current instanceof RedisSentinelClient) {
      pools.addAll(((RedisSentinelClient) current).getPrimaryNodesConnectionMap().values());
    } else if (clusterProvider != null) {
      pools.addAll(clusterProvider.getPrimaryNodes().values());
    } else {
      pools.addAll(masters(((RedisClusterClient) current).getClusterNodes().values()));
    }
    if (pools.isEmpty()) {
      throw new JedisConnectionException("No Redis master is known for " + options.address());
    }
    return pools;
  }

  /**
   * @param nodes every node an application's cluster client knows, replicas included
   * @return the masters among them, each asked with {@code ROLE}; a node that does not answer is left out
   */
  private static List<Pool<Connection>> masters(java.util.Collection<? extends Pool<Connection>> nodes) {
    List<Pool<Connection>> masters = new ArrayList<>();
    for (Pool<Connection> node : nodes) {
      try (Connection connection = node.getResource()) {
        List<Object> role = new redis.clients.jedis.Jedis(connection).role();
        if (!role.isEmpty() && "master".equals(text(role.get(0)))) {
          masters.add(node);
        }
      } catch (JedisConnectionException e) {
        log.debug("A Redis Cluster node did not answer ROLE", e);
      }
    }
    return masters;
  }

  private static String text(Object reply) {
    return reply instanceof byte[] ? new String((byte[]) reply, java.nio.charset.StandardCharsets.UTF_8)
        : String.valueOf(reply);
  }

  /**
   * @return where the invalidation subscriber should connect now: the server, Sentinel's current master,
   *     or (Cluster, where every node relays every message) one of the masters in turn
   */
  HostAndPort subscriberAddress() {
    switch (options.mode) {
      case STANDALONE:
        if (options.endpoints.isEmpty()) { // an application's client: ask one of its connections
          try (Connection connection = ((RedisClient) client()).getPool().getResource()) {
            return connection.getHostAndPort();
          }
        }
        return options.endpoints.get(0);
      case SENTINEL:
        return ((RedisSentinelClient) client()).getCurrentMaster();
      default:
        UnifiedJedis current = client();
        ClusterConnectionProvider provider = clusterProvider;
        List<String> masters = new ArrayList<>(provider != null ? provider.getPrimaryNodes().keySet()
            : ((RedisClusterClient) current).getClusterNodes().keySet()); // any node relays every message
        if (masters.isEmpty()) {
          if (options.endpoints.isEmpty()) {
            throw new JedisConnectionException("The application's Redis Cluster client knows no node yet");
          }
          return options.endpoints.get(Math.floorMod(subscriberRotation.getAndIncrement(),
              options.endpoints.size()));
        }
        return HostAndPort.from(masters.get(Math.floorMod(subscriberRotation.getAndIncrement(),
            masters.size())));
    }
  }

  /** @return a short description of the topology for status output */
  Map<String, String> describe() {
    return Map.of("mode", options.mode.name().toLowerCase(Locale.ROOT),
        "address", options.address());
  }

  @Override
  public void close() {
    building.lock();
    try {
      closed = true;
    } finally {
      building.unlock();
    }
    UnifiedJedis current = client;
    client = null;
    if (current != null && ownsClient) {
      try {
        current.close();
      } catch (RuntimeException e) {
        log.debug("Closing the Redis client of {} failed", options.address(), e);
      }
    }
    ExecutorService executor = pipelineExecutor;
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
