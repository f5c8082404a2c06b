package io.tradingagents.cache;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A loaded value together with the expiry its loader chose, for loaders that know how long their answer
 * stays true (an end-of-day quote until the next session, a filing until the next quarter). Returned by an
 * {@link ExpiringLoader}; the expiry travels with the entry through every tier. Immutable.
 *
 * @param <V> the value type
 */
public final class Loaded<V> {
  private final @Nullable V value;
  private final @Nullable Instant expiresAt;
  private final @Nullable Duration ttl;

  private Loaded(@Nullable V value, @Nullable Instant expiresAt, @Nullable Duration ttl) {
    this.value = value;
    this.expiresAt = expiresAt;
    this.ttl = ttl;
  }

  /**
   * @param value the value, or {@code null} for "no data" (remembered for the negative TTL, as from a
   *     {@link CacheLoader})
   * @param expiresAt when it stops being true; must be after the load (a value already expired is served
   *     to this caller and not stored)
   * @param <V> the value type
   * @return the loaded value
   */
  public static <V> Loaded<V> until(@Nullable V value, Instant expiresAt) {
    return new Loaded<>(value, requireNonNull(expiresAt, "expiresAt"), null);
  }

  /**
   * @param value the value, or {@code null} for "no data"
   * @param ttl how long it stays true; positive, clamped to {@link AdaptiveCache#MAXIMUM_TTL}
   * @param <V> the value type
   * @return the loaded value
   * @throws IllegalArgumentException if {@code ttl} is zero or negative
   */
  public static <V> Loaded<V> lasting(@Nullable V value, Duration ttl) {
    if (requireNonNull(ttl, "ttl").isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive but was " + ttl);
    }
    return new Loaded<>(value, null, ttl);
  }

  /** @return the value, or {@code null} for "no data" */
  public @Nullable V value() {
    return value;
  }

  /**
   * @param now the time of the load
   * @return the TTL from {@code now}: zero or negative if the chosen expiry has passed
   */
  public Duration ttlFrom(Instant now) {
    return ttl != null ? ttl : Duration.between(now, expiresAt);
  }

  @Override
  public String toString() {
    return "Loaded{" + (ttl != null ? "ttl=" + ttl : "until=" + expiresAt) + '}'; // never the value
  }
}
