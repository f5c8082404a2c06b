package io.tradingagents.cache.redis;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.spi.Invalidation;
import io.tradingagents.cache.spi.InvalidationLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisRedirectionException;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The invalidation log on Redis Streams: one stream per cache namespace, key {@value #PREFIX}{@code
 * <namespace>} (outside every namespace prefix, so namespace removal never touches it), each entry one
 * field {@code m} holding the same JSON as a bus message. {@link #append} is one Lua script that runs
 * {@code XADD .. MAXLEN ~ n} (so the stream stays near its configured length without a separate trim) and
 * {@code PUBLISH}es the same message on the bus channel: one round trip for both;
 * {@link #readAfter} one {@code XRANGE} from the reader's position (inclusive: if that entry is gone,
 * the stream was trimmed past it, or lost with a restarted server). This works the same on a single
 * server and under Sentinel.
 *
 * <p>In a Cluster a namespace's log is {@value #SHARDS} + 1 streams, its <em>shards</em>: {@value
 * #PREFIX}{@code <namespace>} and {@value #PREFIX}{@code {<tag>}<namespace>} for {@value #SHARDS} hash tags
 * whose slots are spread evenly over the slot space, so that every node of a cluster of up to {@value
 * #SHARDS} evenly split masters serves at least one. A write whose keys are all on one node appends on a
 * shard of that node ({@link #shardOn}), in the same pipeline on the same connection, so the node stores
 * the entries before it logs them, as one server does; {@link #appendChange} appends to {@value
 * #PREFIX}{@code <namespace>} only. A position names an entry of every shard (their ids joined by {@code
 * ,}), so {@link #append} adds a marker to every shard but the one it appends to; {@link #readAfter} reads
 * every shard in one cluster pipeline. Thread-safe.
 */
final class RedisInvalidationLog implements InvalidationLog {
  private static final Logger log = LoggerFactory.getLogger(RedisInvalidationLog.class);
  /** The key prefix of the streams. */
  static final String PREFIX = "ta-log:";
  private static final String FIELD = "m";
  /** Cluster only: the shards of a namespace's log besides {@value #PREFIX}{@code <namespace>}. */
  static final int SHARDS = 8;
  /** Hash tag i hashes into the i-th of {@link #SHARDS} equal ranges of the 16,384 slots. */
  private static final List<String> TAGS = spreadTags();

  /** XADD, then PUBLISH of the same message; returns the new entry's id. */
  private static final String APPEND_AND_PUBLISH = "local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', "
      + "ARGV[1], '*', 'm', ARGV[2])\nredis.call('PUBLISH', ARGV[3], ARGV[2])\nreturn id";

  private final RedisConnector connector;
  private final String maxLength;
  private final String channel;
  /** Cluster only: each namespace's shards, by namespace. */
  private final Map<String, Shards> shards = new ConcurrentHashMap<>();
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

  /** @return for each of {@link #SHARDS} equal slot ranges in order, the first tag {@code s<n>} in it */
  private static List<String> spreadTags() {
    String[] tags = new String[SHARDS];
    int found = 0;
    for (int n = 0; found < SHARDS; n++) {
      String tag = "s" + n;
      int range = JedisClusterCRC16.getSlot(tag) * SHARDS / Protocol.CLUSTER_HASHSLOTS;
      if (tags[range] == null) {
        tags[range] = tag;
        found++;
      }
    }
    return List.of(tags);
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
   * keys, no prefixes) is published too; receivers find nothing to drop in it. In a Cluster the entry goes
   * to the namespace's first shard and a marker (not published) to each other shard, in one cluster
   * pipeline, so that the position answered names an entry of every shard; {@code log_appended} counts
   * each stream entry made, also when another shard's append failed.
   *
   * @throws RuntimeException if Redis cannot be reached in time or refuses an append
   */
  @Override
  public String append(String namespace, Invalidation invalidation) {
    if (!connector.isCluster()) {
      return appendToFirst(namespace, invalidation);
    }
    String message = InvalidationMessages.encode(requireNonNull(invalidation, "invalidation"));
    List<String> streams = shards(namespace).streams;
    String marker = invalidation.isMarker() ? message
        : InvalidationMessages.encode(new Invalidation(invalidation.origin(), List.of(), List.of(), false));
    XAddParams cap = XAddParams.xAddParams().maxLen(connector.options().logMaxLength).approximateTrimming();
    List<Response<?>> replies = new ArrayList<>(streams.size());
    try (AbstractPipeline pipeline = connector.pipelined()) {
      replies.add(pipeline.eval(APPEND_AND_PUBLISH, List.of(streams.get(0)), scriptArguments(message)));
      for (String shard : streams.subList(1, streams.size())) {
        replies.add(pipeline.xadd(shard, cap, Map.of(FIELD, marker)));
      }
      pipeline.sync();
    }
    StringJoiner position = new StringJoiner(",");
    RuntimeException failure = null;
    for (int i = 0; i < replies.size(); i++) {
      String shard = streams.get(i);
      try {
        position.add(String.valueOf(i == 0
            ? orAlone(replies.get(i), () -> connector.client().eval(APPEND_AND_PUBLISH, List.of(shard),
                scriptArguments(message)))
            : orAlone(replies.get(i), () -> connector.client().xadd(shard, cap, Map.of(FIELD, marker)))));
        appended.incrementAndGet();
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
    log.debug("XADD to the {} shards of {} and PUBLISH -> {}", streams.size(), namespace, position);
    return position.toString();
  }

  /**
   * @return a Cluster pipeline's reply; if the pipeline's node redirected the command (MOVED or ASK: the
   *     client's slot map has not caught up with a resharding, and a pipeline does not follow redirections),
   *     the reply of {@code alone}, which sends it again through the client: that follows the redirection
   *     and refreshes the map
   */
  private static <T> T orAlone(Response<? extends T> reply, Supplier<? extends T> alone) {
    try {
      return reply.get();
    } catch (JedisRedirectionException e) {
      log.debug("A pipelined log command was redirected ({}); sending it alone", e.getMessage());
      return alone.get();
    }
  }

  /**
   * Appends the change and publishes it on the bus channel, in one script, to the namespace's {@link
   * #stream}: in a Cluster its first shard only, since no position is needed.
   *
   * @throws RuntimeException if Redis cannot be reached in time or refuses the append
   */
  @Override
  public void appendChange(String namespace, Invalidation invalidation) {
    appendToFirst(namespace, invalidation);
  }

  private String appendToFirst(String namespace, Invalidation invalidation) {
    Object id = connector.client().eval(APPEND_AND_PUBLISH, List.of(stream(namespace)),
        scriptArguments(InvalidationMessages.encode(requireNonNull(invalidation, "invalidation"))));
    appended.incrementAndGet();
    log.debug("XADD to {} and PUBLISH -> {}", namespace, id);
    return String.valueOf(id);
  }

  /** @return the namespace's stream: in a Cluster its first shard, the one an older version also uses */
  String stream(String namespace) {
    return PREFIX + requireNonNull(namespace, "namespace");
  }

  /** @return the script's arguments: the stream's cap, the message, the channel */
  private List<String> scriptArguments(String message) {
    return List.of(maxLength, message, channel);
  }

  /**
   * Cluster only: the first of the namespace's shards that {@code node} serves by the client's slot map.
   *
   * @return the shard's stream, or {@code null} if the node serves none (more masters than {@value #SHARDS},
   *     or slots split unevenly) or the slot map is unknown (an application's own client)
   */
  @Nullable String shardOn(String namespace, HostAndPort node) {
    Shards of = shards(namespace);
    for (int i = 0; i < of.slots.length; i++) {
      if (node.equals(connector.nodeOf(of.slots[i]))) {
        return of.streams.get(i);
      }
    }
    return null;
  }

  /**
   * Queues an append to one stream (a namespace's {@link #stream}, or in a Cluster one of its {@link
   * #shardOn shards}) on a pipeline: the script of {@link #append}, answered when the pipeline is synced;
   * pass each response to {@link #countAppend} then.
   */
  Response<Object> append(AbstractPipeline pipeline, String stream, Invalidation invalidation) {
    return pipeline.eval(APPEND_AND_PUBLISH, List.of(stream),
        scriptArguments(InvalidationMessages.encode(requireNonNull(invalidation, "invalidation"))));
  }

  /**
   * Counts an append a synced pipeline made.
   *
   * @param response a response of {@link #append(AbstractPipeline, String, Invalidation)}
   * @return whether the append was made
   * @throws JedisRedirectionException if a Cluster node redirected it (a resharding the client's slot map
   *     missed): it was not made, and can be sent again through the client
   */
  boolean countAppend(Response<Object> response) {
    try {
      log.debug("XADD and PUBLISH in a pipeline -> {}", response.get());
      appended.incrementAndGet();
      return true;
    } catch (JedisRedirectionException e) {
      throw e;
    } catch (JedisDataException e) {
      log.debug("A pipelined log append was refused", e);
      return false;
    }
  }

  /**
   * A namespace's shards in a Cluster.
   *
   * @param streams {@value #PREFIX}{@code <namespace>}, then one per tag
   * @param slots each stream's hash slot
   */
  private record Shards(List<String> streams, int[] slots) {}

  private Shards shards(String namespace) {
    return shards.computeIfAbsent(requireNonNull(namespace, "namespace"), ns -> {
      List<String> streams = new ArrayList<>(SHARDS + 1);
      streams.add(stream(ns));
      TAGS.forEach(tag -> streams.add(PREFIX + '{' + tag + '}' + ns));
      return new Shards(List.copyOf(streams), streams.stream().mapToInt(JedisClusterCRC16::getSlot).toArray());
    });
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
   * @throws IllegalArgumentException if {@code position} is not a position of this log (a stream id; in
   *     a Cluster one per shard, joined by {@code ,}) or {@code max} is below 1
   */
  @Override
  public @Nullable List<Entry> readAfter(String namespace, String position, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1 but was " + max);
    }
    List<String> streams = connector.isCluster() ? shards(namespace).streams : List.of(stream(namespace));
    String[] ids = requireNonNull(position, "position").split(",", -1);
    if (ids.length != streams.size()) {
      throw new IllegalArgumentException("Position " + position + " names " + ids.length + " stream entries but "
          + "the log of namespace " + namespace + " has " + streams.size() + " streams: pass a position this "
          + "log returned");
    }
    StreamEntryID[] from = new StreamEntryID[ids.length];
    for (int i = 0; i < ids.length; i++) {
      from[i] = new StreamEntryID(ids[i]); // validates it
    }
    List<List<StreamEntry>> found = new ArrayList<>(streams.size());
    if (streams.size() == 1) {
      found.add(connector.client().xrange(streams.get(0), ids[0], "+", max + 1));
    } else {
      List<Response<List<StreamEntry>>> replies = new ArrayList<>(streams.size());
      try (AbstractPipeline pipeline = connector.pipelined()) {
        for (int i = 0; i < ids.length; i++) {
          replies.add(pipeline.xrange(streams.get(i), ids[i], "+", max + 1));
        }
        pipeline.sync();
      }
      for (int i = 0; i < ids.length; i++) {
        String stream = streams.get(i);
        String id = ids[i];
        found.add(orAlone(replies.get(i), () -> connector.client().xrange(stream, id, "+", max + 1)));
      }
    }
    for (int i = 0; i < ids.length; i++) {
      List<StreamEntry> page = found.get(i);
      if (page.isEmpty() || !page.get(0).getID().equals(from[i])) {
        log.debug("XRANGE {} from {}: the position is gone", streams.get(i), ids[i]);
        return null;
      }
    }
    List<Entry> entries = new ArrayList<>();
    boolean more = false; // whether a shard may hold entries beyond what is returned
    for (int i = 0; i < ids.length; i++) {
      List<StreamEntry> page = found.get(i).subList(1, found.get(i).size());
      int taken = Math.min(page.size(), max - entries.size());
      more |= taken < page.size() || page.size() == max;
      for (StreamEntry entry : page.subList(0, taken)) {
        ids[i] = entry.getID().toString();
        entries.add(new Entry(String.join(",", ids), decode(namespace, entry)));
      }
    }
    read.addAndGet(entries.size());
    return more || ids.length == 1 ? entries : withoutMarkers(entries);
  }

  /**
   * Drops the markers from what was read to the end of every shard ({@link #append} adds one to each shard
   * but the one it appends to, so that its position names every shard); the last entry returned carries
   * the position after the last one read, so the reader does not read them again.
   */
  private static List<Entry> withoutMarkers(List<Entry> entries) {
    if (entries.isEmpty()) {
      return entries;
    }
    List<Entry> kept = new ArrayList<>(entries.size());
    for (Entry entry : entries) {
      if (!entry.invalidation().isMarker()) {
        kept.add(entry);
      }
    }
    String end = entries.get(entries.size() - 1).position();
    if (kept.isEmpty()) {
      return List.of(entries.get(entries.size() - 1));
    }
    Entry last = kept.get(kept.size() - 1);
    kept.set(kept.size() - 1, new Entry(end, last.invalidation()));
    return kept;
  }

  private static Invalidation decode(String namespace, StreamEntry entry) {
    String json = entry.getFields().get(FIELD);
    Invalidation invalidation = json == null ? null : InvalidationMessages.decode(json);
    // Not ours: treat it as "this namespace changed", never skip it silently.
    return invalidation != null ? invalidation : new Invalidation("redis-log", List.of(),
        List.of(io.tradingagents.cache.CacheKey.namespacePrefix(namespace)), false);
  }
}
