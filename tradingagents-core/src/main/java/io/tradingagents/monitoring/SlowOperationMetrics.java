package io.tradingagents.monitoring;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Publishes a {@link SlowOperations} monitor's counts as {@code tradingagents.slow.operations{operation}}:
 * one counter per operation name that has been slow at least once (names are bounded by
 * {@link SlowOperations#MAX_OPERATIONS}; later ones are counted as {@code other}). Counts made before
 * binding are included. Thread-safe.
 */
public final class SlowOperationMetrics implements MeterBinder {
  private final SlowOperations monitor;

  /** @param monitor the monitor whose counts to publish */
  public SlowOperationMetrics(SlowOperations monitor) {
    this.monitor = requireNonNull(monitor, "monitor");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    requireNonNull(registry, "registry");
    monitor.eachCounter((operation, count) ->
        FunctionCounter.builder("tradingagents.slow.operations", count, LongAdder::sum)
            .tag("operation", operation)
            .description("operations that took longer than their threshold")
            .register(registry));
  }
}
