package io.tradingagents.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tradingagents.cache.spi.MemoryTier;
import io.tradingagents.cache.spi.TierKind;
import io.tradingagents.cache.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Asynchronous loaders: one load per key, no pool thread held while the upstream call is in flight. */
class AsyncLoaderTest {
  private static final CacheKey KEY = CacheKey.of(DataKind.NEWS, "AAPL");

  private final MutableClock clock = new MutableClock();
  private final MemoryTier shared = new MemoryTier("redis", TierKind.REDIS, 64 << 20, clock);
  private final ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS,
      new ArrayBlockingQueue<>(10_000));
  private final List<AdaptiveCache> caches = new ArrayList<>();

  private AdaptiveCache cache(Duration lease) {
    AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock)
        .tier(shared).executor(pool).loadLockLease(lease).probeInterval(Duration.ofMinutes(1)).build();
    caches.add(cache);
    return cache;
  }

  @AfterEach
  void close() {
    caches.forEach(AdaptiveCache::close);
    pool.shutdownNow();
  }

  @Test
  void aThousandCallersOfOneColdKey_callTheLoaderOnce_andHoldNoPoolThreadWhileItIsInFlight() {
    AdaptiveCache cache = cache(Duration.ofSeconds(30));
    CompletableFuture<String> upstream = new CompletableFuture<>();
    AtomicInteger calls = new AtomicInteger();
    List<CompletableFuture<String>> callers = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      callers.add(cache.getAsync(KEY, String.class, (k, executor) -> {
        calls.incrementAndGet();
        return upstream;
      }));
    }

    await().until(() -> calls.get() == 1 && pool.getActiveCount() == 0 && pool.getQueue().isEmpty());
    assertThat(callers).noneMatch(CompletableFuture::isDone); // all waiting, on no thread of the pool
    upstream.complete("headline");

    for (CompletableFuture<String> caller : callers) {
      assertThat(caller.join()).isEqualTo("headline");
    }
    assertThat(calls).hasValue(1);
    assertThat(cache.get(KEY, String.class)).isEqualTo("headline"); // stored
    assertThat(shared.get(KEY.asString())).isNotNull();
  }

  @Test
  void cancellingOneCaller_neverCancelsTheSharedLoad() {
    AdaptiveCache cache = cache(Duration.ofSeconds(30));
    CompletableFuture<String> upstream = new CompletableFuture<>();
    AtomicInteger calls = new AtomicInteger();
    AsyncCacheLoader<String> loader = (k, executor) -> {
      calls.incrementAndGet();
      return upstream;
    };
    CompletableFuture<String> first = cache.getAsync(KEY, String.class, loader);
    CompletableFuture<String> second = cache.getAsync(KEY, String.class, loader);
    await().until(() -> calls.get() == 1);

    first.cancel(true);
    upstream.complete("headline");

    assertThat(second.join()).isEqualTo("headline");
    assertThat(upstream).isCompletedWithValue("headline");
    assertThat(cache.get(KEY, String.class)).isEqualTo("headline");
  }

  @Test
  void aFailedLoad_servesTheStaleValue_andNoDataIsRemembered() {
    AdaptiveCache cache = cache(Duration.ofSeconds(30));
    cache.put(KEY, "yesterday", Duration.ofMinutes(1));
    clock.advance(Duration.ofMinutes(2)); // expired, within the stale window (one TTL by default)

    String stale = cache.getAsync(KEY, String.class,
        (k, executor) -> CompletableFuture.<String>failedFuture(new IllegalStateException("HTTP 503"))).join();
    assertThat(stale).isEqualTo("yesterday");
    assertThat(cache.stats().staleServed()).isEqualTo(1);

    CacheKey none = CacheKey.of(DataKind.NEWS, "NODATA");
    AtomicInteger calls = new AtomicInteger();
    AsyncCacheLoader<String> noData = (k, executor) -> {
      calls.incrementAndGet();
      return CompletableFuture.completedFuture(null);
    };
    assertThat(cache.getAsync(none, String.class, noData).join()).isNull();
    assertThat(cache.getAsync(none, String.class, noData).join()).isNull();
    assertThat(calls).hasValue(1);
  }

  @Test
  void aLoadThatNeverCompletes_failsAfterTheLease_andTheNextCallerLoadsAgain() {
    AdaptiveCache cache = cache(Duration.ofMillis(100));
    CompletableFuture<String> never = new CompletableFuture<>();

    assertThatThrownBy(() -> cache.getAsync(KEY, String.class, (k, executor) -> never).join())
        .isInstanceOf(CompletionException.class).hasCauseInstanceOf(CacheLoadException.class)
        .hasRootCauseInstanceOf(TimeoutException.class)
        .hasRootCauseMessage("The AsyncCacheLoader of " + KEY + " did not complete within PT0.1S (the load-lock "
            + "lease, TA_CACHE_LOAD_LOCK_LEASE); the load is treated as failed");
    assertThat(never).isNotDone(); // the loader's own future is left alone

    assertThat(cache.getAsync(KEY, String.class,
        (k, executor) -> CompletableFuture.completedFuture("second try")).join()).isEqualTo("second try");
  }
}
