package io.tradingagents.cache.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A bounded, ordered log of the writes and invalidations of shared entries, one per cache namespace, kept
 * on a shared server (optional capability, offered through {@link CacheTier#invalidationLog()}). Unlike the
 * {@link InvalidationBus}, nothing in it is lost across a disconnect: an instance that was cut off reads
 * its namespaces' logs from the position it had reached and drops exactly the keys that changed meanwhile.
 * The log is bounded, so a reader cut off for longer than it holds finds its position gone
 * ({@link #readAfter} answers {@code null}) and must assume that anything changed. Thread-safe; every
 * method throws on failure (the engine guards and retries).
 */
public interface InvalidationLog {

  /**
   * Appends one invalidation to a namespace's log. An invalidation without keys or prefixes is a marker:
   * its position is where a new reader starts.
   *
   * @param namespace the cache namespace
   * @param invalidation what changed (keys and prefixes of that namespace only)
   * @return the position of the new entry
   * @throws RuntimeException if the server cannot be reached
   */
  String append(String namespace, Invalidation invalidation);

  /**
   * Appends one invalidation that is not a marker where its position is not needed (the engine appends
   * this way every invalidation it sends, and {@link #append} only markers): a log kept in several streams
   * (Redis's in a Cluster) then writes one stream, not all of them.
   *
   * @param namespace the cache namespace
   * @param invalidation what changed (keys and prefixes of that namespace only)
   * @throws RuntimeException if the server cannot be reached
   */
  default void appendChange(String namespace, Invalidation invalidation) {
    append(namespace, invalidation);
  }

  /**
   * Whether {@link #append} also delivers the invalidation to the subscribers of the same tier's
   * {@link InvalidationBus}, in the same round trip; the engine then does not publish it separately.
   *
   * @return false by default
   */
  default boolean appendAlsoPublishes() {
    return false;
  }

  /**
   * An id of the log's history that changes whenever entries it acknowledged may have been lost: a
   * failover to a replica that had not received them yet, a restart without its data. A reader that sees
   * it change drops its copies of every namespace it follows, as for a position the log no longer holds,
   * since neither the lost writes nor their entries can be known.
   *
   * @return the id, or an empty string if the log cannot tell (readers then rely on positions alone)
   * @throws RuntimeException if the server cannot be reached
   */
  default String epoch() {
    return "";
  }

  /**
   * Reads what was appended after a position.
   *
   * @param namespace the cache namespace
   * @param position a position this log returned for this namespace
   * @param max the most entries to return, at least 1
   * @return the entries after {@code position}, at most {@code max}, fewer only when nothing more follows;
   *     oldest first, except that a log kept in several streams (Redis's in a Cluster) may return one
   *     stream's entries before an older entry of another (what a reader drops does not depend on the
   *     order); or {@code null} if the log no longer holds {@code position} (it was trimmed past it, or
   *     lost): anything may have changed
   * @throws RuntimeException if the server cannot be reached
   */
  @Nullable List<Entry> readAfter(String namespace, String position, int max);

  /**
   * One entry of a log.
   *
   * @param position its position
   * @param invalidation what changed
   */
  record Entry(String position, Invalidation invalidation) {
    /* Checks for nulls. */
    public Entry {
      requireNonNull(position, "position");
      requireNonNull(invalidation, "invalidation");
    }
  }
}
