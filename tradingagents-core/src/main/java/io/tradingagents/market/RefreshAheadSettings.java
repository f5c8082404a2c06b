package io.tradingagents.market;

import io.tradingagents.cache.CacheConfigurationException;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.spi.TierSettings;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads the refresh-ahead settings ({@code TA_CACHE_REFRESH_*}) the way
 * {@link io.tradingagents.cache.AdaptiveCacheBuilder} reads the rest of its configuration.
 *
 * <table>
 *   <caption>Refresh-ahead settings</caption>
 *   <tr><th>setting</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code TA_CACHE_REFRESH_AHEAD}</td><td>kinds to refresh ahead, comma separated, or
 *       {@code none}</td><td>{@code none}</td></tr>
 *   <tr><td>{@code TA_CACHE_REFRESH_LEAD}</td><td>reload this long before expiry</td><td>30s</td></tr>
 *   <tr><td>{@code TA_CACHE_REFRESH_JITTER}</td><td>largest per-key jitter taken off that time</td><td>10s</td></tr>
 *   <tr><td>{@code TA_CACHE_REFRESH_PRE_OPEN}</td><td>reload entries lasting past the next open this long
 *       before it</td><td>5m</td></tr>
 *   <tr><td>{@code TA_CACHE_REFRESH_MAX_CONCURRENT}</td><td>reloads running at once</td><td>4</td></tr>
 *   <tr><td>{@code TA_CACHE_REFRESH_RATE}</td><td>reloads per second per upstream source</td><td>5</td></tr>
 *   <tr><td>{@code TA_CACHE_REFRESH_RATES}</td><td>per-source rates, e.g. {@code tushare:2,yfinance:0.5}</td>
 *       <td>none</td></tr>
 *   <tr><td>{@code TA_CACHE_REFRESH_HOT_KEYS}</td><td>hot set bound</td><td>10000</td></tr>
 *   <tr><td>{@code TA_CACHE_REFRESH_HOT_WINDOW}</td><td>a key stays hot this long after its last
 *       read</td><td>1h</td></tr>
 *   <tr><td>{@code TA_CACHE_REFRESH_BACKOFF}</td><td>wait after a first failed reload, doubling</td><td>5s</td></tr>
 *   <tr><td>{@code TA_CACHE_REFRESH_MAX_BACKOFF}</td><td>longest wait between failed reloads</td><td>10m</td></tr>
 * </table>
 *
 * <p>Stateless; thread-safe.
 */
public final class RefreshAheadSettings {
  /** Kinds refreshed ahead, or {@code none}. */
  public static final String KINDS = "TA_CACHE_REFRESH_AHEAD";
  /** Lead before expiry. */
  public static final String LEAD = "TA_CACHE_REFRESH_LEAD";
  /** Largest jitter. */
  public static final String JITTER = "TA_CACHE_REFRESH_JITTER";
  /** Lead before the next open. */
  public static final String PRE_OPEN = "TA_CACHE_REFRESH_PRE_OPEN";
  /** Concurrency cap. */
  public static final String MAX_CONCURRENT = "TA_CACHE_REFRESH_MAX_CONCURRENT";
  /** Default rate per source, per second. */
  public static final String RATE = "TA_CACHE_REFRESH_RATE";
  /** Rates of named sources. */
  public static final String RATES = "TA_CACHE_REFRESH_RATES";
  /** Hot set bound. */
  public static final String HOT_KEYS = "TA_CACHE_REFRESH_HOT_KEYS";
  /** How long a key stays hot. */
  public static final String HOT_WINDOW = "TA_CACHE_REFRESH_HOT_WINDOW";
  /** First backoff. */
  public static final String BACKOFF = "TA_CACHE_REFRESH_BACKOFF";
  /** Longest backoff. */
  public static final String MAX_BACKOFF = "TA_CACHE_REFRESH_MAX_BACKOFF";

  /** Every setting this class reads, for the builder's check of unknown {@code TA_CACHE_*} names. */
  public static final Set<String> NAMES = Set.of(KINDS, LEAD, JITTER, PRE_OPEN, MAX_CONCURRENT, RATE, RATES,
      HOT_KEYS, HOT_WINDOW, BACKOFF, MAX_BACKOFF);

  private RefreshAheadSettings() {}

  /**
   * @param settings the resolved settings
   * @return the refresh-ahead configuration, or {@code null} if {@value #KINDS} is unset or {@code none}
   * @throws CacheConfigurationException if a setting is malformed; the message names the setting, the
   *     value and what is accepted
   */
  public static @Nullable RefreshAhead from(TierSettings settings) {
    List<DataKind> kinds = MarketExpirySettings.kinds(settings, KINDS, "none");
    // Every setting is checked even when refresh-ahead is off, so that a bad value fails now, not on the
    // deploy that turns it on.
    RefreshAhead.Builder builder = RefreshAhead.builder();
    MarketExpirySettings.set(settings, LEAD, builder::lead, "between 1s and 1h");
    MarketExpirySettings.set(settings, JITTER, builder::jitter, "between 0 and 1h");
    MarketExpirySettings.set(settings, PRE_OPEN, builder::preOpenLead, "between 0 and 12h");
    MarketExpirySettings.set(settings, HOT_WINDOW, builder::hotWindow, "between 1s and 30d");
    if (settings.isSet(MAX_CONCURRENT)) {
      builder.maxConcurrent(settings.getInt(MAX_CONCURRENT, 4, 1, 256));
    }
    if (settings.isSet(HOT_KEYS)) {
      builder.hotKeys(settings.getInt(HOT_KEYS, 10_000, 1, 1_000_000));
    }
    Duration first = settings.getDuration(BACKOFF, Duration.ofSeconds(5));
    Duration max = settings.getDuration(MAX_BACKOFF, Duration.ofMinutes(10));
    try {
      builder.backoff(first, max);
    } catch (IllegalArgumentException e) {
      boolean firstOutOfRange = first.compareTo(Duration.ofMillis(1)) < 0 || first.compareTo(Duration.ofHours(1)) > 0;
      if (firstOutOfRange || !settings.isSet(MAX_BACKOFF)) {
        throw TierSettings.invalid(BACKOFF, String.valueOf(settings.get(BACKOFF)),
            "a first backoff between 1ms and 1h, and at most " + MAX_BACKOFF + " (" + max + ")", e);
      }
      throw TierSettings.invalid(MAX_BACKOFF, String.valueOf(settings.get(MAX_BACKOFF)),
          "a longest backoff between " + BACKOFF + " (" + first + ") and 1d", e);
    }
    String rate = settings.get(RATE);
    if (rate != null) {
      builder.ratePerSecond(parseRate(RATE, rate, rate));
    }
    String rates = settings.get(RATES);
    if (rates != null) {
      for (String pair : rates.split(",")) {
        int colon = pair.lastIndexOf(':');
        if (colon <= 0 || pair.substring(0, colon).isBlank()) {
          throw TierSettings.invalid(RATES, rates, "source:perSecond pairs, comma separated, e.g. "
              + "tushare:2,yfinance:0.5", null);
        }
        builder.ratePerSecond(pair.substring(0, colon).strip(), parseRate(RATES, rates, pair.substring(colon + 1)));
      }
    }
    if (kinds.isEmpty()) {
      return null;
    }
    builder.kinds(kinds.toArray(new DataKind[0]));
    builder.calendars(MarketExpirySettings.calendars(settings));
    return builder.build();
  }

  private static double parseRate(String name, String value, String number) {
    try {
      double parsed = Double.parseDouble(number.strip());
      if (parsed >= 0.001 && parsed <= 10_000) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below with the setting's name
    }
    throw TierSettings.invalid(name, value, "reloads per second between 0.001 and 10000, e.g. 2 or 0.5", null);
  }
}
