package io.tradingagents.cache.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.CacheConfigurationException;
import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.spi.DistributedLock;
import io.tradingagents.cache.spi.Invalidation;
import io.tradingagents.cache.spi.InvalidationBus;
import io.tradingagents.cache.spi.InvalidationLog;
import io.tradingagents.cache.spi.TierEntry;
import io.tradingagents.cache.spi.TierKind;
import io.tradingagents.cache.spi.TierUsage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisRedirectionException;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.util.JedisClusterCRC16;
import redis.clients.jedis.util.Pool;

/**
 * The Redis tier. Each entry is one Redis string under its canonical key (which starts with
 * {@code ta:}, so a database shared with other applications is never touched outside that prefix): a
 * 17-byte header with the entry's times, then the engine's bytes, stored with {@code SET .. PX} so Redis
 * itself drops it when it expires. Batches take one round trip ({@code MGET} or a pipeline; in a Cluster
 * one per node), deletes use {@code UNLINK}, and namespace removal {@code SCAN}s every master; the tier
 * never sends {@code KEYS}, {@code FLUSHDB} or {@code FLUSHALL}.
 *
 * <p>The tier also offers a {@link DistributedLock} (keys under {@value RedisLock#PREFIX}) and an
 * {@link InvalidationBus} (pub/sub channel {@value RedisInvalidationBus#CHANNEL_PREFIX}{@code <db>}) and an
 * {@link InvalidationLog} (a stream per namespace under {@value RedisInvalidationLog#PREFIX}, in a Cluster
 * sharded so that every master logs the keys it stores); all three
 * live outside every namespace prefix, so {@link #removeNamespace} never touches them.
 *
 * <p>Every operation is bounded by the configured operation timeout (default 200 ms) and throws on
 * failure; the engine's guard turns failures into a down tier and probes it with {@link #ping()}.
 * Thread-safe. {@link #close()} stops the subscriber thread and closes the pool (never an application's
 * own client, see {@link #using}); it is idempotent.
 */
public final class RedisTier implements CacheTier {
  private static final Logger log = LoggerFactory.getLogger(RedisTier.class);

  private final RedisOptions options;
  private final RedisConnector connector;
  private final Clock clock;
  private final RedisLock lock;
  private final RedisInvalidationBus bus;
  private final RedisInvalidationLog invalidationLog;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final LongAdder malformed = new LongAdder();
  private volatile @Nullable String serverVersion;

  /**
   * Creates the tier; opens no connection yet (see {@link #verifyCredentials()}).
   *
   * @param options validated options
   */
  RedisTier(RedisOptions options) {
    this(options, new RedisConnector(options));
  }

  private RedisTier(RedisOptions options, RedisConnector connector) {
    this.options = requireNonNull(options, "options");
    this.clock = options.clock;
    this.connector = connector;
    this.lock = new RedisLock(connector);
    this.bus = new RedisInvalidationBus(connector);
    this.invalidationLog = new RedisInvalidationLog(connector, bus.channel());
  }

  /**
   * A tier on the application's own Jedis client, for an application that already has one (pass the tier
   * to {@code AdaptiveCacheBuilder.tier(..)}). The tier never closes the client: {@link #close()} and the
   * cache's {@code close()} leave it open, and the application closes it after the cache.
   *
   * <p>What the tier opens itself: the invalidation subscriber's connection (one at a time, reopened after
   * a loss; a subscription cannot share a pooled connection), built from {@code clientConfig} on RESP2,
   * with a keepalive thread; in a Cluster, a small pool of daemon threads that read the nodes' pipeline
   * answers in parallel. Everything else (reads, writes, the lock, the invalidation log, namespace
   * removal, health probes) goes through {@code client}'s own connections. The client's timeouts bound
   * every call: give it cache-sized ones (the tier's own default is 200 ms), or a hung server costs each
   * caller the client's timeout until the circuit breaker opens.
   *
   * @param client a {@link RedisClient} (single server), {@link redis.clients.jedis.RedisSentinelClient} or
   *     {@link redis.clients.jedis.RedisClusterClient}
   * @param clientConfig the configuration {@code client} was built with: its credentials, TLS and
   *     database are used for the subscriber's connection, and its database names the invalidation channel
   *     ({@value RedisInvalidationBus#CHANNEL_PREFIX}{@code <db>}), which instances configured by
   *     {@code REDIS_*} settings on the same database share
   * @param clock the cache's clock, for entry times ({@code Clock.systemUTC()} unless the cache's builder
   *     was given another)
   * @return the tier; it connects lazily, like the client
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code client} is another kind of {@code UnifiedJedis}, whose
   *     servers the tier cannot enumerate for namespace removal and health probes
   */
  public static RedisTier using(UnifiedJedis client, JedisClientConfig clientConfig, Clock clock) {
    requireNonNull(client, "client");
    requireNonNull(clientConfig, "clientConfig");
    requireNonNull(clock, "clock");
    RedisOptions.Mode mode;
    if (client instanceof RedisClusterClient) {
      mode = RedisOptions.Mode.CLUSTER;
    } else if (client instanceof RedisSentinelClient) {
      mode = RedisOptions.Mode.SENTINEL;
    } else if (client instanceof RedisClient) {
      mode = RedisOptions.Mode.STANDALONE;
    } else {
      throw new IllegalArgumentException("RedisTier.using needs a RedisClient, RedisSentinelClient or "
          + "RedisClusterClient but got a " + client.getClass().getName() + "; build one of those, or "
          + "configure the tier by REDIS_* settings instead");
    }
    RedisOptions options = RedisOptions.external(mode, clientConfig, clock);
    return new RedisTier(options, new RedisConnector(options, client));
  }

  /**
   * Connects once and sends {@code PING}, so that a wrong password or user fails at start-up with a clear
   * message. A server that cannot be reached is not an error here: the tier starts down and the engine
   * probes it.
   *
   * @throws CacheConfigurationException if the server refuses the credentials
   */
  void verifyCredentials() {
    try {
      ping();
    } catch (RuntimeException e) {
      JedisDataException rejection = RedisErrors.credentialsRejected(e);
      if (rejection != null) {
        close();
        throw RedisErrors.badCredentials(options, rejection);
      }
      log.debug("Redis {} did not answer at start-up", options.address(), e);
    }
  }

  /** @return {@code redis} */
  @Override
  public String name() {
    return "redis";
  }

  /** @return {@link TierKind#REDIS} */
  @Override
  public TierKind kind() {
    return TierKind.REDIS;
  }

  /**
   * @param key a canonical key
   * @return the entry, or {@code null} if absent, expired or not in this tier's format
   * @throws RuntimeException if Redis cannot be reached in time
   */
  @Override
  public @Nullable TierEntry get(String key) {
    byte[] raw = connector.client().get(bytes(requireNonNull(key, "key")));
    log.debug("GET {} -> {}", key, raw == null ? "miss" : "hit");
    return raw == null ? null : live(key, raw, clock.millis());
  }

  /**
   * Reads many keys in one round trip: {@code MGET} on one server; in a Cluster, where one {@code MGET} may
   * only name keys of one hash slot, a pipeline of {@code GET}s per node, the nodes' answers read in
   * parallel (one round trip per node). Each entry found is a view of the reply's bytes (no copy).
   *
   * @param keys canonical keys, no duplicates
   * @return the entries found, absent and expired keys left out, in the order of {@code keys}
   * @throws RuntimeException if Redis cannot be reached in time
   */
  @Override
  public Map<String, TierEntry> getAll(Collection<String> keys) {
    int size = requireNonNull(keys, "keys").size();
    if (size == 0) {
      return new LinkedHashMap<>();
    }
    String[] ordered = keys.toArray(new String[0]);
    byte[][] keyBytes = new byte[ordered.length][];
    for (int i = 0; i < keyBytes.length; i++) {
      keyBytes[i] = bytes(ordered[i]);
    }
    List<byte[]> raws = connector.isCluster() ? pipelinedGets(keyBytes) : connector.client().mget(keyBytes);
    Map<String, TierEntry> found = new LinkedHashMap<>((int) (ordered.length / 0.75f) + 1);
    long now = clock.millis();
    for (int i = 0; i < ordered.length; i++) {
      byte[] raw = raws.get(i);
      TierEntry entry = raw == null ? null : live(ordered[i], raw, now);
      if (entry != null) {
        found.put(ordered[i], entry);
      }
    }
    log.debug("MGET {} keys -> {} hits", ordered.length, found.size());
    return found;
  }

  /** One pipeline of {@code GET}s, split by node; the nodes' answers are read in parallel. */
  private List<byte[]> pipelinedGets(byte[][] keys) {
    List<Response<byte[]>> responses = new ArrayList<>(keys.length);
    try (AbstractPipeline pipeline = connector.pipelined()) {
      for (byte[] key : keys) {
        responses.add(pipeline.get(key));
      }
      pipeline.sync();
    }
    List<byte[]> raws = new ArrayList<>(keys.length);
    for (Response<byte[]> response : responses) {
      raws.add(response.get());
    }
    return raws;
  }

  /**
   * Stores the entry with a Redis expiry at its {@code expiresAtMillis}; an entry that has already
   * expired removes the key instead.
   *
   * @param key a canonical key
   * @param entry the entry
   * @throws RuntimeException if Redis cannot be reached in time
   */
  @Override
  public void put(String key, TierEntry entry) {
    requireNonNull(key, "key");
    requireNonNull(entry, "entry");
    long ttl = entry.remainingMillis(clock.millis());
    if (ttl <= 0) {
      connector.client().unlink(bytes(key));
    } else {
      connector.client().set(bytes(key), entry.stored(), SetParams.setParams().px(ttl));
    }
    log.debug("SET {} ({} bytes, ttl {} ms)", key, entry.length(), ttl);
  }

  /**
   * Stores many entries in one pipeline (one round trip; one per node in a Cluster).
   *
   * @param entries entries by canonical key
   * @throws RuntimeException if Redis cannot be reached in time or refuses a write
   */
  @Override
  public void putAll(Map<String, TierEntry> entries) {
    putAllAndAppend(entries, Map.of());
  }

  /**
   * Stores many entries and appends to the invalidation log in one pipeline on one connection: the
   * {@code SET}s, then one log script per namespace ({@code XADD} and {@code PUBLISH}), so the server has
   * stored every entry before it logs them, in one round trip. In a Cluster, a write whose keys are all on
   * one master (every one-key write) ends that master's pipeline with the log script on a {@linkplain
   * RedisInvalidationLog shard} of the log that the same master serves: one round trip. Other writes, and
   * every write through an application's own Cluster client (whose slot map is not shown), are logged on
   * each namespace's first shard once every master has answered (two round trips); a write whose keys or
   * shard moved during the call (a resharding) is logged again then. A master that redirects the {@code
   * SET} (MOVED or ASK: a resharding the client's slot map missed) still runs the log script, so the key is
   * announced before it is stored; the call then throws, and the engine repairs the write and announces it
   * again after its next probe round. A log script a master redirects is sent again alone.
   *
   * @param entries entries by canonical key
   * @param appends the invalidation to append to each namespace's log
   * @return whether every append was made (the entries were stored either way)
   * @throws RuntimeException if Redis cannot be reached in time or refuses a write
   */
  @Override
  public boolean putAllAndAppend(Map<String, TierEntry> entries, Map<String, Invalidation> appends) {
    requireNonNull(entries, "entries");
    requireNonNull(appends, "appends");
    if (entries.isEmpty() && appends.isEmpty()) {
      return true;
    }
    long now = clock.millis();
    List<Response<?>> responses = new ArrayList<>(entries.size());
    LogAppends logAppends;
    try (AbstractPipeline pipeline = connector.pipelined()) {
      logAppends = new LogAppends(appends); // placed by the slot map the pipeline routes the SETs by
      entries.forEach((key, entry) -> {
        long ttl = entry.remainingMillis(now);
        responses.add(ttl <= 0 ? pipeline.unlink(bytes(key))
            : pipeline.set(bytes(key), entry.stored(), SetParams.setParams().px(ttl)));
      });
      logAppends.queue(pipeline);
      pipeline.sync();
    }
    boolean all = logAppends.countQueued();
    responses.forEach(Response::get); // surfaces a refused write (e.g. READONLY after a failover)
    log.debug("Pipelined SET of {} keys and {} log appends", entries.size(), appends.size());
    return logAppends.appendRest() && all;
  }

  /**
   * A write's log appends. On one server, and in a Cluster for a write whose keys are all on one master
   * (every one-key write), each namespace's log script is queued in the write's pipeline after its {@code
   * SET}s, on the namespace's stream, in a Cluster on a shard of the log that master serves: one round trip.
   * Any other Cluster write is logged once every master answered, on each namespace's first shard:
   * appending on every master it touched would save that round trip but cost a script and a message per
   * master, which measured slower here (docs/benchmarks.md).
   */
  private final class LogAppends {
    /** Cluster only: the master that stores every key of the write, if one does. */
    private final @Nullable HostAndPort master;
    /** The appends queued in the pipeline, and their replies. */
    private final List<Append> queued = new ArrayList<>();
    private final List<Response<Object>> replies = new ArrayList<>();
    /** The appends made once the pipeline was answered. */
    private final List<Append> after = new ArrayList<>();

    LogAppends(Map<String, Invalidation> appends) {
      boolean cluster = connector.isCluster();
      master = cluster ? onlyMaster(appends) : null;
      appends.forEach((namespace, invalidation) -> {
        String stream = !cluster ? invalidationLog.stream(namespace)
            : master == null ? null : invalidationLog.shardOn(namespace, master);
        (stream == null ? after : queued).add(new Append(namespace, stream, invalidation));
      });
    }

    /**
     * @return the master that stores every key of {@code appends}, or {@code null} if they are on several,
     *     a master is unknown (an application's own client), or an append is not only keys
     */
    private @Nullable HostAndPort onlyMaster(Map<String, Invalidation> appends) {
      HostAndPort only = null;
      for (Invalidation invalidation : appends.values()) {
        if (invalidation.isMarker() || !invalidation.namespacePrefixes().isEmpty() || invalidation.all()) {
          return null;
        }
        for (String key : invalidation.keys()) {
          HostAndPort node = masterOf(key);
          if (node == null || (only != null && !only.equals(node))) {
            return null;
          }
          only = node;
        }
      }
      return only;
    }

    /** Queues the appends that go in the pipeline, after the write's {@code SET}s. */
    void queue(AbstractPipeline pipeline) {
      queued.forEach(append -> replies.add(invalidationLog.append(pipeline, append.stream, append.invalidation)));
    }

    /**
     * Counts the appends the pipeline made. One a master redirected, or whose keys or shard the slot map
     * now places on another master than the one it was sent to (a resharding during the call: the master
     * that logged them may not be the one that stored them, and may have announced them first), is left to
     * {@link #appendRest}.
     *
     * @return whether every queued append was made
     */
    boolean countQueued() {
      boolean all = true;
      for (int i = 0; i < queued.size(); i++) {
        Append append = queued.get(i);
        try {
          all &= invalidationLog.countAppend(replies.get(i));
          if (master != null && !onMaster(append)) {
            after.add(append);
          }
        } catch (JedisRedirectionException e) {
          after.add(append);
        }
      }
      return all;
    }

    /** @return whether every append left for after the pipeline was made */
    boolean appendRest() {
      boolean all = true;
      for (Append append : after) {
        try {
          invalidationLog.appendChange(append.namespace, append.invalidation);
        } catch (RuntimeException e) {
          log.debug("A log append after a Cluster write failed", e);
          all = false;
        }
      }
      return all;
    }

    /** @return whether the slot map still places the queued append's stream and every key on the master */
    private boolean onMaster(Append append) {
      HostAndPort on = requireNonNull(master);
      return on.equals(masterOf(requireNonNull(append.stream)))
          && append.invalidation.keys().stream().allMatch(key -> on.equals(masterOf(key)));
    }

    /** @return the master the slot map places {@code key} on, or {@code null} if it is unknown */
    private @Nullable HostAndPort masterOf(String key) {
      return connector.nodeOf(JedisClusterCRC16.getSlot(key));
    }
  }

  /**
   * One namespace's log append.
   *
   * @param namespace the namespace
   * @param stream the stream it is queued on in the write's pipeline; {@code null} if it is made after
   * @param invalidation what changed
   */
  private record Append(String namespace, @Nullable String stream, Invalidation invalidation) {}

  /**
   * Stores the entry only if the key does not exist: one {@code SET .. NX PX} (Redis drops expired keys
   * itself, so an expired entry counts as absent).
   *
   * @param key a canonical key
   * @param entry the entry
   * @return whether it was stored; an entry that has already expired is not
   * @throws RuntimeException if Redis cannot be reached in time
   */
  @Override
  public boolean putIfAbsent(String key, TierEntry entry) {
    requireNonNull(key, "key");
    requireNonNull(entry, "entry");
    long ttl = entry.remainingMillis(clock.millis());
    if (ttl <= 0) {
      return false;
    }
    String reply = connector.client().set(bytes(key), entry.stored(),
        SetParams.setParams().nx().px(ttl));
    boolean stored = "OK".equals(reply);
    log.debug("SET NX {} -> {}", key, stored ? "stored" : "present");
    return stored;
  }

  /**
   * Stores each entry only if its key does not exist: pipelined {@code SET .. NX PX}s, one round trip
   * (one per node in a Cluster).
   *
   * @param entries entries by canonical key
   * @return how many were stored
   * @throws RuntimeException if Redis cannot be reached in time or refuses a write
   */
  @Override
  public int putAllIfAbsent(Map<String, TierEntry> entries) {
    requireNonNull(entries, "entries");
    long now = clock.millis();
    List<Response<String>> responses = new ArrayList<>(entries.size());
    if (!entries.isEmpty()) {
      try (AbstractPipeline pipeline = connector.pipelined()) {
        entries.forEach((key, entry) -> {
          long ttl = entry.remainingMillis(now);
          if (ttl > 0) {
            responses.add(pipeline.set(bytes(key), entry.stored(),
                SetParams.setParams().nx().px(ttl)));
          }
        });
        pipeline.sync();
      }
    }
    int stored = 0;
    for (Response<String> response : responses) {
      stored += "OK".equals(response.get()) ? 1 : 0;
    }
    log.debug("Pipelined SET NX of {} keys: {} stored", entries.size(), stored);
    return stored;
  }

  /**
   * Stores the entry unless the key holds an entry created after it, compared and written
   * in one Lua script on the server ({@link StoredEntry#PUT_UNLESS_NEWER}), so no write between the compare
   * and the write can be lost. A value not in the tier's format is replaced.
   *
   * @param key a canonical key
   * @param entry the entry
   * @return whether it was stored; an entry that has already expired is not
   * @throws RuntimeException if Redis cannot be reached in time
   */
  @Override
  public boolean putUnlessNewer(String key, TierEntry entry) {
    requireNonNull(key, "key");
    requireNonNull(entry, "entry");
    long ttl = entry.remainingMillis(clock.millis());
    if (ttl <= 0) {
      return false;
    }
    Object reply = connector.client().eval(StoredEntry.PUT_UNLESS_NEWER, List.of(bytes(key)),
        List.of(entry.stored(), bytes(Long.toString(ttl))));
    boolean stored = Long.valueOf(1).equals(reply);
    log.debug("SET if newer {} -> {}", key, stored ? "stored" : "a newer version is there");
    return stored;
  }

  /**
   * @param key a canonical key
   * @return whether a key was removed ({@code UNLINK}: the memory is freed in the background)
   * @throws RuntimeException if Redis cannot be reached in time
   */
  @Override
  public boolean remove(String key) {
    boolean removed = connector.client().unlink(bytes(requireNonNull(key, "key"))) > 0;
    log.debug("UNLINK {} -> {}", key, removed);
    return removed;
  }

  /**
   * Removes every key that starts with {@code prefix}: {@code SCAN MATCH prefix* COUNT 500} on every
   * master, each page's keys removed with pipelined {@code UNLINK}s. Lock keys and the bus channel live
   * outside every namespace prefix and are never matched.
   *
   * @param prefix a namespace prefix such as {@code ta:news:}
   * @return the number of keys removed
   * @throws RuntimeException if a master cannot be reached in time (keys already removed stay removed)
   */
  @Override
  public long removeNamespace(String prefix) {
    requireNonNull(prefix, "prefix");
    if (prefix.isEmpty()) {
      throw new IllegalArgumentException("prefix must not be empty");
    }
    long removed = NamespaceRemoval.remove(connector.primaries(), prefix);
    log.debug("Removed {} keys with prefix {}", removed, prefix);
    return removed;
  }

  /**
   * Sends {@code PING} (to every master in a Cluster) and, the first time it succeeds, reads the server
   * version for {@link #usage()} (best effort: {@code INFO} may be forbidden by an ACL).
   *
   * @throws RuntimeException if Redis does not answer in time, or refuses the credentials
   */
  @Override
  public void ping() {
    if (connector.isCluster()) {
      for (Pool<Connection> master : connector.primaries()) {
        try (Connection connection = master.getResource()) {
          if (!connection.ping()) {
            throw new IllegalStateException("A Redis Cluster master did not answer PING with PONG");
          }
        }
      }
    } else {
      connector.client().ping();
    }
    if (serverVersion == null) {
      readServerVersion();
    }
  }

  /** Best effort: a user whose ACL forbids {@code INFO} still gets a working tier, without a version. */
  private void readServerVersion() {
    try (Connection connection = connector.primaries().get(0).getResource()) {
      serverVersion = ServerInfo.parse(new Jedis(connection).info("server")).get("redis_version");
    } catch (RuntimeException e) {
      log.debug("Could not read the server version of Redis {}", options.address(), e);
    }
  }

  /**
   * Reports what Redis can tell cheaply. The entry count is -1: counting the tier's own keys would need a
   * full {@code SCAN}; the database's key count ({@code db_keys}, every application's keys) and the
   * server's memory ({@code used_memory}) are in the details, with the ping latency, server version, mode
   * and address. Never contains a password.
   *
   * @return the usage
   * @throws RuntimeException if Redis cannot be reached in time
   */
  @Override
  public TierUsage usage() {
    Map<String, String> details = new LinkedHashMap<>(connector.describe());
    details.put("database", String.valueOf(options.database));
    long start = System.nanoTime();
    ping();
    details.put("ping_ms", String.format(Locale.ROOT, "%.3f", (System.nanoTime() - start) / 1e6));
    long keys = 0;
    long memory = 0;
    int masters = 0;
    for (Pool<Connection> master : connector.primaries()) {
      try (Connection connection = master.getResource()) {
        Map<String, String> info = ServerInfo.parse(new Jedis(connection).info());
        keys += ServerInfo.keys(info, options.database);
        memory += ServerInfo.number(info, "used_memory");
        masters++;
      }
    }
    String version = serverVersion;
    if (version != null) {
      details.put("server_version", version);
    }
    details.put("masters", String.valueOf(masters));
    details.put("db_keys", String.valueOf(keys));
    details.put("used_memory", String.valueOf(memory));
    details.put("malformed_entries", String.valueOf(malformed.sum()));
    details.putAll(bus.stats());
    details.putAll(invalidationLog.stats());
    return new TierUsage(-1, -1, details);
  }

  /** @return the lock on keys under {@value RedisLock#PREFIX} */
  @Override
  public Optional<DistributedLock> distributedLock() {
    return Optional.of(lock);
  }

  /** @return the bus on the pub/sub channel {@value RedisInvalidationBus#CHANNEL_PREFIX}{@code <db>} */
  @Override
  public Optional<InvalidationBus> invalidationBus() {
    return Optional.of(bus);
  }

  /**
   * @return the log on one stream per namespace, {@value RedisInvalidationLog#PREFIX}{@code <namespace>};
   *     in a Cluster sharded over {@value RedisInvalidationLog#SHARDS} more streams (see {@link
   *     RedisInvalidationLog})
   */
  @Override
  public Optional<InvalidationLog> invalidationLog() {
    return Optional.of(invalidationLog);
  }

  /**
   * Stops the invalidation subscriber and closes every connection the tier opened; an application's own
   * client ({@link #using}) stays open. Idempotent; data stays in Redis.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    bus.close();
    connector.close();
    log.debug("Redis tier {} closed", options.address());
  }

  private @Nullable TierEntry live(String key, byte[] raw, long now) {
    TierEntry entry = TierEntry.ofStored(raw);
    if (entry == null) {
      malformed.increment();
      log.debug("Ignoring Redis key {}: its value is not in the tier's format", key);
      return null;
    }
    return entry.isExpired(now) ? null : entry;
  }

  private static byte[] bytes(String key) {
    return key.getBytes(UTF_8);
  }

  @Override
  public String toString() {
    return "RedisTier{" + options.mode.name().toLowerCase(Locale.ROOT) + ' ' + options.address() + '}';
  }
}
