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
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * File tier at 1,000, 10,000 and 100,000 entries ({@code entries}) of a 30-day price history (~2.5 KB of
 * JSON) in a temporary directory, each beside its raw baseline in the same run:
 * <ul>
 *   <li>{@code fileTierHit}: {@code FileTier.get} plus the JSON decode, beside {@code rawReadAllBytes}: a
 *       {@code Files.readAllBytes} of a file holding the same bytes plus the same decode;</li>
 *   <li>{@code fileTierAtomicWrite}: {@code FileTier.put} over an existing entry (temp file, checksum,
 *       atomic rename), beside {@code rawWrite}: a {@code Files.write};</li>
 *   <li>{@code putCrossingCap}: the caller's cost of one {@code put} of a new key into a tier holding
 *       exactly its cap ({@code entries} files), so that this put takes it over the cap and triggers
 *       eviction; beside {@code putBelowCap}, the same put into the same tier with room for one more file.
 *       Single shots: before each, the previous shot's background eviction is awaited and the tier is
 *       refilled to its cap, so each shot is a put that crosses the cap.</li>
 * </ul>
 * Keys are visited in a scattered order (a stride coprime with {@code entries}).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar FileTierBenchmark
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

  private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule());
  private static final long TTL_MILLIS = 3_600_000;
  /** Coprime with every {@code entries} value (a prime above all of them). */
  private static final int STRIDE = 104_729;

  @Param({"1000", "10000", "100000"})
  public int entries;

  private Path dir;
  private FileTier tier;
  private String[] keys;
  private Path[] rawFiles;
  private byte[] payload;

  /** Per-thread position. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    int advance(int entries) {
      next = (int) ((next + (long) STRIDE) % entries);
      return next;
    }
  }

  static byte[] payload() throws IOException {
    List<Bar> bars = new ArrayList<>();
    LocalDate day = LocalDate.of(2024, 5, 1);
    for (int i = 0; i < 30; i++) {
      bars.add(new Bar(day.plusDays(i), 10 + i, 11 + i, 9 + i, 10.5 + i, 1_000_000L + i));
    }
    return MAPPER.writeValueAsBytes(new History("AAPL", bars));
  }

  /** Same-length keys, so every entry file has the same size. */
  static String key(String prefix, int i) {
    return CacheKey.of(DataKind.STOCK_DATA, String.format("%s%07d", prefix, i)).asString();
  }

  static TierEntry entry(byte[] payload) {
    long now = System.currentTimeMillis();
    return new TierEntry(payload, now, now + TTL_MILLIS);
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("ta-bench-file");
    tier = new FileTier(FileTier.Options.of(dir.resolve("tier")));
    payload = payload();
    keys = new String[entries];
    rawFiles = new Path[entries];
    Path raw = Files.createDirectories(dir.resolve("raw"));
    IntStream.range(0, entries).parallel().forEach(i -> {
      keys[i] = key("SYM", i);
      tier.put(keys[i], entry(payload));
      rawFiles[i] = raw.resolve("entry-" + i);
      try {
        Files.write(rawFiles[i], payload);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    tier.close();
    deleteTree(dir);
  }

  @Benchmark
  public History fileTierHit(Cursor cursor) throws IOException {
    TierEntry entry = tier.get(keys[cursor.advance(entries)]);
    return MAPPER.readValue(entry.value(), History.class);
  }

  @Benchmark
  public History rawReadAllBytes(Cursor cursor) throws IOException {
    return MAPPER.readValue(Files.readAllBytes(rawFiles[cursor.advance(entries)]), History.class);
  }

  @Benchmark
  public void fileTierAtomicWrite(Cursor cursor) {
    tier.put(keys[cursor.advance(entries)], entry(payload));
  }

  @Benchmark
  public void rawWrite(Cursor cursor) throws IOException {
    Files.write(rawFiles[cursor.advance(entries)], payload);
  }

  /**
   * A tier capped at {@code entries} files, refilled before every shot with new keys up to the cap minus
   * {@link #headroom()} files.
   */
  @State(Scope.Benchmark)
  public abstract static class CappedTier {
    @Param({"1000", "10000", "100000"})
    public int entries;

    Path dir;
    FileTier tier;
    byte[] payload;
    long fileSize;
    long cap;
    int nextKey;
    int shots;
    long evictionsBeforeShot;

    /** @return how many more files fit after the refill: 0 means the next put crosses the cap */
    abstract int headroom();

    void open() throws IOException {
      dir = Files.createTempDirectory("ta-bench-file-cap");
      payload = payload();
      Path probeDir = dir.resolve("probe");
      try (FileTier probe = new FileTier(FileTier.Options.of(probeDir))) {
        probe.put(key("NEW", 0), entry(payload));
        fileSize = probe.usage().sizeBytes();
      }
      cap = entries * fileSize + fileSize / 2;
      tier = new FileTier(FileTier.Options.of(dir.resolve("tier")).withMaxBytes(cap));
      int first = nextKey;
      nextKey += entries - headroom();
      IntStream.range(first, nextKey).parallel().forEach(i -> tier.put(key("NEW", i), entry(payload)));
    }

    /** Puts new keys (or removes the last shot's) until {@link #headroom()} files are left. */
    void refill() {
      long target = entries - headroom();
      while (tier.usage().entryCount() < target) {
        tier.put(key("NEW", nextKey++), entry(payload));
      }
      while (tier.usage().entryCount() > target) { // the last shot's put, where it fit
        tier.remove(key("NEW", --nextKey));
      }
    }

    long evictions() {
      return Long.parseLong(tier.usage().details().get("evictions"));
    }

    /** Waits for the eviction the last shot queued: the count of evicted files grows when one ends. */
    void awaitShotEviction() throws InterruptedException {
      while (evictions() == evictionsBeforeShot) {
        Thread.sleep(1);
      }
    }

    void close() throws IOException {
      tier.close();
      deleteTree(dir);
    }
  }

  /** Full: the next put crosses the cap. */
  public static class AtCap extends CappedTier {
    @Override
    int headroom() {
      return 0;
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      open();
    }

    @Setup(Level.Invocation)
    public void beforeShot() throws InterruptedException {
      if (shots > 0) {
        awaitShotEviction(); // it runs in the background; the next shot must find a quiet tier
      }
      refill();
      evictionsBeforeShot = evictions();
    }

    @TearDown(Level.Invocation)
    public void afterShot() {
      shots++;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, InterruptedException {
      if (shots > 0) {
        awaitShotEviction(); // so that no eviction deletes files while the directory is removed
      }
      close();
    }
  }

  /** Room for one more file: the next put stays under the cap. */
  public static class BelowCap extends CappedTier {
    @Override
    int headroom() {
      return 1;
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      open();
    }

    @Setup(Level.Invocation)
    public void beforeShot() throws InterruptedException {
      refill();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      close();
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 20)
  @Measurement(iterations = 50)
  public void putCrossingCap(AtCap capped) {
    capped.tier.put(key("NEW", capped.nextKey++), entry(capped.payload));
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 20)
  @Measurement(iterations = 50)
  public void putBelowCap(BelowCap capped) {
    capped.tier.put(key("NEW", capped.nextKey++), entry(capped.payload));
  }
}
