package io.tradingagents.market;

import io.tradingagents.cache.CacheConfigurationException;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.TtlPolicy;
import io.tradingagents.cache.spi.TierSettings;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Reads the market-aware expiry settings ({@code TA_CACHE_MARKET_*}) the way
 * {@link io.tradingagents.cache.AdaptiveCacheBuilder} reads the rest of its configuration, and registers a
 * {@link MarketExpiryPolicy} for the chosen kinds.
 *
 * <table>
 *   <caption>Market-aware expiry settings</caption>
 *   <tr><th>setting</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code TA_CACHE_MARKET_EXPIRY}</td><td>kinds that expire with the market's sessions, comma
 *       separated, or {@code none}</td><td>{@code stock_data}</td></tr>
 *   <tr><td>{@code TA_CACHE_MARKET_INTRADAY_TTL}</td><td>TTL while the market trades</td><td>5m</td></tr>
 *   <tr><td>{@code TA_CACHE_MARKET_OPEN_MARGIN}</td><td>expiry after the next open, outside a session</td>
 *       <td>1m</td></tr>
 *   <tr><td>{@code TA_CACHE_MARKET_OPEN_JITTER}</td><td>largest random delay added to the margin</td>
 *       <td>5m</td></tr>
 *   <tr><td>{@code TA_CACHE_MARKET_IMMUTABLE_TTL}</td><td>TTL of completed trading days' data</td>
 *       <td>30d</td></tr>
 *   <tr><td>{@code TA_CACHE_MARKET_CALENDAR_FILES}</td><td>extra calendar files, comma separated, added to
 *       the shipped ones (e.g. next year's holidays)</td><td>none</td></tr>
 * </table>
 *
 * <p>Stateless; the methods are thread-safe.
 */
public final class MarketExpirySettings {
  /** Kinds that use the market-aware policy, or {@code none}. */
  public static final String KINDS = "TA_CACHE_MARKET_EXPIRY";
  /** TTL during a session. */
  public static final String INTRADAY_TTL = "TA_CACHE_MARKET_INTRADAY_TTL";
  /** Margin after the next open. */
  public static final String OPEN_MARGIN = "TA_CACHE_MARKET_OPEN_MARGIN";
  /** Largest jitter added to the margin. */
  public static final String OPEN_JITTER = "TA_CACHE_MARKET_OPEN_JITTER";
  /** TTL of completed trading days' data. */
  public static final String IMMUTABLE_TTL = "TA_CACHE_MARKET_IMMUTABLE_TTL";
  /** Extra calendar files. */
  public static final String CALENDAR_FILES = "TA_CACHE_MARKET_CALENDAR_FILES";

  /** Every setting this class reads, for the builder's check of unknown {@code TA_CACHE_*} names. */
  public static final java.util.Set<String> NAMES =
      java.util.Set.of(KINDS, INTRADAY_TTL, OPEN_MARGIN, OPEN_JITTER, IMMUTABLE_TTL, CALENDAR_FILES);

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MarketExpirySettings.class);
  private static final List<String> BUILT_IN_KINDS = List.of(DataKind.STOCK_DATA.name(), DataKind.NEWS.name(),
      DataKind.FUNDAMENTALS.name(), DataKind.ANALYSIS.name());

  private MarketExpirySettings() {}

  /**
   * Registers a {@link MarketExpiryPolicy} configured from {@code settings} for each kind named by
   * {@value #KINDS} (default {@code stock_data}); other kinds keep the flat table.
   *
   * @param ttl the TTL policy being built
   * @param settings the resolved settings
   * @throws CacheConfigurationException if a setting is malformed or a calendar file cannot be read; the
   *     message names the setting, the value and what is accepted
   */
  public static void apply(TtlPolicy.Builder ttl, TierSettings settings) {
    List<DataKind> kinds = kinds(settings, KINDS, DataKind.STOCK_DATA.name());
    // Checked even when market-aware expiry is off, so that a bad value fails now, not on the deploy that
    // turns it on.
    MarketExpiryPolicy.Builder policy = MarketExpiryPolicy.builder();
    set(settings, INTRADAY_TTL, policy::intradayTtl, "between 1s and 1d");
    set(settings, OPEN_MARGIN, policy::openMargin, "between 0 and 1h");
    set(settings, OPEN_JITTER, policy::openJitter, "between 0 and 1h");
    set(settings, IMMUTABLE_TTL, policy::immutableTtl, "between 1m and 366d");
    if (kinds.isEmpty()) {
      return;
    }
    if (settings.get(CALENDAR_FILES) != null) {
      policy.calendars(calendars(settings));
    }
    MarketExpiryPolicy built = policy.build();
    kinds.forEach(kind -> ttl.expiry(kind, built));
  }

  /**
   * @param settings the resolved settings
   * @return the shipped calendars plus the files named by {@value #CALENDAR_FILES}
   * @throws CacheConfigurationException if a file cannot be read or contradicts the shipped calendar
   */
  static TradingCalendars calendars(TierSettings settings) {
    return calendars(settings.get(CALENDAR_FILES));
  }

  /**
   * The calendars a cache configured by these settings follows: the shipped ones plus the files named by
   * {@value #CALENDAR_FILES}. The {@link io.tradingagents.monitoring.SystemStatusCheck} uses it to report the
   * calendars the cache built from the same settings uses.
   *
   * @param files the value of {@value #CALENDAR_FILES}: paths, comma separated; {@code null} or blank for
   *     the shipped calendars only
   * @return a new registry
   * @throws CacheConfigurationException if a file cannot be read or contradicts the shipped calendar; the
   *     message names the setting and the file
   */
  public static TradingCalendars calendars(@Nullable String files) {
    TradingCalendars calendars = TradingCalendars.shipped();
    if (files == null || files.isBlank()) {
      return calendars;
    }
    for (String file : files.split(",")) {
      try {
        calendars.add(CalendarFile.load(Path.of(file.strip())));
      } catch (UncheckedIOException | IllegalArgumentException e) {
        throw new CacheConfigurationException(CALENDAR_FILES, CALENDAR_FILES + " names '" + file.strip()
            + "', which cannot be used: " + e.getMessage() + "; give readable calendar files (see "
            + "docs/freshness.md), comma separated", e);
      }
    }
    return calendars;
  }

  /**
   * @param value the value of {@value #KINDS}, or {@code null} when unset
   * @return whether it turns market-aware expiry off ({@code none}); unset means the default, on
   */
  public static boolean disabled(@Nullable String value) {
    return value != null && value.strip().toLowerCase(Locale.ROOT).equals("none");
  }

  /**
   * @return the kinds a setting names, comma separated; empty for {@code none}
   * @throws CacheConfigurationException if a name is not a data kind
   */
  static List<DataKind> kinds(TierSettings settings, String setting, String defaultValue) {
    String value = settings.getString(setting, defaultValue);
    List<DataKind> kinds = new ArrayList<>();
    if (disabled(value)) {
      return kinds;
    }
    for (String name : value.split(",")) {
      DataKind kind;
      try {
        kind = DataKind.of(name.strip());
      } catch (IllegalArgumentException e) {
        throw TierSettings.invalid(setting, value, "a comma-separated list of data kinds (e.g. stock_data) or"
            + " none", e);
      }
      String builtIn = BUILT_IN_KINDS.contains(kind.name()) ? null
          : TierSettings.closestName(kind.name(), BUILT_IN_KINDS, 2);
      if (builtIn != null) {
        log.warn("{} names the data kind '{}', taken as a kind of the application's own; did you mean {}?",
            setting, kind.name(), builtIn);
      }
      kinds.add(kind);
    }
    return kinds;
  }

  /** Gives a duration setting, if set, to {@code setter}; a value it refuses names the setting. */
  static void set(TierSettings settings, String name, Consumer<Duration> setter, String accepted) {
    String value = settings.get(name);
    if (value == null) {
      return;
    }
    try {
      setter.accept(settings.getDuration(name, Duration.ZERO));
    } catch (IllegalArgumentException e) {
      throw TierSettings.invalid(name, value, "a duration " + accepted, e);
    }
  }
}
