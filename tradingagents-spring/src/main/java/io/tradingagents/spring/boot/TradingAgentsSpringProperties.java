package io.tradingagents.spring.boot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the Spring integration uses the cache ({@code tradingagents.spring.*}); the cache's own settings are
 * under {@code tradingagents.cache.*} (see {@link CacheSettings}). Not thread-safe; bound once.
 */
@ConfigurationProperties(prefix = "tradingagents.spring")
public class TradingAgentsSpringProperties {
  private boolean enabled = true;
  private String metricsName = "tradingagents";
  private String defaultKind = "stock_data";
  private Map<String, String> kinds = new LinkedHashMap<>();
  private final Health health = new Health();

  /** @return whether the auto-configuration applies; default {@code true} */
  public boolean isEnabled() {
    return enabled;
  }

  /** @param enabled whether the auto-configuration applies */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** @return the {@code cache} tag of the meters; default {@code tradingagents} */
  public String getMetricsName() {
    return metricsName;
  }

  /** @param metricsName the {@code cache} tag of the meters */
  public void setMetricsName(String metricsName) {
    this.metricsName = metricsName;
  }

  /** @return the data kind of keys in caches without a kind of their own; default {@code stock_data} */
  public String getDefaultKind() {
    return defaultKind;
  }

  /** @param defaultKind the data kind of keys in caches without a kind of their own */
  public void setDefaultKind(String defaultKind) {
    this.defaultKind = defaultKind;
  }

  /** @return data kinds by cache name, e.g. {@code news: news} */
  public Map<String, String> getKinds() {
    return kinds;
  }

  /** @param kinds data kinds by cache name */
  public void setKinds(Map<String, String> kinds) {
    this.kinds = kinds;
  }

  /** @return the health indicator's settings */
  public Health getHealth() {
    return health;
  }

  /** The health indicator's settings. */
  public static class Health {
    private List<String> requiredTiers = new ArrayList<>();

    /**
     * @return tiers (e.g. {@code redis}) whose outage makes the application DOWN; others are reported
     *     DOWN in the details while the application stays UP, as the cache keeps serving without them.
     *     Default none
     */
    public List<String> getRequiredTiers() {
      return requiredTiers;
    }

    /** @param requiredTiers tiers whose outage makes the application DOWN */
    public void setRequiredTiers(List<String> requiredTiers) {
      this.requiredTiers = requiredTiers;
    }
  }
}
