/**
 * The public API of tradingagents-cache: {@link io.tradingagents.cache.AdaptiveCache}, its builder, keys
 * ({@link io.tradingagents.cache.CacheKey}, {@link io.tradingagents.cache.DataKind},
 * {@link io.tradingagents.cache.Market}), expiry ({@link io.tradingagents.cache.TtlPolicy}) and the values
 * the cache reports about itself ({@link io.tradingagents.cache.CacheStats},
 * {@link io.tradingagents.cache.BackendInfo}, {@link io.tradingagents.cache.PerformanceMode}).
 */
@NullMarked
package io.tradingagents.cache;

import org.jspecify.annotations.NullMarked;
