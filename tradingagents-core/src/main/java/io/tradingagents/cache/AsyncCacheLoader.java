package io.tradingagents.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Computes the value of a key asynchronously, for {@link AdaptiveCache#getAsync(CacheKey, Class,
 * AsyncCacheLoader)}: the upstream call runs on the loader's own client (a non-blocking HTTP client, say),
 * and no thread of the cache waits for it. As in Caffeine's {@code AsyncCacheLoader}, the executor is the
 * cache's, for loaders that have blocking work to hand off.
 *
 * <p>A future completed with {@code null} means "no data" (remembered for the negative TTL); one completed
 * exceptionally is a failed load (stale-on-error applies); one that does not complete within the cache's
 * load-lock lease ({@code TA_CACHE_LOAD_LOCK_LEASE}, default 30 s) is a failed load with a
 * {@link java.util.concurrent.TimeoutException} as its cause.
 *
 * @param <V> the value type
 */
@FunctionalInterface
public interface AsyncCacheLoader<V> {

  /**
   * @param key the key that missed
   * @param executor the cache's executor
   * @return the future value; never {@code null}
   * @throws Exception if the load could not even start (treated as a failed load)
   */
  CompletableFuture<? extends V> load(CacheKey key, Executor executor) throws Exception;
}
