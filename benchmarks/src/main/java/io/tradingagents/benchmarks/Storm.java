package io.tradingagents.benchmarks;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One load storm: the callers of every cache ask for one cold key at the same moment, with a loader that
 * takes a while. Shared by the storm benchmarks.
 */
public final class Storm {
  private Storm() {}

  /** Reported beside the time, as totals per iteration: equal storms and calls mean one call per storm. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Counters {
    /** Storms run. */
    public long storms;
    /** Upstream calls made by them, all instances together. */
    public long upstreamCalls;
    /**
     * Storms in which a caller on an instance that did not load asked before the load had finished, so
     * that only the lock between instances (not timing) kept it from loading too. Always 0 with one cache.
     */
    public long contended;

    @Setup(Level.Iteration)
    public void reset() {
      storms = 0;
      upstreamCalls = 0;
      contended = 0;
    }
  }

  /**
   * Runs one storm and adds it to {@code counters}.
   *
   * @param pool runs the callers; at least {@code caches.size() * threadsPerCache} threads
   * @param caches the instances
   * @param threadsPerCache callers per instance
   * @param key a key no cache holds
   * @param loaderMillis how long the loader takes
   * @throws Exception if a caller fails or gets no value
   */
  static void run(ExecutorService pool, List<AdaptiveCache> caches, int threadsPerCache, CacheKey key,
      long loaderMillis, Counters counters) throws Exception {
    AtomicLong calls = new AtomicLong();
    CountDownLatch gate = new CountDownLatch(1);
    AtomicLong[] firstAsked = new AtomicLong[caches.size()];
    for (int i = 0; i < firstAsked.length; i++) {
      firstAsked[i] = new AtomicLong(Long.MAX_VALUE);
    }
    AtomicInteger loadedBy = new AtomicInteger(-1);
    AtomicLong loadEnded = new AtomicLong(Long.MIN_VALUE);
    List<Future<String>> results = new ArrayList<>(caches.size() * threadsPerCache);
    for (int i = 0; i < caches.size() * threadsPerCache; i++) {
      int instance = i % caches.size();
      AdaptiveCache cache = caches.get(instance);
      results.add(pool.submit(() -> {
        gate.await();
        firstAsked[instance].accumulateAndGet(System.nanoTime(), Math::min);
        return cache.get(key, String.class, k -> {
          calls.incrementAndGet();
          loadedBy.set(instance);
          TimeUnit.MILLISECONDS.sleep(loaderMillis); // a slow upstream: the others ask meanwhile
          loadEnded.set(System.nanoTime());
          return "quote";
        });
      }));
    }
    gate.countDown();
    for (Future<String> result : results) {
      if (!"quote".equals(result.get(30, TimeUnit.SECONDS))) {
        throw new IllegalStateException("a caller got no value");
      }
    }
    counters.storms++;
    counters.upstreamCalls += calls.get();
    int loader = loadedBy.get();
    for (int other = 0; other < caches.size(); other++) {
      if (other != loader && loader >= 0 && firstAsked[other].get() < loadEnded.get()) {
        counters.contended++;
        break;
      }
    }
  }
}
