package io.tradingagents.cache.redis;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.spi.Invalidation;
import io.tradingagents.cache.spi.InvalidationLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The invalidation log on Redis Streams: one stream per cache namespace, key {@value #PREFIX}{@code
 * <namespace>} (outside every namespace prefix, so namespace removal never touches it), each entry one
 * field {@code m} holding the same JSON as a bus message. {@link #append} is one Lua script that runs
 * {@code XADD .. MAXLEN ~ n} (so the stream stays near its configured length without a separate trim) and
 * {@code PUBLISH}es the same message on the bus channel: one round trip for both;
 * {@link #readAfter} one {@code XRANGE} from the reader's position (inclusive: if that entry is gone,
 * the stream was trimmed past it, or lost with a restarted server). A stream is one key, so it works the
 * same on a single server, under Sentinel and in a Cluster (each namespace's stream lives on one node).
 * Thread-safe.
 */
final class RedisInvalidationLog implements InvalidationLog {
  private static final Logger log = LoggerFactory.getLogger(RedisInvalidationLog.class);
  /** The key prefix of the streams. */
  static final String PREFIX = "ta-log:";
  private static final String FIELD = "m";

  /** XADD, then PUBLISH of the same message; returns the new entry's id. */
  private static final String APPEND_AND_PUBLISH = "local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', "
      + "ARGV[1], '*', 'm', ARGV[2])\nredis.call('PUBLISH', ARGV[3], ARGV[2])\nreturn id";

  private final RedisConnector connector;
  private final String maxLength;
  private final String channel;
  /** Entries appended by this tier. */
  final AtomicLong appended = new AtomicLong();
  /** Entries read by this tier. */
  final AtomicLong read = new AtomicLong();

  /**
   * @param connector the tier's connector
   * @param channel the bus channel that {@link #append} also publishes on
   */
  RedisInvalidationLog(RedisConnector connector, String channel) {
    this.connector = requireNonNull(connector, "connector");
    this.maxLength = String.valueOf(connector.options().logMaxLength);
    this.channel = requireNonNull(channel, "channel");
  }

  /** @return true: {@link #append} publishes on the bus channel in the same script */
  @Override
  public boolean appendAlsoPublishes() {
    return true;
  }

  /** @return counters for status */
  Map<String, String> stats() {
    return Map.of("log_appended", String.valueOf(appended.get()), "log_read", String.valueOf(read.get()));
  }

  /**
   * Appends the entry and publishes it on the bus channel, in one script (one round trip). A marker (no
   * keys, no prefixes) is published too; receivers find nothing to drop in it.
   *
   * @throws RuntimeException if Redis cannot be reached in time
   */
  @Override
  public String append(String namespace, Invalidation invalidation) {
    Object id = connector.client().eval(APPEND_AND_PUBLISH, streamOf(namespace), scriptArguments(invalidation));
    appended.incrementAndGet();
    log.debug("XADD to {} and PUBLISH -> {}", namespace, id);
    return String.valueOf(id);
  }

  private static List<String> streamOf(String namespace) {
    return List.of(PREFIX + requireNonNull(namespace, "namespace"));
  }

  /** @return the script's arguments: the stream's cap, the message, the channel */
  private List<String> scriptArguments(Invalidation invalidation) {
    return List.of(maxLength, InvalidationMessages.encode(requireNonNull(invalidation, "invalidation")), channel);
  }

  /**
   * Queues {@link #append} on a pipeline: the same script, answered when the pipeline is synced; pass
   * the responses to {@link #countAppends} then.
   */
  redis.clients.jedis.Response<Object> append(redis.clients.jedis.AbstractPipeline pipeline, String namespace,
      Invalidation invalidation) {
    return pipeline.eval(APPEND_AND_PUBLISH, streamOf(namespace), scriptArguments(invalidation));
  }

  /**
   * Counts the appends a synced pipeline made.
   *
   * @param responses the responses of {@link #append(redis.clients.jedis.AbstractPipeline, String,
   *     Invalidation)}
   * @return whether every append was made
   */
  boolean countAppends(List<redis.clients.jedis.Response<Object>> responses) {
    boolean all = true;
    for (redis.clients.jedis.Response<Object> response : responses) {
      try {
        log.debug("XADD and PUBLISH in a pipeline -> {}", response.get());
        appended.incrementAndGet();
      } catch (redis.clients.jedis.exceptions.JedisDataException e) {
        log.debug("A pipelined log append was refused", e);
        all = false;
      }
    }
    return all;
  }

  /**
   * The {@code run_id} and {@code master_replid} of every master ({@code INFO server} and
   * {@code replication}), sorted and joined: a failover puts another process in charge, and a restart
   * starts a new one (which may cost one needless drop if it kept its data).
   *
   * @return the ids, or an empty string if {@code INFO} is forbidden (then positions alone are checked)
   * @throws RuntimeException if Redis cannot be reached in time
   */
  @Override
  public String epoch() {
    List<String> ids = new ArrayList<>();
    for (redis.clients.jedis.util.Pool<redis.clients.jedis.Connection> master : connector.primaries()) {
      try (redis.clients.jedis.Connection connection = master.getResource()) {
        redis.clients.jedis.Jedis jedis = new redis.clients.jedis.Jedis(connection);
        ids.add(ServerInfo.parse(jedis.info("server")).getOrDefault("run_id", "") + '/'
            + ServerInfo.parse(jedis.info("replication")).getOrDefault("master_replid", ""));
      } catch (redis.clients.jedis.exceptions.JedisDataException e) {
        log.debug("Cannot read the replication id (INFO forbidden?); positions alone are checked", e);
        return "";
      }
    }
    java.util.Collections.sort(ids);
    return String.join(",", ids);
  }

  /**
   * @throws RuntimeException if Redis cannot be reached in time
   * @throws IllegalArgumentException if {@code position} is not a stream id or {@code max} is below 1
   */
  @Override
  public @Nullable List<Entry> readAfter(String namespace, String position, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1 but was " + max);
    }
    String key = PREFIX + requireNonNull(namespace, "namespace");
    StreamEntryID from = new StreamEntryID(requireNonNull(position, "position"));
    List<StreamEntry> found = connector.client().xrange(key, position, "+", max + 1);
    if (found.isEmpty() || !found.get(0).getID().equals(from)) {
      log.debug("XRANGE {} from {}: the position is gone", key, position);
      return null;
    }
    List<Entry> entries = new ArrayList<>(found.size() - 1);
    for (StreamEntry entry : found.subList(1, found.size())) {
      String json = entry.getFields().get(FIELD);
      Invalidation invalidation = json == null ? null : InvalidationMessages.decode(json);
      if (invalidation == null) {
        // Not ours: treat it as "this namespace changed", never skip it silently.
        invalidation = new Invalidation("redis-log", List.of(), List.of(
            io.tradingagents.cache.CacheKey.namespacePrefix(namespace)), false);
      }
      entries.add(new Entry(entry.getID().toString(), invalidation));
    }
    read.addAndGet(entries.size());
    return entries;
  }
}
