package io.tradingagents.benchmarks;

import java.util.SplittableRandom;

/** Zipf-distributed indexes, precomputed so drawing one costs an array read. */
final class Zipf {
  private Zipf() {}

  /**
   * @param items how many distinct items (ranks 0..items-1)
   * @param exponent the skew; 1.0 is classic Zipf
   * @param samples how many draws to precompute; a power of two
   * @param seed the random seed, so every run sees the same sequence
   * @return the draws
   */
  static int[] indexes(int items, double exponent, int samples, long seed) {
    double[] cdf = new double[items];
    double sum = 0;
    for (int i = 0; i < items; i++) {
      sum += 1.0 / Math.pow(i + 1, exponent);
      cdf[i] = sum;
    }
    SplittableRandom random = new SplittableRandom(seed);
    int[] draws = new int[samples];
    for (int s = 0; s < samples; s++) {
      double u = random.nextDouble() * sum;
      int lo = 0;
      int hi = items - 1;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (cdf[mid] < u) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      draws[s] = lo;
    }
    return draws;
  }
}
