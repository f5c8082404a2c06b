package io.tradingagents.cache;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the cache is running on right now, as the reference deployment's backend info reported it
 * (primary backend, fallback, available stores, entry counts and sizes) plus per-tier health. Immutable;
 * secrets never appear in it.
 *
 * @param mode the performance mode of the tiers in use now, recomputed from their health (a fixed mode
 *     limits which tiers may be used, so this is never a mode whose tiers are down)
 * @param configuredMode the mode fixed by configuration ({@code TA_CACHE_PERFORMANCE_MODE}), or
 *     {@code null} when the mode follows tier health
 * @param primaryBackend the first shared tier reads go to, or {@code memory} if none is up
 * @param fallbackEnabled whether a tier below the primary one can answer when it fails
 * @param tiers every tier in read order, the in-process tier first
 */
public record BackendInfo(PerformanceMode mode, @Nullable PerformanceMode configuredMode, String primaryBackend, boolean fallbackEnabled,
    List<TierInfo> tiers) {

  /* Copies the tier list. */
  public BackendInfo {
    tiers = List.copyOf(tiers);
  }

  /**
   * @param name a tier name
   * @return whether a tier of that name is configured and up
   */
  public boolean isAvailable(String name) {
    return tiers.stream().anyMatch(t -> t.name().equals(name) && t.available());
  }

  /**
   * Health and size of one tier.
   *
   * @param name the tier's name
   * @param available whether reads and writes go to it now
   * @param state the guard's state: {@code CLOSED} (healthy), {@code OPEN} (skipped until a probe
   *     succeeds), {@code HALF_OPEN}, {@code EXCLUDED} (outside a configured performance mode) or
   *     {@code LOCAL} for the in-process tier
   * @param entryCount entries held, or -1 if unknown
   * @param sizeBytes bytes held, or -1 if unknown
   * @param details tier-specific facts (server version, directory, masked URI, ...); never secrets
   */
  public record TierInfo(String name, boolean available, String state, long entryCount, long sizeBytes,
      Map<String, String> details) {

    /** Copies the details. */
    public TierInfo {
      details = Map.copyOf(details);
    }
  }
}
