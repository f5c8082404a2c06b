package io.tradingagents.cache;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Decides when an entry written now expires, as an absolute instant. The instant travels with the entry
 * through every tier, so every instance agrees on it. Registered per {@link DataKind} with
 * {@link TtlPolicy.Builder#expiry}; kinds without one use the flat TTL table.
 *
 * <p>Implementations must be thread-safe and fast: they run on every write.
 *
 * @see io.tradingagents.market.MarketExpiryPolicy
 */
@FunctionalInterface
public interface ExpiryPolicy {
  /**
   * @param key the key being written
   * @param now the cache clock's current instant
   * @return when the entry expires, after {@code now}; or {@code null} to use the flat TTL table for this
   *     write (e.g. a calendar past its {@code validThrough})
   */
  @Nullable Instant expiresAt(CacheKey key, Instant now);
}
