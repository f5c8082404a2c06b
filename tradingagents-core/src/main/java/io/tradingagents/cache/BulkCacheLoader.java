package io.tradingagents.cache;

import java.util.Map;
import java.util.Set;

/**
 * Computes the values of many keys in one upstream call (a watchlist of quotes in one batch request), for
 * {@link AdaptiveCache#getAll(java.util.Collection, Class, BulkCacheLoader)}: the cache calls it once with
 * only the keys that no tier holds and no other caller is already loading.
 *
 * <p>A key left out of the returned map, or mapped to {@code null}, means "the upstream has no data for
 * this key": remembered for the data kind's negative TTL, as a {@code null} from a {@link CacheLoader}.
 * Keys that were not asked for are ignored (not cached; one WARN per cache says so). A value that is not of
 * the requested type fails that key only. A thrown exception fails every key of the call; each is then
 * answered with its stale value where one is within its stale window (stale-on-error), and otherwise
 * reported in a {@link CacheLoadException}.
 *
 * <p>The loader must not read the keys it is loading from the same cache (that would wait for itself;
 * the cache refuses it with an {@link IllegalStateException}).
 *
 * @param <V> the value type
 */
@FunctionalInterface
public interface BulkCacheLoader<V> {

  /**
   * @param keys the keys to load: unmodifiable, never empty, each asked once
   * @return the values found upstream, by key; never {@code null} (return an empty map for "no data")
   * @throws Exception if the upstream call failed
   */
  Map<CacheKey, ? extends V> loadAll(Set<CacheKey> keys) throws Exception;
}
