package io.tradingagents.cache.spi;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One storage tier below the in-process one: stores {@link TierEntry entries} under the canonical key
 * strings of {@link io.tradingagents.cache.CacheKey} (which all start with
 * {@link io.tradingagents.cache.CacheKey#PREFIX}).
 *
 * <p>Implementations are thread-safe. They throw on failure (any {@link RuntimeException}); the engine
 * wraps every call in a guard (circuit breaker, health probe, metrics) and never lets a tier's failure
 * reach a cache caller. They bound every operation with a timeout fit for a cache (tens to a few hundred
 * milliseconds), never a client library's multi-second default. {@link #close()} releases connections and
 * threads; a second call does nothing.
 */
public interface CacheTier extends AutoCloseable {

  /** @return a short stable name, e.g. {@code redis}, used in stats, metrics tags and status */
  String name();

  /** @return the tier's role, which fixes its read order */
  TierKind kind();

  /**
   * @param key a canonical key
   * @return the entry, or {@code null} if absent or expired
   */
  @Nullable TierEntry get(String key);

  /**
   * Reads many keys; tiers that can should do it in one round trip.
   *
   * @param keys canonical keys, no duplicates
   * @return the entries found, absent and expired keys left out
   */
  default Map<String, TierEntry> getAll(Collection<String> keys) {
    Map<String, TierEntry> found = new LinkedHashMap<>();
    for (String key : keys) {
      TierEntry entry = get(key);
      if (entry != null) {
        found.put(key, entry);
      }
    }
    return found;
  }

  /**
   * Stores an entry, replacing any previous one; it must disappear at {@link TierEntry#expiresAtMillis()}.
   *
   * @param key a canonical key
   * @param entry the entry
   */
  void put(String key, TierEntry entry);

  /**
   * Stores many entries; tiers that can should do it in one round trip.
   *
   * @param entries entries by canonical key
   */
  default void putAll(Map<String, TierEntry> entries) {
    entries.forEach(this::put);
  }

  /**
   * Stores many entries as {@link #putAll} does, then appends an invalidation per namespace to this tier's
   * {@linkplain #invalidationLog() log}: the engine's every write of shared entries. Whoever reads an
   * appended log entry must find the writes already stored. Tiers that can should do both in one round
   * trip (Redis: the {@code SET}s and the log scripts in one pipeline on one connection, which the server
   * runs in order); the default calls {@link #putAll}, then {@link InvalidationLog#appendChange} for each
   * namespace.
   *
   * @param entries entries by canonical key
   * @param appends the invalidation to append to each namespace's log, by namespace; empty: none
   * @return whether every append was made; the entries were stored either way (the engine sends a message
   *     that was not appended again later)
   * @throws RuntimeException if the entries could not be stored; then nothing is known about the appends
   * @throws IllegalStateException if {@code appends} is not empty and the tier has no log
   */
  default boolean putAllAndAppend(Map<String, TierEntry> entries, Map<String, Invalidation> appends) {
    putAll(entries);
    if (appends.isEmpty()) {
      return true;
    }
    InvalidationLog log = invalidationLog().orElseThrow(
        () -> new IllegalStateException("tier " + name() + " has no invalidation log to append to"));
    try {
      appends.forEach(log::appendChange);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Stores an entry only where the key holds no live entry: a back-fill, which copies a value found in a
   * lower tier up into this one, must never replace a value another instance wrote meanwhile. A tier
   * shared between instances must check and write in one atomic step on its server ({@code SET NX} on
   * Redis, a filtered upsert on MongoDB); the default reads, then writes, which is right only for a tier
   * that no other process writes.
   *
   * @param key a canonical key
   * @param entry the entry
   * @return whether the entry was stored
   */
  default boolean putIfAbsent(String key, TierEntry entry) {
    if (get(key) != null) {
      return false;
    }
    put(key, entry);
    return true;
  }

  /**
   * Stores many entries, each only where its key holds no live entry (see {@link #putIfAbsent}); tiers
   * that can should do it in one round trip.
   *
   * @param entries entries by canonical key
   * @return how many were stored
   */
  default int putAllIfAbsent(Map<String, TierEntry> entries) {
    int stored = 0;
    for (Map.Entry<String, TierEntry> e : entries.entrySet()) {
      stored += putIfAbsent(e.getKey(), e.getValue()) ? 1 : 0;
    }
    return stored;
  }

  /**
   * Stores an entry unless the key holds a live entry of a newer version: a replay of a write this tier
   * missed must never replace a value written after it. The version of an entry is its
   * {@link TierEntry#createdAtMillis()} (the writer's clock); an entry of the same version is replaced (it
   * is this very write, whose reply was lost, or one made in the same millisecond, which no clock can
   * order). A tier shared between instances must compare and write in one atomic step on its server (a
   * Lua script on Redis, a filtered upsert on MongoDB); the default reads, compares, then writes, which is
   * right only for a tier that no other process writes.
   *
   * @param key a canonical key
   * @param entry the entry
   * @return whether the entry was stored
   */
  default boolean putUnlessNewer(String key, TierEntry entry) {
    TierEntry current = get(key);
    if (current != null && current.createdAtMillis() > entry.createdAtMillis()) {
      return false;
    }
    put(key, entry);
    return true;
  }

  /**
   * @param key a canonical key
   * @return whether an entry was removed
   */
  boolean remove(String key);

  /**
   * Removes every entry whose key starts with {@code prefix}, and nothing else (never a whole database).
   *
   * @param prefix a namespace prefix as made by {@link io.tradingagents.cache.CacheKey#namespacePrefix}
   * @return the number of entries removed, or -1 if the tier cannot tell
   */
  long removeNamespace(String prefix);

  /**
   * Checks that the tier answers; used by the health probe while the tier is considered down. Must not
   * write into the cache's key space.
   *
   * @throws RuntimeException if the tier does not answer
   */
  void ping();

  /** @return size and facts for stats and status; may be approximate */
  TierUsage usage();

  /**
   * @return the tier's distributed lock, if it offers one (Redis does); the engine then makes loads
   *     single-flight across instances
   */
  default java.util.Optional<DistributedLock> distributedLock() {
    return java.util.Optional.empty();
  }

  /**
   * @return the tier's invalidation bus, if it offers one (Redis does); the engine then keeps in-process
   *     copies consistent across instances
   */
  default java.util.Optional<InvalidationBus> invalidationBus() {
    return java.util.Optional.empty();
  }

  /**
   * @return the tier's invalidation log, if it offers one (Redis does); the engine then follows it, keeps
   *     in-process copies through a lost subscription, and drops exactly what changed meanwhile
   */
  default java.util.Optional<InvalidationLog> invalidationLog() {
    return java.util.Optional.empty();
  }

  /**
   * Releases connections, files and threads. Idempotent. The engine makes no call after it; what a tier
   * does with one is its own (it may answer or throw), and shared data stays where it is.
   */
  @Override
  void close();
}
