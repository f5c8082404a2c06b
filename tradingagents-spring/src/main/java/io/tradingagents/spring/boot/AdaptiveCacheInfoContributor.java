package io.tradingagents.spring.boot;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.BackendInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * Adds {@code tradingagents: {mode, configuredMode, primaryBackend, tiers}} to the Actuator info endpoint:
 * the performance mode in use, the mode fixed by configuration (if any), and the tiers in read order.
 * Secrets never appear. Thread-safe.
 */
public final class AdaptiveCacheInfoContributor implements InfoContributor {
  private final AdaptiveCache cache;

  /** @param cache the cache */
  public AdaptiveCacheInfoContributor(AdaptiveCache cache) {
    this.cache = requireNonNull(cache, "cache");
  }

  @Override
  public void contribute(Info.Builder builder) {
    BackendInfo info = cache.backendInfo();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("mode", info.mode().name().toLowerCase(Locale.ROOT));
    if (info.configuredMode() != null) {
      details.put("configuredMode", info.configuredMode().name().toLowerCase(Locale.ROOT));
    }
    details.put("primaryBackend", info.primaryBackend());
    List<String> tiers = info.tiers().stream().map(BackendInfo.TierInfo::name).toList();
    details.put("tiers", tiers);
    builder.withDetail("tradingagents", details);
  }
}
