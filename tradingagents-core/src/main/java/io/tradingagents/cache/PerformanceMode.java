package io.tradingagents.cache;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * Which shared tiers the cache uses, named as in the reference deployment. Computed from live tier
 * health whenever it changes, or fixed by configuration ({@code TA_CACHE_PERFORMANCE_MODE}), in which
 * case tiers outside the mode are not consulted even when they are up. The in-process tier is always used.
 */
public enum PerformanceMode {
  /** Redis, MongoDB and files. */
  HIGH_PERFORMANCE(true, true, true),
  /** Redis and files. */
  FAST(true, false, true),
  /** MongoDB and files. */
  PERSISTENT(false, true, true),
  /** Files only. */
  STANDARD(false, false, true),
  /** The in-process tier only (no shared tier is configured or up). */
  MEMORY_ONLY(false, false, false);

  private final boolean redis;
  private final boolean mongo;
  private final boolean file;

  PerformanceMode(boolean redis, boolean mongo, boolean file) {
    this.redis = redis;
    this.mongo = mongo;
    this.file = file;
  }

  /**
   * @param redis whether a Redis tier is up
   * @param mongo whether a MongoDB tier is up
   * @param file whether a file tier is up
   * @return the mode that names the tiers that are up
   */
  public static PerformanceMode of(boolean redis, boolean mongo, boolean file) {
    if (redis) {
      return mongo ? HIGH_PERFORMANCE : FAST;
    }
    if (mongo) {
      return PERSISTENT;
    }
    return file ? STANDARD : MEMORY_ONLY;
  }

  /**
   * @param value a mode name, case-insensitive, {@code -} and {@code _} alike, e.g. {@code fast}
   * @return the mode
   * @throws IllegalArgumentException if {@code value} names no mode
   */
  public static PerformanceMode parse(String value) {
    requireNonNull(value, "value");
    String normalized = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    for (PerformanceMode mode : values()) {
      if (mode.name().equals(normalized)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("Unknown performance mode '" + value
        + "'; accepted: high_performance, fast, persistent, standard, memory_only");
  }

  /** @return whether this mode uses Redis */
  public boolean usesRedis() {
    return redis;
  }

  /** @return whether this mode uses MongoDB */
  public boolean usesMongo() {
    return mongo;
  }

  /** @return whether this mode uses local files */
  public boolean usesFile() {
    return file;
  }
}
