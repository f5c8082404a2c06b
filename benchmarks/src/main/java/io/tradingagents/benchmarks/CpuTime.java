package io.tradingagents.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The CPU time a benchmark thread spent per iteration ({@code cpuNanos}) and the operations it counted
 * ({@code ops}), as JMH secondary results: their quotient is the CPU time per operation. On a shared machine
 * whose run queue is longer than its cores, a thread waits for a core most of the time, and the wall-clock
 * time per operation measures the queue; the CPU time per operation does not (cache and TLB pollution by
 * the other processes still count). A benchmark method takes this state and calls {@link #op()} once per
 * operation. Read by {@code docs/benchmark-results/2026-12-02-curves/report.py}.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuTime {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** CPU nanoseconds of this thread in the iteration. */
  public long cpuNanos;
  /** Operations of this thread in the iteration. */
  public long ops;
  private long start;

  @Setup(Level.Iteration)
  public void begin() {
    ops = 0;
    cpuNanos = 0;
    start = THREADS.getCurrentThreadCpuTime();
  }

  @TearDown(Level.Iteration)
  public void end() {
    cpuNanos = THREADS.getCurrentThreadCpuTime() - start;
  }

  /** Counts one operation. */
  void op() {
    ops++;
  }
}
