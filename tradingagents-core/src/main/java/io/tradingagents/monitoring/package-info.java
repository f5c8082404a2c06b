/**
 * Operations tooling: the system status check ({@link io.tradingagents.monitoring.SystemStatusCheck}, no
 * extra dependency) and Micrometer binding of the cache's statistics ({@link
 * io.tradingagents.monitoring.CacheMetrics}). Micrometer is an optional dependency of core: add
 * {@code io.micrometer:micrometer-core} to use {@code CacheMetrics}.
 */
@NullMarked
package io.tradingagents.monitoring;

import org.jspecify.annotations.NullMarked;
