package io.tradingagents.spring.boot;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.BackendInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Reports the cache's tiers as {@link AdaptiveCache#backendInfo()} sees them: per tier {@code UP},
 * {@code DOWN} (its circuit breaker is open: the cache skips it) or {@code OUT_OF_SERVICE} (outside a
 * configured performance mode), with its state, sizes and details; plus the performance mode and primary
 * backend. The indicator is {@code DOWN} only when a tier listed as required
 * ({@code tradingagents.spring.health.required-tiers}) is not available or not configured: the cache keeps
 * serving without the others. It reads state the cache already holds and calls no server. Thread-safe.
 */
public final class AdaptiveCacheHealthIndicator implements HealthIndicator {
  private final AdaptiveCache cache;
  private final List<String> requiredTiers;

  /**
   * @param cache the cache
   * @param requiredTiers names of tiers whose outage makes this indicator DOWN
   */
  public AdaptiveCacheHealthIndicator(AdaptiveCache cache, List<String> requiredTiers) {
    this.cache = requireNonNull(cache, "cache");
    this.requiredTiers = List.copyOf(requiredTiers);
  }

  @Override
  public Health health() {
    BackendInfo info = cache.backendInfo();
    Map<String, Object> tiers = new LinkedHashMap<>();
    for (BackendInfo.TierInfo tier : info.tiers()) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("status", tier.available() ? "UP" : "EXCLUDED".equals(tier.state()) ? "OUT_OF_SERVICE" : "DOWN");
      details.put("state", tier.state());
      if (tier.entryCount() >= 0) {
        details.put("entries", tier.entryCount());
      }
      if (tier.sizeBytes() >= 0) {
        details.put("sizeBytes", tier.sizeBytes());
      }
      details.putAll(tier.details());
      tiers.put(tier.name(), details);
    }
    List<String> requiredDown = new ArrayList<>();
    for (String name : requiredTiers) {
      if (!info.isAvailable(name)) {
        requiredDown.add(name);
      }
    }
    Health.Builder health = requiredDown.isEmpty() ? Health.up() : Health.down();
    health.withDetail("mode", info.mode().name().toLowerCase(Locale.ROOT))
        .withDetail("primaryBackend", info.primaryBackend())
        .withDetail("tiers", tiers);
    if (!requiredDown.isEmpty()) {
      health.withDetail("requiredTiersDown", requiredDown);
    }
    return health.build();
  }
}
