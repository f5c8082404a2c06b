package io.tradingagents.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.file.FileTier;
import io.tradingagents.cache.spi.TierEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * File tier: a hit ({@code FileTier.get} plus the JSON decode of the value) beside a raw
 * {@code Files.readAllBytes} of a file holding the same bytes plus the same decode; and an atomic,
 * checksummed write ({@code FileTier.put}: temp file, rename) beside a raw {@code Files.write}. 1,000
 * entries of a 30-day price history (~2.5 KB of JSON) in a temporary directory.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar FileTier
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FileTierBenchmark {
  /** One daily bar. */
  public record Bar(LocalDate day, double open, double high, double low, double close, long volume) {}

  /** A price history as an analysis app caches it. */
  public record History(String symbol, List<Bar> bars) {}

  private static final int ENTRIES = 1_000;
  private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule());

  private Path dir;
  private FileTier tier;
  private String[] keys;
  private Path[] rawFiles;
  private byte[] payload;

  /** Per-thread position. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("ta-bench-file");
    tier = new FileTier(FileTier.Options.of(dir.resolve("tier")));
    List<Bar> bars = new ArrayList<>();
    LocalDate day = LocalDate.of(2024, 5, 1);
    for (int i = 0; i < 30; i++) {
      bars.add(new Bar(day.plusDays(i), 10 + i, 11 + i, 9 + i, 10.5 + i, 1_000_000L + i));
    }
    payload = MAPPER.writeValueAsBytes(new History("AAPL", bars));
    keys = new String[ENTRIES];
    rawFiles = new Path[ENTRIES];
    Path raw = Files.createDirectories(dir.resolve("raw"));
    long now = System.currentTimeMillis();
    for (int i = 0; i < ENTRIES; i++) {
      keys[i] = CacheKey.of(DataKind.STOCK_DATA, "SYM" + i).asString();
      tier.put(keys[i], new TierEntry(payload, now, now + 3_600_000));
      rawFiles[i] = raw.resolve("entry-" + i);
      Files.write(rawFiles[i], payload);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    tier.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public History fileTierHit(Cursor cursor) throws IOException {
    TierEntry entry = tier.get(keys[cursor.next++ % ENTRIES]);
    return MAPPER.readValue(entry.value(), History.class);
  }

  @Benchmark
  public History rawReadAllBytes(Cursor cursor) throws IOException {
    return MAPPER.readValue(Files.readAllBytes(rawFiles[cursor.next++ % ENTRIES]), History.class);
  }

  @Benchmark
  public void fileTierAtomicWrite(Cursor cursor) {
    long now = System.currentTimeMillis();
    tier.put(keys[cursor.next++ % ENTRIES], new TierEntry(payload, now, now + 3_600_000));
  }

  @Benchmark
  public void rawWrite(Cursor cursor) throws IOException {
    Files.write(rawFiles[cursor.next++ % ENTRIES], payload);
  }
}
