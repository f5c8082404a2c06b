package io.tradingagents.cache.internal;

import io.tradingagents.cache.AsyncCacheLoader;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.CacheLoadException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Asynchronous loads: one per key in this JVM (callers of a key in flight share its future, each through a
 * dependent future of its own, so cancelling one caller's never cancels the load), no thread held while
 * the upstream call is in flight, the result stored on the cache's executor. What follows a load
 * (storing, stale-on-error, negative caching) is the blocking path's own ({@link Loads#loaded},
 * {@link Loads#failed}); with a lock tier, one instance loads a key while the others re-read what it stored
 * ({@link CrossInstanceLoads#runAsync}, which waits without holding a thread either).
 */
final class AsyncLoads {
  private final Loads loads;
  private final Reads reads;
  private final CrossInstanceLoads crossInstanceLoads;
  private final EngineCounters counters;
  private final EngineMeters meters;
  private final Savings savings;
  private final ExecutorService executor;
  private final Duration timeout;
  private final ConcurrentHashMap<CacheKey, CompletableFuture<Object>> inflight = new ConcurrentHashMap<>();

  /** @param loads what follows a load, shared with the blocking path */
  AsyncLoads(Loads loads, Reads reads, CrossInstanceLoads crossInstanceLoads, EngineCounters counters,
      EngineMeters meters, Savings savings, ExecutorService executor, Duration timeout) {
    this.loads = loads;
    this.reads = reads;
    this.crossInstanceLoads = crossInstanceLoads;
    this.counters = counters;
    this.meters = meters;
    this.savings = savings;
    this.executor = executor;
    this.timeout = timeout;
  }

  /**
   * @return the value, {@link LocalTier#NEGATIVE} or a stale value, in a future of this caller's own
   */
  CompletableFuture<Object> shared(CacheKey key, ValueType type, AsyncCacheLoader<?> loader) {
    CompletableFuture<Object> mine = new CompletableFuture<>();
    CompletableFuture<Object> running = inflight.putIfAbsent(key, mine);
    if (running != null) {
      meters.coalescedLoads.increment();
      savings.avoided(key); // another caller's load answers this one
      return running.thenApply(result -> result);
    }
    crossInstanceLoads.runAsync(key, () -> {
      Object stored = reads.readShared(key, type, false);
      return stored == Reads.MISS || stored == Reads.MISMATCH ? null : stored;
    }, () -> {
      long start = System.nanoTime();
      return upstream(key, loader).handleAsync((value, error) -> error == null
          ? loads.loaded(key, type, value, start) : loads.failed(key, type, unwrap(error), start), executor);
    }, executor).whenComplete((result, error) -> {
      inflight.remove(key, mine); // first: a caller that comes after a failure loads again
      if (error != null) {
        mine.completeExceptionally(unwrap(error));
      } else {
        mine.complete(result);
      }
    });
    return mine.thenApply(result -> result);
  }

  /** The key holds another type: the loader's value goes to this caller only, not stored. */
  CompletableFuture<Object> uncached(CacheKey key, AsyncCacheLoader<?> loader) {
    return upstream(key, loader).handle((value, error) -> {
      if (error != null) {
        counters.loadFailures.increment();
        throw new CacheLoadException(key, unwrap(error));
      }
      counters.loads.increment();
      return value == null ? LocalTier.NEGATIVE : value;
    });
  }

  /** @return the loader's future, bounded by the timeout; never the loader's own (so it is never completed by us) */
  private CompletableFuture<@Nullable Object> upstream(CacheKey key, AsyncCacheLoader<?> loader) {
    try {
      CompletableFuture<?> future = loader.load(key, executor);
      if (future == null) {
        return CompletableFuture.failedFuture(new NullPointerException("The AsyncCacheLoader of " + key
            + " returned null instead of a future"));
      }
      return future.<Object>thenApply(value -> value).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .exceptionallyCompose(error -> CompletableFuture.failedFuture(error instanceof TimeoutException
              ? new TimeoutException("The AsyncCacheLoader of " + key + " did not complete within " + timeout
                  + " (the load-lock lease, TA_CACHE_LOAD_LOCK_LEASE); the load is treated as failed")
              : error));
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }
}
