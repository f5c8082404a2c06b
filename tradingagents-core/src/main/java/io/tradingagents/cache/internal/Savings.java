package io.tradingagents.cache.internal;

import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.CacheSavings;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.Market;
import io.tradingagents.cache.UpstreamCost;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/** Counts loader calls avoided per data kind and market, and prices them with the declared costs. */
final class Savings {
  private final Map<DataKind, UpstreamCost[]> costs;
  private final ConcurrentHashMap<DataKind, LongAdder[]> avoided = new ConcurrentHashMap<>();

  /** @param costs per kind, the cost in each market (by {@link Market#ordinal()}), {@code null} if none */
  Savings(Map<DataKind, UpstreamCost[]> costs) {
    Map<DataKind, UpstreamCost[]> copy = new HashMap<>();
    costs.forEach((kind, byMarket) -> copy.put(kind, byMarket.clone()));
    this.costs = copy;
  }

  void avoided(CacheKey key) {
    LongAdder[] counters = avoided.get(key.kind());
    if (counters == null) {
      counters = avoided.computeIfAbsent(key.kind(), k -> {
        LongAdder[] created = new LongAdder[Market.values().length];
        for (int i = 0; i < created.length; i++) {
          created[i] = new LongAdder();
        }
        return created;
      });
    }
    counters[key.market().ordinal()].increment();
  }

  /** @return the kinds with a declared cost, plus the built-in kinds */
  java.util.Set<DataKind> kinds() {
    java.util.Set<DataKind> kinds = new java.util.LinkedHashSet<>(java.util.List.of(DataKind.STOCK_DATA,
        DataKind.NEWS, DataKind.FUNDAMENTALS, DataKind.ANALYSIS));
    kinds.addAll(costs.keySet());
    return kinds;
  }

  /** @return loader calls avoided for {@code kind}, over all markets */
  long avoided(DataKind kind) {
    LongAdder[] counters = avoided.get(kind);
    long sum = 0;
    if (counters != null) {
      for (LongAdder counter : counters) {
        sum += counter.sum();
      }
    }
    return sum;
  }

  /** @return the cost units declared for {@code kind} in any market */
  java.util.Set<String> units(DataKind kind) {
    java.util.Set<String> units = new java.util.TreeSet<>();
    UpstreamCost[] byMarket = costs.get(kind);
    if (byMarket != null) {
      for (UpstreamCost cost : byMarket) {
        if (cost != null) {
          units.add(cost.unit());
        }
      }
    }
    return units;
  }

  /** @return the declared cost of the calls avoided for {@code kind} whose cost is in {@code unit} */
  double saved(DataKind kind, String unit) {
    LongAdder[] counters = avoided.get(kind);
    UpstreamCost[] byMarket = costs.get(kind);
    if (counters == null || byMarket == null) {
      return 0;
    }
    BigDecimal sum = BigDecimal.ZERO;
    for (Market market : Market.values()) {
      @Nullable UpstreamCost cost = byMarket[market.ordinal()];
      if (cost != null && cost.unit().equals(unit)) {
        sum = sum.add(cost.amount().multiply(BigDecimal.valueOf(counters[market.ordinal()].sum())));
      }
    }
    return sum.doubleValue();
  }

  CacheSavings snapshot() {
    Map<String, Long> calls = new HashMap<>();
    Map<String, BigDecimal> saved = new HashMap<>();
    avoided.forEach((kind, counters) -> {
      UpstreamCost[] byMarket = costs.get(kind);
      for (Market market : Market.values()) {
        long count = counters[market.ordinal()].sum();
        calls.merge(kind.name(), count, Long::sum);
        @Nullable UpstreamCost cost = byMarket == null ? null : byMarket[market.ordinal()];
        if (cost != null && count > 0) {
          saved.merge(cost.unit(), cost.amount().multiply(BigDecimal.valueOf(count)), BigDecimal::add);
        }
      }
    });
    return new CacheSavings(calls, saved);
  }
}
