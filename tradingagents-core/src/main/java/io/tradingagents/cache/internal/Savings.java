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
