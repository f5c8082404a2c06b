package io.tradingagents.cache.internal;

import io.tradingagents.cache.CacheKey;
import io.tradingagents.monitoring.CacheObserver;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's monitoring counters that are not kept elsewhere, and the observers of its timed events.
 * The engine calls one method per event; none of them is on the in-process hit path. With no observer
 * attached, a timed event costs one volatile read.
 */
final class EngineMeters {
  private static final Logger log = LoggerFactory.getLogger(EngineMeters.class);
  private static final CacheObserver[] NONE = new CacheObserver[0];

  final LongAdder puts = new LongAdder();
  final LongAdder coalescedLoads = new LongAdder();
  final LongAdder invalidationsSent = new LongAdder();
  final LongAdder invalidationsReceived = new LongAdder();
  final LongAdder busReconnects = new LongAdder();
  /** Refresh-ahead reloads that stored a new value, failed, were left to another instance, or waited for a token. */
  final LongAdder refreshes = new LongAdder();
  final LongAdder refreshFailures = new LongAdder();
  final LongAdder refreshSkippedLocked = new LongAdder();
  final LongAdder refreshRateLimited = new LongAdder();
  private volatile CacheObserver[] observers = NONE;

  synchronized void addObserver(CacheObserver observer) {
    CacheObserver[] next = Arrays.copyOf(observers, observers.length + 1);
    next[observers.length] = observer;
    observers = next;
  }

  /** @param startNanos {@link System#nanoTime()} when the call started */
  void tierCall(String tier, CacheObserver.TierOperation operation, long startNanos) {
    if (observers.length > 0) { // no lambda, no clock read, when nothing observes
      notifyObservers(startNanos, (observer, nanos) -> observer.tierCall(tier, operation, nanos));
    }
  }

  /** @param startNanos {@link System#nanoTime()} when the loader was called */
  void load(CacheKey key, long startNanos, boolean success) {
    if (observers.length > 0) {
      notifyObservers(startNanos,
          (observer, nanos) -> observer.load(key.namespace(), key.kind(), nanos, success));
    }
  }

  /** @param startNanos {@link System#nanoTime()} when the get found nothing in memory */
  void missPath(long startNanos) {
    if (observers.length > 0) {
      notifyObservers(startNanos, CacheObserver::missPath);
    }
  }

  /** A {@code read} served a value written {@code ageMillis} ago. */
  void served(CacheKey key, long ageMillis, io.tradingagents.cache.CacheRead.StaleReason reason) {
    if (observers.length > 0) {
      for (CacheObserver observer : observers) {
        try {
          observer.served(key.namespace(), key.kind(), ageMillis, reason);
        } catch (RuntimeException e) {
          log.debug("Cache observer {} failed", observer, e);
        }
      }
    }
  }

  /** Tells every observer the time since {@code startNanos}; one that throws is logged, not rethrown. */
  private void notifyObservers(long startNanos, java.util.function.ObjLongConsumer<CacheObserver> event) {
    long nanos = System.nanoTime() - startNanos;
    for (CacheObserver observer : observers) {
      try {
        event.accept(observer, nanos);
      } catch (RuntimeException e) {
        log.debug("Cache observer {} failed", observer, e);
      }
    }
  }
}
