package io.tradingagents.cache.internal;

import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.PerformanceMode;
import io.tradingagents.monitoring.CacheInstrumentation;
import io.tradingagents.monitoring.CacheObserver;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/** Reads the engine's counters where they are kept; see {@link CacheInstrumentation}. */
final class EngineInstrumentation implements CacheInstrumentation {
  private final LocalTier local;
  private final Tiers tiers;
  private final Savings savings;
  private final EngineMeters meters;
  private final long maximumBytes;
  private final EnumMap<Counter, LongSupplier> counters = new EnumMap<>(Counter.class);
  private final List<String> tierNames;

  /** @param engineCounters the counters the engine keeps itself, by name */
  EngineInstrumentation(LocalTier local, Tiers tiers, Savings savings, EngineMeters meters, long maximumBytes,
      Map<Counter, LongSupplier> engineCounters) {
    this.local = local;
    this.tiers = tiers;
    this.savings = savings;
    this.meters = meters;
    this.maximumBytes = maximumBytes;
    counters.putAll(engineCounters);
    counters.put(Counter.PUTS, meters.puts::sum);
    counters.put(Counter.COALESCED_LOADS, meters.coalescedLoads::sum);
    counters.put(Counter.EVICTIONS, local.evictions::sum);
    counters.put(Counter.EVICTION_WEIGHT, local.evictionWeight::sum);
    counters.put(Counter.INVALIDATIONS_SENT, meters.invalidationsSent::sum);
    counters.put(Counter.INVALIDATIONS_RECEIVED, meters.invalidationsReceived::sum);
    counters.put(Counter.BUS_RECONNECTS, meters.busReconnects::sum);
    counters.put(Counter.REFRESHES, meters.refreshes::sum);
    counters.put(Counter.REFRESH_FAILURES, meters.refreshFailures::sum);
    counters.put(Counter.REFRESHES_LOCKED, meters.refreshSkippedLocked::sum);
    counters.put(Counter.REFRESHES_RATE_LIMITED, meters.refreshRateLimited::sum);
    for (Counter counter : Counter.values()) {
      if (!counters.containsKey(counter)) {
        throw new IllegalArgumentException("the engine keeps no counter " + counter);
      }
    }
    List<String> names = new ArrayList<>();
    names.add("memory");
    for (GuardedTier tier : tiers.all()) {
      names.add(tier.name());
    }
    this.tierNames = List.copyOf(names);
  }

  @Override
  public long count(Counter counter) {
    return counters.get(counter).getAsLong();
  }

  @Override
  public List<String> tierNames() {
    return tierNames;
  }

  @Override
  public long tierCount(int tier, TierCounter counter) {
    if (tier == 0) {
      switch (counter) {
        case HITS: return local.hits.sum();
        case MISSES: return local.misses.sum();
        case PUTS: return local.puts.sum();
        default: return 0;
      }
    }
    GuardedTier guarded = tiers.all()[tier - 1];
    switch (counter) {
      case HITS: return guarded.hits.sum();
      case MISSES: return guarded.misses.sum();
      case PUTS: return guarded.puts.sum();
      case ERRORS: return guarded.errors.sum();
      case REPLAYS: return guarded.replays();
      default: return guarded.rejected.sum();
    }
  }

  @Override
  public boolean tierAvailable(int tier) {
    if (tier == 0) {
      return true;
    }
    GuardedTier guarded = tiers.all()[tier - 1];
    return guarded.isUp() && tiers.allowed(guarded);
  }

  @Override
  public PerformanceMode mode() {
    return tiers.mode();
  }

  @Override
  public long memoryEntries() {
    return local.estimatedSize();
  }

  @Override
  public long memoryWeightBytes() {
    return local.weightedSize();
  }

  @Override
  public long memoryMaximumBytes() {
    return maximumBytes;
  }

  @Override
  public Set<DataKind> kinds() {
    return savings.kinds();
  }

  @Override
  public long callsAvoided(DataKind kind) {
    return savings.avoided(kind);
  }

  @Override
  public Set<String> costUnits(DataKind kind) {
    return savings.units(kind);
  }

  @Override
  public double saved(DataKind kind, String unit) {
    return savings.saved(kind, unit);
  }

  @Override
  public void addObserver(CacheObserver observer) {
    meters.addObserver(java.util.Objects.requireNonNull(observer, "observer"));
  }
}
