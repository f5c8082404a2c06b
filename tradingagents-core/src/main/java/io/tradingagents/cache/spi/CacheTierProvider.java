package io.tradingagents.cache.spi;

/**
 * Opens a tier from settings. Registered in
 * {@code META-INF/services/io.tradingagents.cache.spi.CacheTierProvider} and found by
 * {@link java.util.ServiceLoader} when the builder discovers tiers; having the jar on the class path adds
 * the tier. Implementations need a public no-argument constructor and are stateless.
 */
public interface CacheTierProvider {

  /** @return the tier name, e.g. {@code redis}; unique among providers */
  String name();

  /**
   * Whether the settings ask for this tier. A Redis provider, for example, is configured when
   * {@code REDIS_URL} or {@code REDIS_HOST} is set and {@code REDIS_ENABLED} is not {@code false}.
   *
   * @param settings the cache's settings
   * @return whether {@link #open} should be called
   * @throws io.tradingagents.cache.CacheConfigurationException if a setting it reads is malformed
   */
  boolean isConfigured(TierSettings settings);

  /**
   * Opens the tier. Must not fail because the server is down: a tier that cannot connect yet is
   * returned anyway and starts unhealthy (the guard probes it until it answers).
   *
   * @param settings the cache's settings
   * @return the tier
   * @throws io.tradingagents.cache.CacheConfigurationException if a setting is malformed
   */
  CacheTier open(TierSettings settings);

  /**
   * The {@code TA_CACHE_*} settings this provider reads, so that the builder can reject a mistyped one
   * ("did you mean ...?") instead of ignoring it. Settings under other prefixes ({@code REDIS_*}) are not
   * checked: they are shared with other programs.
   *
   * @return the names; default none
   */
  default java.util.Set<String> settingNames() {
    return java.util.Set.of();
  }
}
