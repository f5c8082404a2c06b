package io.tradingagents.examples.service;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A value computed at most once per time-to-live however many callers ask at once: the first caller after
 * expiry computes it, every other caller meanwhile waits for that same computation. So a storm of
 * {@code /status} requests costs one round of probes, not one per request.
 *
 * <p>Thread-safe.
 *
 * @param <T> the value's type
 */
final class Memo<T> {
  private final Supplier<T> compute;
  private final long ttlNanos;
  private final LongSupplier ticker;
  private final AtomicLong computations = new AtomicLong();
  private @Nullable CompletableFuture<T> current;
  private long computedAt;

  /**
   * @param compute makes a fresh value; it must not return null
   * @param ttl how long a value is reused, positive
   * @param ticker nanosecond time source ({@code System::nanoTime} outside tests)
   */
  Memo(Supplier<T> compute, Duration ttl, LongSupplier ticker) {
    this.compute = requireNonNull(compute, "compute");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive but was " + ttl);
    }
    this.ttlNanos = ttl.toNanos();
    this.ticker = requireNonNull(ticker, "ticker");
  }

  /**
   * @return the value computed within the time-to-live, else a new one
   * @throws RuntimeException whatever the computation threw (the next call computes again)
   */
  T get() {
    CompletableFuture<T> future;
    boolean mine = false;
    synchronized (this) {
      long now = ticker.getAsLong();
      future = current;
      if (future == null || (future.isDone() && now - computedAt >= ttlNanos)
          || future.isCompletedExceptionally()) {
        future = new CompletableFuture<>();
        current = future;
        computedAt = now;
        mine = true;
      }
    }
    if (mine) {
      computations.incrementAndGet();
      try {
        future.complete(requireNonNull(compute.get(), "computed value"));
      } catch (RuntimeException | Error e) {
        future.completeExceptionally(e);
        throw e;
      }
    }
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for another caller's computation", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    }
  }

  /** @return how many times the value was computed */
  long computations() {
    return computations.get();
  }
}
