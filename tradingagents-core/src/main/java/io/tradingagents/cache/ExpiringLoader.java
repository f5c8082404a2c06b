package io.tradingagents.cache;

/**
 * A {@link CacheLoader} that chooses each value's expiry itself (see {@link Loaded}), for
 * {@link AdaptiveCache#getWithExpiry}. Its exceptions are handled as a {@link CacheLoader}'s.
 *
 * @param <V> the value type
 */
@FunctionalInterface
public interface ExpiringLoader<V> {

  /**
   * @param key the key that missed
   * @return the value with its expiry; never {@code null} (return {@code Loaded.lasting(null, ttl)} for
   *     "no data")
   * @throws Exception if the upstream call failed
   */
  Loaded<? extends V> load(CacheKey key) throws Exception;
}
