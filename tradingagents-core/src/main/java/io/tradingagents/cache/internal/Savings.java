package io.tradingagents.cache.internal;

import io.tradingagents.cache.CacheSavings;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.UpstreamCost;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts loader calls avoided per data kind and prices them with the declared upstream costs. */
final class Savings {
  private final Map<DataKind, UpstreamCost> costs;
  private final ConcurrentHashMap<DataKind, LongAdder> avoided = new ConcurrentHashMap<>();

  Savings(Map<DataKind, UpstreamCost> costs) {
    this.costs = Map.copyOf(costs);
  }

  void avoided(DataKind kind) {
    LongAdder counter = avoided.get(kind);
    if (counter == null) {
      counter = avoided.computeIfAbsent(kind, k -> new LongAdder());
    }
    counter.increment();
  }

  CacheSavings snapshot() {
    Map<String, Long> calls = new HashMap<>();
    Map<String, BigDecimal> saved = new HashMap<>();
    avoided.forEach((kind, counter) -> {
      long count = counter.sum();
      calls.put(kind.name(), count);
      UpstreamCost cost = costs.get(kind);
      if (cost != null) {
        saved.merge(cost.unit(), cost.amount().multiply(BigDecimal.valueOf(count)), BigDecimal::add);
      }
    });
    return new CacheSavings(calls, saved);
  }
}
