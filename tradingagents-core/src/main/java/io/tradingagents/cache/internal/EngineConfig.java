package io.tradingagents.cache.internal;

import io.tradingagents.cache.PerformanceMode;
import io.tradingagents.cache.TtlPolicy;
import io.tradingagents.cache.spi.CacheCodec;
import io.tradingagents.cache.spi.CacheTier;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * Everything the engine needs, resolved and validated by the builder.
 *
 * @param maximumBytes the in-process tier's bound, in estimated heap bytes; 0 turns the tier off
 * @param ttlPolicy TTLs, negative and stale windows
 * @param clock the time source
 * @param executor runs async calls and back-fills
 * @param ownsExecutor whether {@code close()} shuts the executor down
 * @param codec encodes values for the shared tiers
 * @param compressionThreshold payloads larger than this are deflated
 * @param maximumEntryBytes encodings larger than this are refused when written
 * @param modeOverride a fixed performance mode, or {@code null} to follow tier health
 * @param tiers the shared tiers, in read order
 * @param slowCallThreshold a tier call slower than this counts against its breaker
 * @param probeInterval how often tiers that are down are pinged
 * @param loadLockLease how long a distributed load lock is held at most
 * @param upstreamCosts declared cost of one upstream call per data kind, by market ordinal (null: none)
 * @param maxServeWithoutLog how long in-process copies of shared entries are served while the invalidation
 *     log cannot be read; {@code null} for the whole outage, zero to drop them as soon as the subscription
 *     is lost
 * @param refreshAhead refresh-ahead of hot keys, or {@code null} for none
 */
public record EngineConfig(long maximumBytes, TtlPolicy ttlPolicy, Clock clock, ExecutorService executor,
    boolean ownsExecutor, CacheCodec codec, int compressionThreshold, int maximumEntryBytes, @Nullable PerformanceMode modeOverride,
    List<CacheTier> tiers, Duration slowCallThreshold, Duration probeInterval,
    Duration loadLockLease, java.util.Map<io.tradingagents.cache.DataKind, io.tradingagents.cache.UpstreamCost[]> upstreamCosts,
    @Nullable Duration maxServeWithoutLog, io.tradingagents.market.@Nullable RefreshAhead refreshAhead) {

  /* Copies the tier list and the costs. */
  public EngineConfig {
    tiers = List.copyOf(tiers);
    upstreamCosts = java.util.Map.copyOf(upstreamCosts);
  }
}
