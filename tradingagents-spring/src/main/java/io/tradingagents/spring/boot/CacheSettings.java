package io.tradingagents.spring.boot;

import io.tradingagents.cache.AdaptiveCacheBuilder;
import io.tradingagents.cache.CacheConfigurationException;
import io.tradingagents.cache.spi.CacheTierProvider;
import io.tradingagents.cache.spi.TierSettings;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Maps {@code tradingagents.cache.*} properties onto the library's setting names, so that
 * {@code application.yml} takes exactly what the environment takes, validated by the same code
 * ({@link AdaptiveCacheBuilder#setting}):
 *
 * <ul>
 *   <li>the property name after {@code tradingagents.cache.} is upper-cased with {@code .} and {@code -}
 *       turned into {@code _}: {@code redis.host} is {@code REDIS_HOST}, {@code mongodb.url} is
 *       {@code MONGODB_URL};
 *   <li>a name that is not a tier module's setting and does not start with {@code TA_CACHE_} gets that
 *       prefix: {@code memory-max-bytes} is {@code TA_CACHE_MEMORY_MAX_BYTES},
 *       {@code ttl.stock-data.us} is {@code TA_CACHE_TTL_STOCK_DATA_US};
 *   <li>names starting with {@code REDIS_} or {@code MONGODB_} (the reference deployment's) keep their
 *       names and are read by their tier module as the environment's are;
 *   <li>a name under the prefix of a tier module that lists its settings
 *       ({@link CacheTierProvider#settingNames()}) but not this one is refused here, naming the property and
 *       the closest one; unknown {@code TA_CACHE_*} names are refused by the builder.
 * </ul>
 *
 * A setting also present in the process environment is left to the environment, which wins everywhere
 * in this library. Not thread-safe; used once at start-up.
 */
final class CacheSettings {
  static final String PREFIX = "tradingagents.cache";
  private static final String CORE_PREFIX = "TA_CACHE_";
  /** The reference deployment's setting names start with these; they keep their names. */
  private static final Set<String> REFERENCE_PREFIXES = Set.of("REDIS_", "MONGODB_");

  private CacheSettings() {}

  /**
   * @param environment Spring's environment
   * @return setting values by setting name, with the property each came from
   * @throws CacheConfigurationException for a property under a tier module's prefix that it does not read
   */
  static Map<String, Setting> read(Environment environment) {
    Map<String, String> properties = Binder.get(environment)
        .bind(PREFIX, Bindable.mapOf(String.class, String.class)).orElse(Map.of());
    Set<String> known = providerSettings();
    Set<String> prefixes = new TreeSet<>(REFERENCE_PREFIXES);
    known.stream().filter(n -> !n.startsWith(CORE_PREFIX) && n.indexOf('_') > 0)
        .forEach(n -> prefixes.add(n.substring(0, n.indexOf('_') + 1)));
    Map<String, Setting> settings = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : new TreeMap<>(properties).entrySet()) {
      String property = PREFIX + "." + e.getKey();
      String name = e.getKey().toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
      if (!known.contains(name) && !name.startsWith(CORE_PREFIX)) {
        String tierPrefix = prefixes.stream().filter(name::startsWith).findFirst().orElse(null);
        if (tierPrefix == null) {
          name = CORE_PREFIX + name;
        } else if (known.stream().anyMatch(k -> k.startsWith(tierPrefix))) {
          throw new CacheConfigurationException(name, property + " (" + name + ") is not a setting of this "
              + "library or of a tier module on the class path" + suggestion(name, known)
              + " (the settings are listed in docs/configuration.md)", null);
        }
      }
      settings.put(name, new Setting(property, e.getValue()));
    }
    return settings;
  }

  /**
   * A setting and where it came from.
   *
   * @param property the Spring property, e.g. {@code tradingagents.cache.redis.port}
   * @param value its value
   */
  record Setting(String property, String value) {
    @Override
    public String toString() {
      return property; // values may be secrets
    }
  }

  private static Set<String> providerSettings() {
    Set<String> names = new TreeSet<>();
    ServiceLoader.load(CacheTierProvider.class, CacheSettings.class.getClassLoader())
        .forEach(p -> names.addAll(p.settingNames()));
    return names;
  }

  private static String suggestion(String name, Set<String> known) {
    String best = TierSettings.closestName(name, known, Math.max(3, name.length() / 4));
    return best == null ? "" : "; did you mean " + PREFIX + "." + best.toLowerCase(Locale.ROOT).replace('_', '.')
        + " (" + best + ")?";
  }
}
