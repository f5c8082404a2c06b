package io.tradingagents.cache.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.tradingagents.cache.PerformanceMode;
import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.spi.TierKind;
import io.tradingagents.monitoring.ErrorCategory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared tiers, their health and the performance mode derived from it. Reads go to {@link #readable()}
 * (up and allowed by the mode); writes go to {@link #writable()} (allowed by the mode, up or not, so that
 * writes a down tier missed are remembered and repaired). Both are recomputed whenever a breaker changes
 * state.
 *
 * <p>Two daemon threads, both owned here: {@code tradingagents-cache-maintenance} runs the health probes
 * and what follows them (missed-write repair, the invalidation relay's flush and log reads), which may take
 * as long as a slow tier makes them; {@code tradingagents-cache-timer} runs only short periodic tasks (the
 * load lock's lease renewal), so a long repair can never make a lease run out.
 */
final class Tiers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Tiers.class);

  private final GuardedTier[] all;
  private final GuardedTier[] writable;
  private final @Nullable PerformanceMode override;
  private final Duration probeInterval;
  private final ScheduledExecutorService timer;
  private final ScheduledExecutorService maintenance;
  /** Whether a {@link #maintainNow()} round is queued and not yet started. */
  private final java.util.concurrent.atomic.AtomicBoolean roundQueued =
      new java.util.concurrent.atomic.AtomicBoolean();
  private volatile GuardedTier[] readable;
  private volatile Runnable afterProbe = () -> { };
  private volatile PerformanceMode mode;

  Tiers(List<CacheTier> tiers, @Nullable PerformanceMode override, Duration slowCallThreshold,
      Duration probeInterval, java.time.Clock clock) {
    this.override = override;
    this.probeInterval = probeInterval;
    List<CacheTier> sorted = new ArrayList<>(tiers);
    sorted.sort(Comparator.comparing(CacheTier::kind)); // stable: REDIS, MONGODB, FILE, OTHER
    this.all = sorted.stream().map(t -> new GuardedTier(t, slowCallThreshold, clock)).toArray(GuardedTier[]::new);
    this.writable = java.util.Arrays.stream(all).filter(this::allowed).toArray(GuardedTier[]::new);
    for (GuardedTier tier : all) {
      try {
        tier.tier.ping();
      } catch (RuntimeException | Error e) {
        GuardedTier.rethrowIfFatal(e);
        log.atWarn().setMessage("Cache tier {} is not answering at start-up ({}); it is skipped until a health "
            + "probe succeeds (every {})").addArgument(tier.name()).addArgument(e.toString())
            .addArgument(probeInterval).addKeyValue("event", "tier_down").addKeyValue("tier", tier.name())
            .addKeyValue("reason", "startup").addKeyValue("error_category", ErrorCategory.of(e)).log();
        tier.markDown();
      }
      tier.breaker.getEventPublisher().onStateTransition(event -> onTransition(tier, event.getStateTransition()));
    }
    this.readable = new GuardedTier[0];
    this.mode = PerformanceMode.MEMORY_ONLY;
    recompute();
    this.timer = daemon("tradingagents-cache-timer");
    this.maintenance = daemon("tradingagents-cache-maintenance");
    if (all.length > 0) {
      long millis = Math.max(1, probeInterval.toMillis());
      maintenance.scheduleWithFixedDelay(this::probeAll, millis, millis, TimeUnit.MILLISECONDS);
    }
  }

  private static ScheduledExecutorService daemon(String name) {
    return Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, name);
      thread.setDaemon(true);
      return thread;
    });
  }

  GuardedTier[] all() {
    return all;
  }

  GuardedTier[] readable() {
    return readable;
  }

  GuardedTier[] writable() {
    return writable;
  }

  /** @return the first readable tier that offers a distributed lock, or {@code null} */
  @Nullable GuardedTier lockTier() {
    for (GuardedTier tier : readable) {
      if (tier.lock != null) {
        return tier;
      }
    }
    return null;
  }

  /** @return the first tier that offers an invalidation bus, or {@code null} */
  @Nullable GuardedTier busTier() {
    for (GuardedTier tier : all) {
      if (tier.bus != null && allowed(tier)) {
        return tier;
      }
    }
    return null;
  }

  /** @return the daemon thread for short periodic engine tasks (never probes or repairs) */
  java.util.concurrent.ScheduledExecutorService scheduler() {
    return timer;
  }

  /**
   * Runs a round of probes, repairs and the post-probe task on the maintenance thread as soon as it is
   * free, without waiting for the next probe interval (used when a tier is known to be back). Rounds asked
   * for while one is queued coalesce into it.
   */
  void maintainNow() {
    if (!roundQueued.compareAndSet(false, true)) {
      return;
    }
    try {
      maintenance.execute(() -> {
        roundQueued.set(false);
        probeAll();
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      roundQueued.set(false);
      log.debug("Maintenance round not run: the cache is closing", e);
    }
  }

  /** @param task run after every round of health probes */
  void afterEachProbe(Runnable task) {
    this.afterProbe = task;
  }

  /** @return the mode of the tiers in use now (a fixed mode limits which tiers may be used) */
  PerformanceMode mode() {
    return mode;
  }

  /** @return the mode fixed by configuration, or {@code null} when it follows tier health */
  @Nullable PerformanceMode configuredMode() {
    return override;
  }

  boolean allowed(GuardedTier tier) {
    if (override == null) {
      return true;
    }
    switch (tier.tier.kind()) {
      case REDIS: return override.usesRedis();
      case MONGODB: return override.usesMongo();
      case FILE: return override.usesFile();
      default: return true;
    }
  }

  /** Runs the health probe once now (the scheduler also runs it every probe interval). */
  void probeAll() {
    for (GuardedTier tier : all) {
      try {
        tier.probe();
      } catch (RuntimeException | Error e) {
        GuardedTier.rethrowIfFatal(e);
        log.debug("Health probe of tier {} failed", tier.name(), e);
      }
    }
    try {
      afterProbe.run();
    } catch (RuntimeException | Error e) {
      GuardedTier.rethrowIfFatal(e);
      log.debug("Post-probe task failed", e);
    }
  }

  private void onTransition(GuardedTier tier, CircuitBreaker.StateTransition transition) {
    if (transition.getToState() == CircuitBreaker.State.OPEN) {
      log.atWarn().setMessage("Cache tier {} is failing or slow; it is skipped until a health probe succeeds "
          + "(every {})").addArgument(tier.name()).addArgument(probeInterval).addKeyValue("event", "tier_down")
          .addKeyValue("tier", tier.name()).addKeyValue("reason", "breaker_open").log();
    } else if (transition.getToState() == CircuitBreaker.State.CLOSED) {
      log.atInfo().setMessage("Cache tier {} is answering again and back in use").addArgument(tier.name())
          .addKeyValue("event", "tier_up").addKeyValue("tier", tier.name()).log();
    }
    recompute();
  }

  private synchronized void recompute() {
    List<GuardedTier> up = new ArrayList<>();
    boolean redis = false;
    boolean mongo = false;
    boolean file = false;
    for (GuardedTier tier : all) {
      if (tier.isUp() && allowed(tier)) {
        up.add(tier);
        TierKind kind = tier.tier.kind();
        redis |= kind == TierKind.REDIS;
        mongo |= kind == TierKind.MONGODB;
        file |= kind == TierKind.FILE;
      }
    }
    readable = up.toArray(new GuardedTier[0]);
    // With a fixed mode, the tiers outside it are not used; the mode reported is still what is in use.
    PerformanceMode next = PerformanceMode.of(redis, mongo, file);
    if (next != mode) {
      log.atInfo().setMessage("Cache performance mode is now {} (tiers in use: {})").addArgument(next)
          .addArgument(up.stream().map(GuardedTier::name).toList()).addKeyValue("event", "performance_mode_changed")
          .addKeyValue("mode", next.name().toLowerCase(java.util.Locale.ROOT)).log();
      mode = next;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    maintenance.shutdownNow();
    for (GuardedTier tier : all) {
      try {
        tier.tier.close();
      } catch (RuntimeException | Error e) {
        GuardedTier.rethrowIfFatal(e);
        log.atWarn().setMessage("Closing cache tier {} failed").addArgument(tier.name()).setCause(e)
            .addKeyValue("event", "tier_close_failed").addKeyValue("tier", tier.name())
            .addKeyValue("error_category", ErrorCategory.of(e)).log();
      }
    }
  }
}
