package io.tradingagents.monitoring;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes a {@link MemoryMonitor}'s last sample: {@code tradingagents.memory.heap.used.after.gc}
 * (bytes), {@code tradingagents.memory.heap.max} (bytes), {@code tradingagents.memory.high} (1 while heap
 * use after GC is at or above the threshold) and {@code tradingagents.cache.memory.weight} (bytes held by
 * the watched cache's in-process tier; -1 if none is watched). NaN before the first sample. Thread-safe.
 */
public final class MemoryMetrics implements MeterBinder {
  private final MemoryMonitor monitor;

  /** @param monitor the monitor whose samples to publish */
  public MemoryMetrics(MemoryMonitor monitor) {
    this.monitor = requireNonNull(monitor, "monitor");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("tradingagents.memory.heap.used.after.gc", monitor, m -> {
      MemoryMonitor.HeapSample s = m.lastSample();
      return s == null ? Double.NaN : s.usedAfterGcBytes();
    }).baseUnit(BaseUnits.BYTES).description("heap in use after the last GC, at the last sample")
        .register(registry);
    Gauge.builder("tradingagents.memory.heap.max", monitor, m -> {
      MemoryMonitor.HeapSample s = m.lastSample();
      return s == null ? Double.NaN : s.maxBytes();
    }).baseUnit(BaseUnits.BYTES).description("maximum heap, at the last sample").register(registry);
    Gauge.builder("tradingagents.memory.high", monitor, m -> m.isHigh() ? 1 : 0)
        .description("1 while heap use after GC is at or above the monitor's threshold").register(registry);
    Gauge.builder("tradingagents.cache.memory.weight", monitor, MemoryMonitor::cacheWeightBytes)
        .baseUnit(BaseUnits.BYTES).description("bytes held by the in-process tier, at the last sample")
        .register(registry);
  }
}
