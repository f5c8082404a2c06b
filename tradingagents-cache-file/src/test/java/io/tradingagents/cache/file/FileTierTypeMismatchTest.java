package io.tradingagents.cache.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A read with the wrong type, through real entry files: a counted miss; the file stays. */
class FileTierTypeMismatchTest {
  record Quote(String symbol, double close) {}

  record News(String headline) {}

  private static final CacheKey AAPL = CacheKey.of(DataKind.NEWS, "AAPL");

  @TempDir
  Path directory;

  private AdaptiveCache cache() {
    return AdaptiveCache.builder().environment(Map.of()).discoverTiers(false)
        .tier(new FileTier(FileTier.Options.of(directory))).build();
  }

  private long entryFiles() throws Exception {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(f -> f.toString().endsWith(EntryDirectory.ENTRY_SUFFIX)).count();
    }
  }

  @Test
  void readWithAnotherType_leavesTheEntryFile_andTheRightTypeReadsIt() throws Exception {
    try (AdaptiveCache writer = cache()) {
      writer.put(AAPL, new Quote("AAPL", 194.03));
    }
    assertThat(entryFiles()).isEqualTo(1);

    try (AdaptiveCache wrong = cache()) {
      assertThat(wrong.get(AAPL, News.class)).isNull();
      assertThat(wrong.stats().typeMismatches()).isEqualTo(1);
    }

    assertThat(entryFiles()).isEqualTo(1);
    try (AdaptiveCache right = cache()) {
      assertThat(right.get(AAPL, Quote.class)).isEqualTo(new Quote("AAPL", 194.03));
    }
  }
}
