/**
 * Operations tooling (every meter and event is listed in {@code docs/monitoring.md}):
 *
 * <ul>
 *   <li>Micrometer binders: {@link io.tradingagents.monitoring.CacheMetrics} (a cache's meters, read from
 *       its {@link io.tradingagents.monitoring.CacheInstrumentation} without calling a server),
 *       {@link io.tradingagents.monitoring.SlowOperationMetrics},
 *       {@link io.tradingagents.monitoring.MemoryMetrics} and
 *       {@link io.tradingagents.monitoring.UsageMetrics};
 *   <li>monitors that need no Micrometer: {@link io.tradingagents.monitoring.SlowOperations} and
 *       {@link io.tradingagents.monitoring.MemoryMonitor}, and the {@code error_category} vocabulary of
 *       the structured log events, {@link io.tradingagents.monitoring.ErrorCategory};
 *   <li>{@link io.tradingagents.monitoring.CacheObserver}: the engine's timed events, for binders;
 *   <li>the system status check, {@link io.tradingagents.monitoring.SystemStatusCheck} (no extra
 *       dependency).
 * </ul>
 *
 * Micrometer is an optional dependency of core: add {@code io.micrometer:micrometer-core} to use the
 * binders.
 */
@NullMarked
package io.tradingagents.monitoring;

import org.jspecify.annotations.NullMarked;
