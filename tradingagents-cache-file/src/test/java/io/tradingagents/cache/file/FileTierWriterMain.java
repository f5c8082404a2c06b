package io.tradingagents.cache.file;

import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.spi.TierEntry;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The child JVM of {@link FileTierChildProcessTest}: overwrites ten keys in a shared directory with
 * whole 64 KiB values (every byte the same) until it is killed, printing its progress. Bounded: it stops
 * by itself after two minutes.
 */
public final class FileTierWriterMain {
  static final int KEYS = 10;
  static final int SIZE = 64 << 10;

  private FileTierWriterMain() {}

  static String key(int i) {
    return CacheKey.of(DataKind.STOCK_DATA, "HOT" + i).asString();
  }

  /** @param args the cache directory */
  public static void main(String[] args) {
    long deadline = System.nanoTime() + 120_000_000_000L;
    try (FileTier tier = new FileTier(FileTier.Options.of(Path.of(args[0])))) {
      for (long written = 1; System.nanoTime() < deadline; written++) {
        byte[] value = new byte[SIZE];
        Arrays.fill(value, (byte) ('a' + written % 26));
        long now = System.currentTimeMillis();
        tier.put(key((int) (written % KEYS)), new TierEntry(value, now, now + 600_000));
        if (written % 50 == 0) {
          System.out.println("wrote " + written);
          System.out.flush();
        }
      }
    }
  }
}
