package io.tradingagents.cache;

import java.math.BigDecimal;
import java.util.Map;

/**
 * What the cache saved: upstream calls avoided (loads answered from a tier instead of the loader) per data
 * kind, and their declared cost per unit (currency or quota). Immutable.
 *
 * @param callsAvoided calls avoided per data kind name
 * @param savedByUnit cost avoided per unit ({@code USD}, {@code CNY}, a quota unit), for kinds with a
 *     declared {@link UpstreamCost}; never summed across units
 */
public record CacheSavings(Map<String, Long> callsAvoided, Map<String, BigDecimal> savedByUnit) {

  /* Copies the maps. */
  public CacheSavings {
    callsAvoided = Map.copyOf(callsAvoided);
    savedByUnit = Map.copyOf(savedByUnit);
  }

  /** @return calls avoided over all kinds */
  public long totalCallsAvoided() {
    return callsAvoided.values().stream().mapToLong(Long::longValue).sum();
  }
}
