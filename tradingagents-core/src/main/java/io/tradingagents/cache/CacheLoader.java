package io.tradingagents.cache;

import org.jspecify.annotations.Nullable;

/**
 * Computes the value of a key on a cache miss, usually by calling a slow or paid upstream API.
 *
 * <p>Returning {@code null} means "the upstream has no data for this key"; the cache then remembers the
 * absence for the data kind's negative TTL (see {@link TtlPolicy.Builder#negativeTtl}) so that a bad symbol
 * does not hammer the upstream. A thrown exception becomes the cause of a {@link CacheLoadException}
 * unless a stale value can be served instead.
 *
 * @param <V> the value type
 */
@FunctionalInterface
public interface CacheLoader<V> {

  /**
   * @param key the key that missed
   * @return the value, or {@code null} if the upstream has no data for this key
   * @throws Exception if the upstream call failed
   */
  @Nullable V load(CacheKey key) throws Exception;
}
