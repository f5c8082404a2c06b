package io.tradingagents.cache.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.monitoring.ErrorCategory;
import io.tradingagents.cache.spi.DistributedLock;
import io.tradingagents.cache.spi.Invalidation;
import io.tradingagents.cache.spi.InvalidationBus;
import io.tradingagents.cache.spi.InvalidationLog;
import io.tradingagents.cache.spi.TierEntry;
import io.tradingagents.monitoring.CacheObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tier behind a circuit breaker. A failed or slow call counts against the breaker; once it opens, calls
 * are skipped at no cost until the {@linkplain #probe() health probe} sees the tier answer again. Writes
 * and removals that did not reach the tier are remembered ({@link MissedWrites}) and replayed into it
 * before it is used again, so it never serves a value that was replaced or invalidated meanwhile.
 * Nothing here throws to the caller: failures are counted and logged.
 */
final class GuardedTier {
  private static final Logger log = LoggerFactory.getLogger(GuardedTier.class);

  final CacheTier tier;
  final CircuitBreaker breaker;
  /** The tier's lock, if it offers one. */
  final @Nullable DistributedLock lock;
  /** The tier's invalidation bus, if it offers one. */
  final @Nullable InvalidationBus bus;
  /** The tier's invalidation log, if it offers one. */
  final @Nullable InvalidationLog invalidationLog;
  final LongAdder hits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder puts = new LongAdder();
  final LongAdder errors = new LongAdder();
  final LongAdder rejected = new LongAdder();
  final LongAdder reads = new LongAdder();
  final LongAdder readNanos = new LongAdder();
  private final MissedWrites missed = new MissedWrites();
  private final java.util.concurrent.atomic.AtomicBoolean errorLogged =
      new java.util.concurrent.atomic.AtomicBoolean();
  /** Receives the durations of gets and puts; set once by the engine before the tier is used. */
  volatile EngineMeters meters = new EngineMeters();
  private final Clock clock;

  GuardedTier(CacheTier tier, Duration slowCallThreshold, Clock clock) {
    this.tier = tier;
    this.clock = clock;
    this.lock = tier.distributedLock().orElse(null);
    this.bus = tier.invalidationBus().orElse(null);
    this.invalidationLog = tier.invalidationLog().orElse(null);
    this.breaker = CircuitBreaker.of(tier.name(), CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(10)
        .minimumNumberOfCalls(3)
        .failureRateThreshold(50)
        .slowCallRateThreshold(50)
        .slowCallDurationThreshold(slowCallThreshold)
        // Only the background probe closes an open breaker: callers never pay for a test call.
        .waitDurationInOpenState(Duration.ofDays(365))
        .build());
  }

  String name() {
    return tier.name();
  }

  /** The outcome of one {@link #tryLock} call. */
  record LockAttempt(DistributedLock.@Nullable Lease lease, boolean heldElsewhere) {
    static final LockAttempt FAILED = new LockAttempt(null, false);
    static final LockAttempt HELD = new LockAttempt(null, true);
  }

  /** @return a lease, {@link LockAttempt#HELD} if another owner has it, or {@link LockAttempt#FAILED} */
  LockAttempt tryLock(String name, Duration lease) {
    DistributedLock lock = this.lock;
    if (lock == null) {
      return LockAttempt.FAILED;
    }
    return call(() -> {
      DistributedLock.Lease held = lock.tryAcquire(name, lease);
      return held == null ? LockAttempt.HELD : new LockAttempt(held, false);
    }, LockAttempt.FAILED);
  }

  /**
   * Tries to take several locks in one request ({@link DistributedLock#tryAcquireAll}).
   *
   * @return the leases taken by name (a name left out is held by another owner), or {@code null} if the
   *     lock is unavailable (no lock, breaker open, or the call failed)
   */
  @Nullable Map<String, DistributedLock.Lease> tryLockAll(Collection<String> names, Duration lease) {
    DistributedLock lock = this.lock;
    if (lock == null) {
      return null;
    }
    return call(() -> lock.tryAcquireAll(names, lease), null);
  }

  /**
   * Extends leases this tier's lock handed out, in one request where the tier can; never throws (a lease
   * not extended runs out on its own, and another instance may then load the same key once more).
   */
  void extendAll(Collection<DistributedLock.Lease> leases, Duration lease) {
    DistributedLock lock = this.lock;
    if (lock == null || leases.isEmpty()) {
      return;
    }
    try {
      Set<String> extended = lock.extendAll(leases, lease);
      if (extended.size() < leases.size()) {
        log.debug("{} of {} load locks were lost before their load finished", leases.size() - extended.size(),
            leases.size());
      }
    } catch (RuntimeException e) {
      log.debug("Could not extend {} load locks", leases.size(), e);
    }
  }

  /**
   * Releases leases {@link #tryLock} or {@link #tryLockAll} took, in one request where the tier can; never
   * throws (a lease not released runs out on its own).
   */
  void releaseAll(Collection<DistributedLock.Lease> leases) {
    DistributedLock lock = this.lock;
    if (lock == null || leases.isEmpty()) {
      return;
    }
    try {
      lock.releaseAll(leases);
    } catch (RuntimeException e) {
      log.debug("Releasing {} locks failed; their leases run out on their own", leases.size(), e);
    }
  }

  /** @return whether the message was handed to the tier */
  boolean publish(Invalidation invalidation) {
    InvalidationBus bus = this.bus;
    if (bus == null) {
      return false;
    }
    return call(() -> {
      bus.publish(invalidation);
      return true;
    }, false);
  }

  /** @return writes and removals this tier missed that were replayed into it (or resolved) since start */
  long replays() {
    return missed.replayed.sum();
  }

  /** @return the new entry's position, or {@code null} if the log could not be reached (or there is none) */
  @Nullable String appendToLog(String namespace, Invalidation invalidation) {
    InvalidationLog target = invalidationLog;
    return target == null ? null : call(() -> target.append(namespace, invalidation), null);
  }

  /**
   * Appends a change, not a marker ({@link InvalidationLog#appendChange}).
   *
   * @return whether it was appended ({@code false} if the log could not be reached or there is none)
   */
  boolean appendChangeToLog(String namespace, Invalidation invalidation) {
    InvalidationLog target = invalidationLog;
    return target != null && call(() -> {
      target.appendChange(namespace, invalidation);
      return true;
    }, false);
  }

  /** @return the log's epoch ({@link InvalidationLog#epoch()}), or {@code null} if it could not be read */
  @Nullable String logEpoch() {
    InvalidationLog source = invalidationLog;
    return source == null ? null : call(source::epoch, null);
  }

  /**
   * The outcome of one {@link #readLog} call.
   *
   * @param entries what follows the position, or {@code null} if the log no longer holds it (a gap)
   * @param failed whether the log could not be reached (then {@code entries} means nothing)
   */
  record LogRead(@Nullable List<InvalidationLog.Entry> entries, boolean failed) {
    static final LogRead FAILED = new LogRead(null, true);
  }

  LogRead readLog(String namespace, String position, int max) {
    InvalidationLog source = invalidationLog;
    if (source == null) {
      return LogRead.FAILED;
    }
    return call(() -> new LogRead(source.readAfter(namespace, position, max), false), LogRead.FAILED);
  }

  boolean isUp() {
    CircuitBreaker.State state = breaker.getState();
    return state == CircuitBreaker.State.CLOSED || state == CircuitBreaker.State.HALF_OPEN;
  }

  @Nullable TierEntry get(String key) {
    long start = System.nanoTime();
    TierEntry entry = call(() -> tier.get(key), null, CacheObserver.TierOperation.GET);
    reads.increment();
    readNanos.add(System.nanoTime() - start);
    return entry;
  }

  Map<String, TierEntry> getAll(Collection<String> keys) {
    long start = System.nanoTime();
    Map<String, TierEntry> found = call(() -> tier.getAll(keys), Map.of(), CacheObserver.TierOperation.GET);
    reads.increment();
    readNanos.add(System.nanoTime() - start);
    return found;
  }

  /** @return whether the write reached the tier; if not, it is kept for the repair */
  boolean put(String key, TierEntry entry) {
    boolean ok = call(() -> {
      tier.put(key, entry);
      return true;
    }, false, CacheObserver.TierOperation.PUT);
    if (ok) {
      puts.increment();
    } else {
      missed.put(key, entry);
    }
    return ok;
  }

  /** @return whether the writes reached the tier; if not, they are kept for the repair */
  boolean putAll(Map<String, TierEntry> entries) {
    return putAllAndAppend(entries, Map.of()) != LoggedWrite.FAILED;
  }

  /** The outcome of one {@link #putAllAndAppend} call. */
  enum LoggedWrite {
    /** The entries did not reach the tier (they are kept for the repair); nothing is known of the log. */
    FAILED,
    /** The entries were stored, an append was not made. */
    WRITTEN,
    /** The entries were stored and every append made. */
    LOGGED
  }

  /**
   * Writes the entries and appends to the tier's log, in one round trip where the tier can
   * ({@link CacheTier#putAllAndAppend}); entries that did not reach the tier are kept for the repair.
   */
  LoggedWrite putAllAndAppend(Map<String, TierEntry> entries, Map<String, Invalidation> appends) {
    LoggedWrite outcome = call(() -> tier.putAllAndAppend(entries, appends) ? LoggedWrite.LOGGED
        : LoggedWrite.WRITTEN, LoggedWrite.FAILED, CacheObserver.TierOperation.PUT);
    if (outcome == LoggedWrite.FAILED) {
      entries.forEach(missed::put);
    } else {
      puts.add(entries.size());
    }
    return outcome;
  }

  /**
   * Back-fills: stores each entry only where the tier holds none ({@link CacheTier#putAllIfAbsent}), so a
   * copy of an older value never replaces a newer one written meanwhile. A failed back-fill is counted,
   * not kept for the repair: it was only a copy, and replaying it later could bring back a value that was
   * invalidated since.
   *
   * @return whether the call reached the tier
   */
  boolean backfill(Map<String, TierEntry> entries) {
    int stored = call(() -> tier.putAllIfAbsent(entries), -1);
    if (stored > 0) {
      puts.add(stored);
    }
    return stored >= 0;
  }

  /** @return whether the removal reached the tier; if not, it is kept for the repair */
  boolean remove(String key) {
    boolean ok = call(() -> {
      tier.remove(key);
      return true;
    }, false);
    if (!ok) {
      missed.remove(key, clock.millis());
    }
    return ok;
  }

  /** @return whether the removal reached the tier; if not, it is kept for the repair */
  boolean removeNamespace(String prefix) {
    boolean ok = call(() -> {
      tier.removeNamespace(prefix);
      return true;
    }, false);
    if (!ok) {
      missed.namespaceRemoval(prefix);
    }
    return ok;
  }

  /** Runs one tier operation under the breaker; a refused or failed call returns {@code fallback}. */
  private <T> T call(Supplier<T> operation, T fallback) {
    return call(operation, fallback, null);
  }

  /** @param timed reported to the engine's observers when attempted, or {@code null} */
  private <T> T call(Supplier<T> operation, T fallback, CacheObserver.@Nullable TierOperation timed) {
    if (!breaker.tryAcquirePermission()) {
      rejected.increment();
      return fallback;
    }
    long start = System.nanoTime();
    try {
      T result = operation.get();
      breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      if (timed != null) {
        meters.tierCall(tier.name(), timed, start);
      }
      return result;
    } catch (RuntimeException e) {
      breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
      errors.increment();
      if (timed != null) {
        meters.tierCall(tier.name(), timed, start);
      }
      log.debug("Tier {} operation failed", tier.name(), e);
      return fallback;
    } catch (Error e) {
      rethrowIfFatal(e);
      breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
      errors.increment();
      if (timed != null) {
        meters.tierCall(tier.name(), timed, start);
      }
      if (errorLogged.compareAndSet(false, true)) {
        log.atWarn().setMessage("Tier {} failed with {}; treated like any other tier failure (logged once, "
            + "counted in its errors)").addArgument(tier.name()).addArgument(e.toString()).setCause(e)
            .addKeyValue("event", "tier_error").addKeyValue("tier", tier.name())
            .addKeyValue("error_category", ErrorCategory.of(e)).log();
      }
      return fallback;
    }
  }

  /**
   * A tier's failure is contained, {@link LinkageError}s and a {@link StackOverflowError} (the stack has
   * unwound by now) included; the other {@link VirtualMachineError}s (out of memory, internal errors)
   * leave the JVM in no state to go on and propagate.
   */
  static void rethrowIfFatal(Throwable e) {
    if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
      throw (VirtualMachineError) e;
    }
  }

  /**
   * Pings the tier if it is down; if it answers, brings it up to date with what it missed and closes the
   * breaker. A tier that is up but missed a failed write is repaired too.
   *
   * @return whether the tier came back
   */
  boolean probe() {
    if (isUp()) {
      if (!missed.isEmpty()) {
        call(() -> {
          missed.repair(tier, clock.millis());
          return true;
        }, false);
      }
      return false;
    }
    try {
      tier.ping();
      missed.repair(tier, clock.millis());
    } catch (RuntimeException | Error e) {
      rethrowIfFatal(e);
      log.debug("Tier {} is still down", tier.name(), e);
      return false;
    }
    breaker.transitionToClosedState();
    try {
      missed.repair(tier, clock.millis()); // writes refused between the first repair and the close
    } catch (RuntimeException | Error e) {
      rethrowIfFatal(e);
      log.debug("Tier {} failed again while repairing", tier.name(), e);
      breaker.transitionToOpenState();
      return false;
    }
    return true;
  }

  /** Marks the tier down without waiting for failures (used when the first ping fails). */
  void markDown() {
    breaker.transitionToOpenState();
  }
}
