package io.tradingagents.examples.quickstart;

import java.util.Arrays;

/**
 * Percentiles of a set of request latencies (nearest-rank). Immutable.
 *
 * @param samples how many latencies were measured
 * @param p50Nanos the median, in nanoseconds
 * @param p99Nanos the 99th percentile, in nanoseconds
 * @param maxNanos the slowest, in nanoseconds
 */
public record LatencySummary(int samples, long p50Nanos, long p99Nanos, long maxNanos) {

  /**
   * @param nanos latencies in nanoseconds, in any order; not modified
   * @return their summary; all zero if {@code nanos} is empty
   */
  public static LatencySummary of(long[] nanos) {
    if (nanos.length == 0) {
      return new LatencySummary(0, 0, 0, 0);
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new LatencySummary(sorted.length, percentile(sorted, 0.50), percentile(sorted, 0.99),
        sorted[sorted.length - 1]);
  }

  private static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
