package io.tradingagents.cache.file;

import io.tradingagents.cache.testing.MutableClock;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.spi.TierEntry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two tiers on one directory stand in for two processes sharing it. */
class FileTierSharingTest {
  private static final int VALUE_BYTES = 32 << 10;

  @TempDir
  Path directory;

  private final MutableClock clock = new MutableClock();
  private FileTier first;
  private FileTier second;

  @BeforeEach
  void open() {
    first = open(clock);
    second = open(clock);
  }

  private FileTier open(Clock tierClock) {
    return new FileTier(FileTier.Options.of(directory).withClock(tierClock)
        .withSweepInterval(Duration.ofDays(1)));
  }

  @AfterEach
  void close() {
    first.close();
    second.close();
  }

  private static String key(String symbol) {
    return CacheKey.of(DataKind.STOCK_DATA, symbol).asString();
  }

  private TierEntry entry(byte[] value, Duration ttl) {
    long now = clock.millis();
    return new TierEntry(value, now, now + ttl.toMillis());
  }

  @Test
  void twoTiers_seeEachOthersWritesAndRemovals() {
    first.put(key("AAPL"), entry("one".getBytes(UTF_8), Duration.ofMinutes(1)));
    assertThat(second.get(key("AAPL")).value()).isEqualTo("one".getBytes(UTF_8));

    second.put(key("AAPL"), entry("two".getBytes(UTF_8), Duration.ofMinutes(1)));
    assertThat(first.get(key("AAPL")).value()).isEqualTo("two".getBytes(UTF_8));

    assertThat(first.remove(key("AAPL"))).isTrue();
    assertThat(second.get(key("AAPL"))).isNull();
    assertThat(second.remove(key("AAPL"))).isFalse();
  }

  @Test
  void sweepOfOne_deletesWhatTheOtherWrote_andTheOtherMisses() {
    first.put(key("AAPL"), entry("x".getBytes(UTF_8), Duration.ofMinutes(1)));
    clock.advance(Duration.ofMinutes(2));

    assertThat(second.sweepOnce()).isEqualTo(1);

    assertThat(first.get(key("AAPL"))).isNull();
    assertThat(first.pathFor(key("AAPL"))).doesNotExist();
  }

  @Test
  void concurrentWritersAndReadersOnBothTiers_neverSeeAPartialValue() throws Exception {
    FileTier realFirst = open(Clock.systemUTC());
    FileTier realSecond = open(Clock.systemUTC());
    List<FileTier> tiers = List.of(realFirst, realSecond);
    String hot = key("HOT");
    Queue<String> problems = new ConcurrentLinkedQueue<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong wholeReads = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> writers = new ArrayList<>();
    List<Future<?>> readers = new ArrayList<>();
    try {
      for (int w = 0; w < 4; w++) {
        FileTier tier = tiers.get(w % 2);
        byte fill = (byte) ('a' + w);
        writers.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < 100; i++) {
            byte[] value = new byte[VALUE_BYTES];
            Arrays.fill(value, fill);
            long now = System.currentTimeMillis();
            tier.put(hot, new TierEntry(value, now, now + 60_000));
          }
          return null;
        }));
      }
      for (int r = 0; r < 4; r++) {
        FileTier tier = tiers.get(r % 2);
        readers.add(pool.submit(() -> {
          start.await();
          while (writing.get()) {
            TierEntry read = tier.get(hot);
            if (read == null) {
              continue; // a miss is allowed, a partial value is not
            }
            byte[] value = read.value();
            if (value.length != VALUE_BYTES || !allEqual(value)) {
              problems.add("read " + value.length + " bytes, first " + value[0] + ", last "
                  + value[value.length - 1]);
            } else {
              wholeReads.incrementAndGet();
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> writer : writers) {
        writer.get(60, TimeUnit.SECONDS);
      }
      writing.set(false);
      for (Future<?> reader : readers) {
        reader.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      realFirst.close();
      realSecond.close();
    }

    assertThat(problems).isEmpty();
    assertThat(wholeReads.get()).isPositive();
    // a reader that met a half-written file would have discarded it as corrupt
    assertThat(realFirst.usage().details()).containsEntry("corruptFiles", "0");
    assertThat(realSecond.usage().details()).containsEntry("corruptFiles", "0");
    assertThat(realFirst.get(hot).value()).isEqualTo(realSecond.get(hot).value());
  }

  private static boolean allEqual(byte[] value) {
    for (byte b : value) {
      if (b != value[0]) {
        return false;
      }
    }
    return true;
  }
}
