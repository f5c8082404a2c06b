/**
 * What a storage backend implements to become a tier of {@link io.tradingagents.cache.AdaptiveCache}: a
 * {@link io.tradingagents.cache.spi.CacheTierProvider} registered in
 * {@code META-INF/services/io.tradingagents.cache.spi.CacheTierProvider}, which opens a
 * {@link io.tradingagents.cache.spi.CacheTier} storing encoded bytes plus entry metadata. A tier needs no
 * retry, breaker or fallback logic of its own: the engine guards every tier. Every tier's tests extend the
 * contract suite {@code io.tradingagents.cache.spi.CacheTierContractTest} from core's test-jar.
 */
@NullMarked
package io.tradingagents.cache.spi;

import org.jspecify.annotations.NullMarked;
