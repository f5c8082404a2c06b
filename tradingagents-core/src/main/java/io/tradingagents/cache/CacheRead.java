package io.tradingagents.cache;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link AdaptiveCache#read(CacheKey, Class, CacheLoader, ReadOptions) read} served, and how fresh it
 * is: the value, where it came from, when it was written, when it expires, and whether it was served stale
 * (and why).
 *
 * <p>Immutable and thread-safe.
 *
 * @param value the value; {@code null} on a miss and for a remembered or loaded "no data"
 * @param tier where the value came from: {@link #MEMORY}, a shared tier's name (e.g. {@code redis}),
 *     {@link #LOADER} (loaded for this call), or {@link #NONE} (a miss)
 * @param writtenAt when the value was written (by a {@code put} or a load, on any instance); {@code null}
 *     on a miss, and for a loaded value that could not be stored
 * @param expiresAt when the value expires (expired, if it was served stale); {@code null} on a miss, and
 *     for a loaded value that was not stored (the key holds another type, the value is too large, its
 *     chosen expiry had passed, or the in-process tier is off)
 * @param readAt when the read was answered, by the cache's clock
 * @param staleReason why an expired or possibly superseded value was served; {@link StaleReason#NONE} if
 *     it was fresh
 * @param <V> the value type
 */
public record CacheRead<V>(@Nullable V value, String tier, @Nullable Instant writtenAt,
    @Nullable Instant expiresAt, Instant readAt, StaleReason staleReason) {

  /** {@link #tier()} of a value found in the in-process tier. */
  public static final String MEMORY = "memory";
  /**
   * {@link #tier()} of a value loaded on this call's behalf: by its loader, by a concurrent caller's load
   * of the same key in this JVM, or by another instance that held the load lock while this one waited.
   */
  public static final String LOADER = "loader";
  /** {@link #tier()} of a miss. */
  public static final String NONE = "none";

  /** Why a stale value was served. */
  public enum StaleReason {
    /** The value is fresh. */
    NONE,
    /**
     * The loader failed and the last value, expired less than its kind's stale window ago (and less than
     * the call's {@link ReadOptions#maxStaleness()}), was served instead (stale-on-error).
     */
    LOADER_FAILED,
    /**
     * A shared tier was down: either every shared tier was unreadable and the last value, expired within
     * its stale window (and the call's maximum staleness), was served from memory by a read without a
     * loader; or an unexpired in-process copy was served while the invalidation bus was disconnected, so
     * a newer value written by another instance may have been missed ({@link #staleness()} is zero then).
     */
    TIER_DOWN;

    /** @return the lower-case name used as a tag value, e.g. {@code loader_failed} */
    public String tagValue() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Checks the components.
   *
   * @throws NullPointerException if tier, readAt or staleReason is null
   */
  public CacheRead {
    requireNonNull(tier, "tier");
    requireNonNull(readAt, "readAt");
    requireNonNull(staleReason, "staleReason");
  }

  /** @return whether a value or a "no data" answer was found or loaded; {@code false} on a miss */
  public boolean found() {
    return !NONE.equals(tier);
  }

  /** @return whether the value was served stale; see {@link #staleReason()} */
  public boolean stale() {
    return staleReason != StaleReason.NONE;
  }

  /** @return how long before the read the value was written; zero if that is unknown */
  public Duration age() {
    return writtenAt == null || writtenAt.isAfter(readAt) ? Duration.ZERO : Duration.between(writtenAt, readAt);
  }

  /** @return how long the value had been expired when it was served; zero if it had not */
  public Duration staleness() {
    return expiresAt == null || !readAt.isAfter(expiresAt) ? Duration.ZERO : Duration.between(expiresAt, readAt);
  }

  /** Says where the value came from and its times, never the value itself (it may be sensitive). */
  @Override
  public String toString() {
    return "CacheRead{tier=" + tier + ", found=" + found() + ", age=" + age() + ", expiresAt=" + expiresAt
        + ", staleReason=" + staleReason + '}';
  }
}
