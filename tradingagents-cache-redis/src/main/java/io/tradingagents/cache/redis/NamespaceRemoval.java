package io.tradingagents.cache.redis;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.util.Pool;

/**
 * Removes every key under a prefix: {@code SCAN MATCH prefix* COUNT 500} on each master, each page's keys
 * removed with pipelined {@code UNLINK}s. Never {@code KEYS}, {@code FLUSHDB} or {@code FLUSHALL}.
 * Stateless.
 */
final class NamespaceRemoval {
  /** Keys per {@code SCAN} step and per {@code UNLINK} batch. */
  static final int SCAN_COUNT = 500;

  private NamespaceRemoval() {}

  /**
   * @param masters a connection pool per master
   * @param prefix the prefix, matched literally
   * @return the number of keys removed
   * @throws RuntimeException if a master cannot be reached in time (keys already removed stay removed)
   */
  static long remove(List<Pool<Connection>> masters, String prefix) {
    ScanParams params = new ScanParams().match((globEscape(prefix) + "*").getBytes(UTF_8)).count(SCAN_COUNT);
    long removed = 0;
    for (Pool<Connection> master : masters) {
      try (Connection connection = master.getResource()) {
        removed += removeMatching(connection, params);
      }
    }
    return removed;
  }

  private static long removeMatching(Connection connection, ScanParams params) {
    Jedis jedis = new Jedis(connection); // closed with the connection, which goes back to its pool
    byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
    long removed = 0;
    ScanResult<byte[]> page;
    do {
      page = jedis.scan(cursor, params);
      cursor = page.getCursorAsBytes();
      List<byte[]> keys = page.getResult();
      if (!keys.isEmpty()) {
        // One UNLINK per key: in a Cluster a node's keys span many slots, and one multi-key command may
        // only touch one slot.
        Pipeline pipeline = new Pipeline(connection);
        List<Response<Long>> counts = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
          counts.add(pipeline.unlink(key));
        }
        pipeline.sync();
        for (Response<Long> count : counts) {
          removed += count.get();
        }
      }
    } while (!page.isCompleteIteration());
    return removed;
  }

  /**
   * @param literal text to match literally
   * @return the text with the characters {@code SCAN MATCH} treats as a pattern escaped
   */
  static String globEscape(String literal) {
    StringBuilder sb = new StringBuilder(literal.length() + 8);
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\' || c == '^') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
