package io.tradingagents.cache.redis;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Threads that read and write a small set of keys through a cache until stopped, tagging every call
 * with the test's current phase and counting, per phase: calls, reads answered with a value, calls slower
 * than a threshold, and total time. Every exception a call throws is kept: the tests expect none.
 */
final class Workload {
  static final int PHASES = 4;
  private final AdaptiveCache cache;
  private final long slowNanos;
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicInteger phase = new AtomicInteger();
  private final AtomicIntegerArray lastPhase;
  private volatile boolean running = true;
  final AtomicLongArray calls = new AtomicLongArray(PHASES);
  final AtomicLongArray answeredReads = new AtomicLongArray(PHASES);
  final AtomicLongArray slowCalls = new AtomicLongArray(PHASES);
  final AtomicLongArray nanos = new AtomicLongArray(PHASES);
  final AtomicLong maxNanos = new AtomicLong();
  final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();

  /**
   * @param cache the cache under test
   * @param threadCount how many callers
   * @param slow a call longer than this is counted as slow
   */
  Workload(AdaptiveCache cache, int threadCount, Duration slow) {
    this.cache = cache;
    this.slowNanos = slow.toNanos();
    this.lastPhase = new AtomicIntegerArray(threadCount);
    for (int i = 0; i < threadCount; i++) {
      int index = i;
      Thread thread = new Thread(() -> run(index), "workload-" + i);
      thread.setDaemon(true);
      threads.add(thread);
    }
    threads.forEach(Thread::start);
  }

  private void run(int index) {
    long n = 0;
    while (running) {
      CacheKey key = CacheKey.of(DataKind.STOCK_DATA, "S" + ThreadLocalRandom.current().nextInt(32));
      int p = phase.get();
      long start = System.nanoTime();
      try {
        if (n++ % 2 == 0) {
          if (cache.get(key, String.class) != null) {
            answeredReads.incrementAndGet(p);
          }
        } else {
          cache.put(key, "value-" + n);
        }
      } catch (Throwable t) {
        failures.add(t);
      }
      long took = System.nanoTime() - start;
      calls.incrementAndGet(p);
      nanos.addAndGet(p, took);
      maxNanos.accumulateAndGet(took, Math::max);
      if (took > slowNanos) {
        slowCalls.incrementAndGet(p);
      }
      lastPhase.set(index, p);
    }
  }

  /** @param next the phase calls started from now on are counted in */
  void phase(int next) {
    phase.set(next);
  }

  /**
   * @param p a phase
   * @return whether every thread has finished a call it started in phase {@code p} (so no call started
   *     earlier is still running)
   */
  boolean everyThreadFinishedACallIn(int p) {
    for (int i = 0; i < lastPhase.length(); i++) {
      if (lastPhase.get(i) < p) {
        return false;
      }
    }
    return true;
  }

  /** @return calls so far in {@code p} */
  long calls(int p) {
    return calls.get(p);
  }

  /** @return slow calls over all phases */
  long totalSlowCalls() {
    long total = 0;
    for (int p = 0; p < PHASES; p++) {
      total += slowCalls.get(p);
    }
    return total;
  }

  /** @return the mean time of a call in phase {@code p}, in microseconds */
  double meanMicros(int p) {
    long c = calls.get(p);
    return c == 0 ? 0 : nanos.get(p) / 1_000.0 / c;
  }

  /** Stops the threads and waits for them (up to 10 s each). Idempotent. */
  void stop() {
    running = false;
    for (Thread thread : threads) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** @return a one-line summary for failure messages and the report */
  String summary() {
    StringBuilder sb = new StringBuilder();
    for (int p = 0; p < PHASES; p++) {
      sb.append(String.format("phase %d: %d calls, %d reads answered, %d slow, mean %.1f us; ", p, calls.get(p),
          answeredReads.get(p), slowCalls.get(p), meanMicros(p)));
    }
    return sb.append("max ").append(maxNanos.get() / 1_000_000).append(" ms").toString();
  }
}
