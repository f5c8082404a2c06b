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
   * Releases connections, files and threads. Idempotent. The engine makes no call after it; what a tier
   * does with one is its own (it may answer or throw), and shared data stays where it is.
   */
  @Override
  void close();
}
