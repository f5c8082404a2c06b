package io.tradingagents.cache;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The loader passed to {@link AdaptiveCache#get(CacheKey, Class, CacheLoader)} (or the bulk loader passed to
 * {@link AdaptiveCache#getAll(Collection, Class, BulkCacheLoader)}) failed and no stale value could be
 * served. The loader's exception is the {@linkplain #getCause() cause}; the key is in {@link #key()}, every
 * key that failed in {@link #keys()}.
 */
public final class CacheLoadException extends CacheException {
  private static final long serialVersionUID = 1L;
  private static final int KEYS_NAMED = 10;

  private final transient CacheKey key;
  private final transient Set<CacheKey> keys;

  /**
   * @param key the key whose load failed
   * @param cause the loader's exception
   */
  public CacheLoadException(CacheKey key, Throwable cause) {
    super("Loading " + key + " failed: " + cause, cause);
    this.key = key;
    this.keys = Set.of(key);
  }

  /**
   * A bulk load in which some keys failed; the others were loaded and stored.
   *
   * @param keys the keys whose load failed, at least one; the message names the first ten
   * @param asked how many keys were asked for
   * @param cause the first failure (the loader's exception, or why a value was refused)
   * @throws IllegalArgumentException if {@code keys} is empty
   */
  public CacheLoadException(Collection<CacheKey> keys, int asked, Throwable cause) {
    super("Loading " + keys.size() + " of " + asked + (asked == 1 ? " key" : " keys") + " failed ("
        + named(keys) + "): " + cause + (keys.size() < asked
            ? "; the other keys were loaded and stored, so a retry loads only the failed ones" : ""), cause);
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("keys must name at least one failed key");
    }
    this.keys = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(keys));
    this.key = keys.iterator().next();
  }

  private static String named(Collection<CacheKey> keys) {
    List<String> first = keys.stream().limit(KEYS_NAMED).map(String::valueOf).collect(Collectors.toList());
    return String.join(", ", first) + (keys.size() > KEYS_NAMED ? ", ..." : "");
  }

  /** @return the key whose load failed (in a bulk load, the first of {@link #keys()}) */
  public CacheKey key() {
    return key;
  }

  /** @return every key whose load failed: {@link #key()} alone for a single load */
  public Set<CacheKey> keys() {
    return keys;
  }
}
