package io.tradingagents.cache;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Per-call options of {@link AdaptiveCache#read(CacheKey, Class, CacheLoader, ReadOptions)}.
 *
 * <p>Immutable and thread-safe; keep common instances in constants.
 *
 * <pre>{@code
 * CacheRead<Quote> read = cache.read(key, Quote.class, loader, ReadOptions.maxStaleness(Duration.ofMinutes(5)));
 * }</pre>
 */
public final class ReadOptions {
  private static final ReadOptions DEFAULTS = new ReadOptions(null);

  private final @Nullable Duration maxStaleness;

  private ReadOptions(@Nullable Duration maxStaleness) {
    this.maxStaleness = maxStaleness;
  }

  /** @return options with no limit beyond each kind's stale window ({@link TtlPolicy#staleWindow}) */
  public static ReadOptions defaults() {
    return DEFAULTS;
  }

  /**
   * @param maxStaleness how long past its expiry a value may still be served when its loader fails or
   *     the shared tiers are down; zero serves no expired value (the loader's error propagates, a read
   *     without a loader misses). The kind's stale window still bounds it.
   * @return options with that limit
   * @throws NullPointerException if {@code maxStaleness} is null
   * @throws IllegalArgumentException if {@code maxStaleness} is negative
   */
  public static ReadOptions maxStaleness(Duration maxStaleness) {
    requireNonNull(maxStaleness, "maxStaleness");
    if (maxStaleness.isNegative()) {
      throw new IllegalArgumentException("maxStaleness must be >= 0 but was " + maxStaleness
          + "; use Duration.ZERO to never serve an expired value");
    }
    return new ReadOptions(maxStaleness);
  }

  /** @return the limit on the staleness of a served value; {@code null} for the kind's stale window alone */
  public @Nullable Duration maxStaleness() {
    return maxStaleness;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReadOptions other && java.util.Objects.equals(maxStaleness, other.maxStaleness);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hashCode(maxStaleness);
  }

  @Override
  public String toString() {
    return "ReadOptions{maxStaleness=" + (maxStaleness == null ? "stale window" : maxStaleness) + '}';
  }
}
