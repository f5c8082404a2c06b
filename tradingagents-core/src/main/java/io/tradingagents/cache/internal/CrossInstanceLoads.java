package io.tradingagents.cache.internal;

import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.spi.DistributedLock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single-flight across instances: with a tier that offers a {@link DistributedLock}, one instance loads a
 * key while the others back off, re-read the shared tiers, and use what it stored. Without such a tier, or
 * when the lock cannot be reached, or when the lease runs out, the caller loads (in-JVM single-flight
 * still holds).
 */
final class CrossInstanceLoads {
  private static final Logger log = LoggerFactory.getLogger(CrossInstanceLoads.class);
  private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final Tiers tiers;
  private final Duration lease;

  CrossInstanceLoads(Tiers tiers, Duration lease) {
    this.tiers = tiers;
    this.lease = lease;
  }

  /**
   * Extends the lease every third of it while the load runs, so a load slower than the lease still keeps
   * the others waiting instead of letting a second instance call the upstream. Runs on the tiers' probe
   * thread, all of a batch's leases in one request ({@link DistributedLock#extendAll}); a failed extension
   * only means the lease may run out (logged at DEBUG).
   */
  private java.util.concurrent.ScheduledFuture<?> renewWhileLoading(GuardedTier lockTier,
      Collection<DistributedLock.Lease> leases) {
    long period = Math.max(1, lease.toMillis() / 3);
    return tiers.scheduler().scheduleAtFixedRate(() -> lockTier.extendAll(leases, lease), period, period,
        TimeUnit.MILLISECONDS);
  }

  /**
   * @param reread reads the shared tiers; returns {@code null} on a miss
   * @param load calls the loader and stores its result
   * @return what another instance stored, or what {@code load} returned
   */
  Object run(CacheKey key, Supplier<@Nullable Object> reread, Supplier<Object> load) {
    GuardedTier lockTier = tiers.lockTier();
    if (lockTier == null) {
      return load.get();
    }
    String name = "load:" + key.asString();
    long deadline = System.nanoTime() + lease.toNanos();
    long backoff = FIRST_BACKOFF_NANOS;
    while (true) {
      GuardedTier.LockAttempt attempt = lockTier.tryLock(name, lease);
      DistributedLock.Lease held = attempt.lease();
      if (held != null) {
        java.util.concurrent.ScheduledFuture<?> renewal = renewWhileLoading(lockTier, List.of(held));
        try (held) {
          Object stored = reread.get(); // another instance may have finished just before we got the lock
          return stored != null ? stored : load.get();
        } finally {
          renewal.cancel(false);
        }
      }
      if (!attempt.heldElsewhere() || System.nanoTime() - deadline > 0) {
        log.debug("Loading {} without the distributed lock (lock {})", key,
            attempt.heldElsewhere() ? "lease ran out" : "unavailable");
        return load.get();
      }
      LockSupport.parkNanos(backoff);
      if (Thread.currentThread().isInterrupted()) {
        return load.get();
      }
      backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
      Object stored = reread.get();
      if (stored != null) {
        return stored;
      }
    }
  }

  /**
   * {@link #run} for a load that completes later, holding no thread while it waits: the lock is tried on
   * the calling thread; while another instance holds it, each re-read is scheduled after the back-off and
   * run on {@code executor}; a lock taken is kept (and renewed) until {@code load}'s future completes.
   *
   * @param reread reads the shared tiers; returns {@code null} on a miss
   * @param load starts the load; its future completes once the result is stored
   * @return what another instance stored, or the result of {@code load}
   */
  CompletableFuture<Object> runAsync(CacheKey key, Supplier<@Nullable Object> reread,
      Supplier<CompletableFuture<Object>> load, Executor executor) {
    GuardedTier lockTier = tiers.lockTier();
    if (lockTier == null) {
      return load.get();
    }
    CompletableFuture<Object> result = new CompletableFuture<>();
    attemptAsync(new AsyncAttempt(key, lockTier, reread, load, executor, result,
        System.nanoTime() + lease.toNanos()), FIRST_BACKOFF_NANOS);
    return result;
  }

  /** One asynchronous cross-instance load: what each attempt needs. */
  private record AsyncAttempt(CacheKey key, GuardedTier lockTier, Supplier<@Nullable Object> reread,
      Supplier<CompletableFuture<Object>> load, Executor executor, CompletableFuture<Object> result,
      long deadline) {

    void finishWith(CompletableFuture<Object> loading, @Nullable Runnable after) {
      loading.whenComplete((value, error) -> {
        if (after != null) {
          after.run();
        }
        if (error != null) {
          result.completeExceptionally(error);
        } else {
          result.complete(value);
        }
      });
    }
  }

  private void attemptAsync(AsyncAttempt call, long backoff) {
    try {
      GuardedTier.LockAttempt attempt = call.lockTier().tryLock("load:" + call.key().asString(), lease);
      DistributedLock.Lease held = attempt.lease();
      if (held != null) {
        java.util.concurrent.ScheduledFuture<?> renewal = renewWhileLoading(call.lockTier(), List.of(held));
        CompletableFuture<Object> loading;
        try {
          Object stored = call.reread().get(); // another instance may have finished just before we got the lock
          loading = stored != null ? CompletableFuture.completedFuture(stored) : call.load().get();
        } catch (RuntimeException | Error e) {
          loading = CompletableFuture.failedFuture(e);
        }
        call.finishWith(loading, () -> {
          renewal.cancel(false);
          try {
            held.close();
          } catch (RuntimeException e) {
            log.debug("Could not release the load lock {}", held.name(), e);
          }
        });
        return;
      }
      if (!attempt.heldElsewhere() || System.nanoTime() - call.deadline() > 0) {
        log.debug("Loading {} without the distributed lock (lock {})", call.key(),
            attempt.heldElsewhere() ? "lease ran out" : "unavailable");
        call.finishWith(call.load().get(), null);
        return;
      }
      tiers.scheduler().schedule(() -> {
        try {
          call.executor().execute(() -> {
            try {
              Object stored = call.reread().get();
              if (stored != null) {
                call.result().complete(stored);
              } else {
                attemptAsync(call, Math.min(backoff * 2, MAX_BACKOFF_NANOS));
              }
            } catch (RuntimeException | Error e) {
              call.result().completeExceptionally(e);
            }
          });
        } catch (RuntimeException e) { // the cache was closed meanwhile
          call.result().completeExceptionally(e);
        }
      }, backoff, TimeUnit.NANOSECONDS);
    } catch (RuntimeException | Error e) {
      call.result().completeExceptionally(e);
    }
  }

  /**
   * {@link #run} for a batch, without serialising it: every key's lock is tried in one request
   * ({@link DistributedLock#tryAcquireAll}: one pipeline on Redis), each lock on its own; the keys this
   * instance locks (and those whose lock cannot be reached) are re-read and the rest loaded in one call;
   * the keys another instance holds are then awaited as {@link #run} does (backing off, re-reading), and
   * loaded in a further call only if their lock comes free without a value or the lease runs out. No lock
   * is held while waiting, so two instances loading overlapping batches never wait for each other in a
   * cycle.
   *
   * @param reread reads the shared tiers; returns what it found
   * @param found takes what another instance stored
   * @param load calls the loader for the keys given and stores its results
   */
  void runAll(Set<CacheKey> keys, Function<Set<CacheKey>, Map<CacheKey, Object>> reread,
      Consumer<Map<CacheKey, Object>> found, Consumer<Set<CacheKey>> load) {
    GuardedTier lockTier = tiers.lockTier();
    if (lockTier == null) {
      load.accept(keys);
      return;
    }
    Set<CacheKey> pending = new LinkedHashSet<>(keys);
    long deadline = System.nanoTime() + lease.toNanos();
    long backoff = FIRST_BACKOFF_NANOS;
    while (true) {
      boolean late = System.nanoTime() - deadline > 0 || Thread.currentThread().isInterrupted();
      Map<String, CacheKey> byName = new LinkedHashMap<>();
      for (CacheKey key : pending) {
        byName.put("load:" + key.asString(), key);
      }
      // One request for every lock (one Redis pipeline), not a round trip per key.
      Map<String, DistributedLock.Lease> taken = lockTier.tryLockAll(byName.keySet(), lease);
      Map<CacheKey, DistributedLock.Lease> held = new LinkedHashMap<>();
      Set<CacheKey> toLoad = new LinkedHashSet<>();
      for (Map.Entry<String, CacheKey> named : byName.entrySet()) {
        CacheKey key = named.getValue();
        DistributedLock.Lease leased = taken == null ? null : taken.get(named.getKey());
        if (leased != null) {
          held.put(key, leased);
          pending.remove(key);
        } else if (taken == null || late) {
          log.debug("Loading {} without the distributed lock (lock {})", key,
              taken == null ? "unavailable" : "lease ran out");
          toLoad.add(key);
          pending.remove(key);
        }
      }
      loadLocked(lockTier, held, toLoad, reread, found, load);
      if (pending.isEmpty()) {
        return;
      }
      LockSupport.parkNanos(backoff);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
      Map<CacheKey, Object> stored = reread.apply(pending);
      found.accept(stored);
      pending.removeAll(stored.keySet());
      if (pending.isEmpty()) {
        return;
      }
    }
  }

  /** Re-reads the keys just locked, loads the rest with {@code unlocked}, then releases the locks. */
  private void loadLocked(GuardedTier lockTier, Map<CacheKey, DistributedLock.Lease> held,
      Set<CacheKey> unlocked, Function<Set<CacheKey>, Map<CacheKey, Object>> reread,
      Consumer<Map<CacheKey, Object>> found, Consumer<Set<CacheKey>> load) {
    if (held.isEmpty()) {
      if (!unlocked.isEmpty()) {
        load.accept(unlocked);
      }
      return;
    }
    java.util.concurrent.ScheduledFuture<?> renewal = renewWhileLoading(lockTier, List.copyOf(held.values()));
    try {
      Map<CacheKey, Object> stored = reread.apply(held.keySet()); // finished just before we got the locks?
      found.accept(stored);
      Set<CacheKey> toLoad = new LinkedHashSet<>(unlocked);
      held.keySet().stream().filter(key -> !stored.containsKey(key)).forEach(toLoad::add);
      if (!toLoad.isEmpty()) {
        load.accept(toLoad);
      }
    } finally {
      renewal.cancel(false);
      lockTier.releaseAll(held.values());
    }
  }
}
