package io.tradingagents.benchmarks;

import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.Market;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of building a {@link CacheKey} of the common shape (kind, symbol, market, source and a date
 * range; canonical form and SHA-256 included), beside a plain string concatenation of the same fields as
 * the baseline: {@code buildKey} starts a new builder per key, as most callers do;
 * {@code buildKeyReusedBuilder} keeps one builder for the symbol and sets the date range per key. These
 * repeat one source and date range, as a watchlist fetched for one period does, so each thread's last
 * digest is reused (see {@code KeyDigest}). {@code buildKeyNewRange} gives every key a date range unlike
 * the previous one (1,024 ranges cycled), so every key hashes its fields, beside
 * {@code concatenateFieldsNewRange} over the same ranges. Target: {@code buildKey} at most 120 ns and 1.5x
 * {@code concatenateFields}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar CacheKeyBenchmark -f 3 -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CacheKeyBenchmark {
  private final LocalDate from = LocalDate.of(2024, 1, 2);
  private final LocalDate to = LocalDate.of(2024, 3, 29);
  private String symbol = "600519";
  private CacheKey.Builder perSymbol;
  private final LocalDate[] froms = new LocalDate[RANGES];
  private final LocalDate[] tos = new LocalDate[RANGES];
  private int next;

  private static final int RANGES = 1024;

  @Setup
  public void setUp() {
    perSymbol = CacheKey.builder(DataKind.STOCK_DATA, symbol).market(Market.CHINA_A).source("tushare");
    for (int i = 0; i < RANGES; i++) {
      froms[i] = LocalDate.of(2020, 1, 1).plusDays(i);
      tos[i] = froms[i].plusDays(60);
    }
  }

  @Benchmark
  public CacheKey buildKey() {
    return CacheKey.builder(DataKind.STOCK_DATA, symbol).market(Market.CHINA_A).source("tushare")
        .dateRange(from, to).build();
  }

  @Benchmark
  public CacheKey buildKeyReusedBuilder() {
    return perSymbol.dateRange(from, to).build();
  }

  @Benchmark
  public String concatenateFields() {
    return "stock_data:cn:" + symbol + ":tushare:" + from + ":" + to;
  }

  @Benchmark
  public CacheKey buildKeyNewRange() {
    int i = next++ & (RANGES - 1);
    return CacheKey.builder(DataKind.STOCK_DATA, symbol).market(Market.CHINA_A).source("tushare")
        .dateRange(froms[i], tos[i]).build();
  }

  @Benchmark
  public String concatenateFieldsNewRange() {
    int i = next++ & (RANGES - 1);
    return "stock_data:cn:" + symbol + ":tushare:" + froms[i] + ":" + tos[i];
  }
}
