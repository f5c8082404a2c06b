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
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The invalidation log on Redis Streams: one stream per cache namespace, key {@value #PREFIX}{@code
 * <namespace>} (outside every namespace prefix, so namespace removal never touches it), each entry one
 * field {@code m} holding the same JSON as a bus message. {@link #append} is one
 * {@code XADD .. MAXLEN ~ n}, so the stream stays near its configured length without a separate trim;
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

  private final RedisConnector connector;
  private final XAddParams trimmed;
  /** Entries appended by this tier. */
  final AtomicLong appended = new AtomicLong();
  /** Entries read by this tier. */
  final AtomicLong read = new AtomicLong();

  /** @param connector the tier's connector */
  RedisInvalidationLog(RedisConnector connector) {
    this.connector = requireNonNull(connector, "connector");
    this.trimmed = XAddParams.xAddParams().maxLen(connector.options().logMaxLength).approximateTrimming();
  }

  /** @return counters for status */
  Map<String, String> stats() {
    return Map.of("log_appended", String.valueOf(appended.get()), "log_read", String.valueOf(read.get()));
  }

  /**
   * @throws RuntimeException if Redis cannot be reached in time
   */
  @Override
  public String append(String namespace, Invalidation invalidation) {
    String key = PREFIX + requireNonNull(namespace, "namespace");
    StreamEntryID id = connector.client().xadd(key, trimmed,
        Map.of(FIELD, InvalidationMessages.encode(requireNonNull(invalidation, "invalidation"))));
    appended.incrementAndGet();
    log.debug("XADD {} -> {}", key, id);
    return id.toString();
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
