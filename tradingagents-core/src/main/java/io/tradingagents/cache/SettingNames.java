package io.tradingagents.cache;

import io.tradingagents.cache.spi.CacheTierProvider;
import io.tradingagents.cache.spi.TierSettings;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Catches mistyped settings before they are silently ignored: every {@code TA_CACHE_*} name must be one
 * that core or a tier provider on the class path reads, and none may be set to an empty value. TTL
 * overrides must name a market the library knows and, when their kind is close to a built-in one, that
 * kind.
 */
final class SettingNames {
  static final String PREFIX = "TA_CACHE_";
  private static final DataKind[] BUILT_IN_KINDS =
      {DataKind.STOCK_DATA, DataKind.NEWS, DataKind.FUNDAMENTALS, DataKind.ANALYSIS};

  private SettingNames() {}

  /**
   * @param settings every setting by name, blank values included (from the builder, the environment and
   *     the properties file)
   * @param known the {@code TA_CACHE_*} names core and the providers read
   * @throws CacheConfigurationException for an empty or unknown {@code TA_CACHE_*} setting
   */
  static void check(Map<String, String> settings, Set<String> known) {
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(settings).entrySet()) {
      String name = e.getKey();
      if (name == null || !name.startsWith(PREFIX)) {
        continue;
      }
      if (e.getValue() == null || e.getValue().isBlank()) {
        throw new CacheConfigurationException(name, name + " is set but empty: give it a value or unset "
            + "it to use the default", null);
      }
      if (!known.contains(name) && !name.startsWith(AdaptiveCacheBuilder.TTL_PREFIX)) {
        throw new CacheConfigurationException(name, name + " is not a setting of this library or of a "
            + "tier module on the class path" + suggestion(name, known) + " (the settings are listed in "
            + "docs/configuration.md; a tier module's own settings need its jar on the class path)", null);
      }
    }
  }

  /** @return the names core reads, plus those of every provider on the class path */
  static Set<String> known(Iterable<CacheTierProvider> providers) {
    Set<String> known = new TreeSet<>(Set.of(AdaptiveCacheBuilder.MEMORY_MAX_BYTES,
        AdaptiveCacheBuilder.MEMORY_ENABLED,
        AdaptiveCacheBuilder.PERFORMANCE_MODE, AdaptiveCacheBuilder.COMPRESSION_THRESHOLD,
        AdaptiveCacheBuilder.MAX_ENTRY_BYTES, AdaptiveCacheBuilder.SLOW_CALL_THRESHOLD,
        AdaptiveCacheBuilder.PROBE_INTERVAL, AdaptiveCacheBuilder.LOAD_LOCK_LEASE,
        AdaptiveCacheBuilder.NEGATIVE_TTL, AdaptiveCacheBuilder.MAX_SERVE_WITHOUT_LOG));
    known.addAll(io.tradingagents.market.MarketExpirySettings.NAMES);
    known.addAll(io.tradingagents.market.RefreshAheadSettings.NAMES);
    known.add(io.tradingagents.monitoring.SlowOperations.THRESHOLD_SETTING); // read by SlowOperations
    providers.forEach(p -> known.addAll(p.settingNames()));
    return known;
  }

  /**
   * Checks the kind and market of a TTL override {@code TA_CACHE_TTL_<KIND>[_<MARKET>]}: a suffix that
   * looks like a market must be one, and a kind within two typing errors of a built-in kind must be it.
   * Other kinds are the application's own (see {@link DataKind#of}).
   *
   * @param name the setting
   * @param kind its kind part, lower case, after a known market suffix was removed
   * @param market the market suffix found, or {@code null}
   * @throws CacheConfigurationException if it looks mistyped
   */
  static void checkTtlName(String name, String kind, @Nullable Market market) {
    for (DataKind builtIn : BUILT_IN_KINDS) {
      String known = builtIn.name();
      if (kind.equals(known)) {
        return;
      }
      if (market == null && kind.startsWith(known + "_")) {
        String suffix = kind.substring(known.length() + 1).toUpperCase(Locale.ROOT);
        throw new CacheConfigurationException(name, name + " names the market " + suffix + ", which is "
            + "not one this library knows; use " + ttlName(builtIn, null) + " for every market or one of "
            + ttlName(builtIn, Market.US) + ", _CN, _HK", null);
      }
    }
    String closest = TierSettings.closestName(kind,
        java.util.Arrays.stream(BUILT_IN_KINDS).map(DataKind::name).toList(), 2);
    if (closest != null) {
      throw new CacheConfigurationException(name, name + " does not name a built-in data kind; did you "
          + "mean " + ttlName(DataKind.of(closest), market) + "?", null);
    }
  }

  private static String ttlName(DataKind kind, @Nullable Market market) {
    return AdaptiveCacheBuilder.TTL_PREFIX + kind.name().toUpperCase(Locale.ROOT)
        + (market == null ? "" : "_" + market.code().toUpperCase(Locale.ROOT));
  }

  private static String suggestion(String name, Set<String> known) {
    String best = TierSettings.closestName(name, known, Math.max(3, name.length() / 4));
    return best == null ? "" : "; did you mean " + best + "?";
  }
}
