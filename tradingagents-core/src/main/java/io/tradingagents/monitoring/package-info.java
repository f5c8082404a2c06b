/**
 * Operations tooling: Micrometer binding of the cache's statistics ({@link
 * io.tradingagents.monitoring.CacheMetrics}). Micrometer is an optional dependency of core: add
 * {@code io.micrometer:micrometer-core} to use this package.
 */
@NullMarked
package io.tradingagents.monitoring;

import org.jspecify.annotations.NullMarked;
