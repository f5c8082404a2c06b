package io.tradingagents.cache.file;

import io.tradingagents.cache.testing.MutableClock;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.spi.TierEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged files on disk are misses that are deleted and counted, never exceptions. Each test logs one
 * expected WARN.
 */
class FileTierCorruptionTest {
  @TempDir
  Path directory;

  private final MutableClock clock = new MutableClock();
  private FileTier tier;

  @BeforeEach
  void open() {
    tier = new FileTier(FileTier.Options.of(directory).withClock(clock).withSweepInterval(Duration.ofDays(1)));
  }

  @AfterEach
  void close() {
    tier.close();
  }

  private static String key(String symbol) {
    return CacheKey.of(DataKind.STOCK_DATA, symbol).asString();
  }

  private Path putAndLocate(String key, String value) {
    long now = clock.millis();
    tier.put(key, new TierEntry(value.getBytes(UTF_8), now, now + 60_000));
    Path file = tier.pathFor(key);
    assertThat(file).isRegularFile();
    return file;
  }

  private void assertMissDeletedAndCounted(String key, Path file) {
    assertThat(tier.get(key)).isNull();
    assertThat(file).doesNotExist();
    assertThat(tier.usage().details()).containsEntry("corruptFiles", "1");
    assertThat(tier.usage().entryCount()).isZero();
  }

  @Test
  void get_truncatedFile_isMissAndDeleted() throws IOException {
    Path file = putAndLocate(key("AAPL"), "a value long enough to cut");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() - 10);
    }

    assertMissDeletedAndCounted(key("AAPL"), file);
  }

  @Test
  void get_oneFlippedValueByte_isMissAndDeleted() throws IOException {
    Path file = putAndLocate(key("AAPL"), "checksummed value");
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 6] ^= 0x01; // inside the value, before the 4-byte checksum
    Files.write(file, bytes);

    assertMissDeletedAndCounted(key("AAPL"), file);
  }

  @Test
  void get_fileOfAnotherKey_isMissAndDeleted() throws IOException {
    Path aapl = putAndLocate(key("AAPL"), "apple");
    Path msft = putAndLocate(key("MSFT"), "microsoft");
    Files.copy(msft, aapl, StandardCopyOption.REPLACE_EXISTING);

    assertThat(tier.get(key("AAPL"))).isNull();
    assertThat(aapl).doesNotExist();
    assertThat(tier.usage().details()).containsEntry("corruptFiles", "1");
    assertThat(tier.get(key("MSFT")).value()).isEqualTo("microsoft".getBytes(UTF_8));
  }

  @Test
  void get_garbageFile_isMissAndDeleted() throws IOException {
    Path file = tier.pathFor(key("AAPL"));
    Files.createDirectories(file.getParent());
    byte[] garbage = new byte[300];
    new Random(7).nextBytes(garbage);
    Files.write(file, garbage);

    assertThat(tier.get(key("AAPL"))).isNull();
    assertThat(file).doesNotExist();
    assertThat(tier.usage().details()).containsEntry("corruptFiles", "1");
  }

  @Test
  void get_emptyFile_isMissAndDeleted() throws IOException {
    Path file = tier.pathFor(key("AAPL"));
    Files.createDirectories(file.getParent());
    Files.createFile(file);

    assertThat(tier.get(key("AAPL"))).isNull();
    assertThat(file).doesNotExist();
  }

  @Test
  void get_unknownFormatVersion_isMissAndDeleted() throws IOException {
    Path file = putAndLocate(key("AAPL"), "from the future");
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer.wrap(bytes).putShort(4, (short) 99);
    Files.write(file, bytes);

    assertMissDeletedAndCounted(key("AAPL"), file);
  }

  @Test
  void sweepOnce_fileWithBadMagic_isDeleted() throws IOException {
    Path file = putAndLocate(key("AAPL"), "value");
    byte[] bytes = Files.readAllBytes(file);
    bytes[0] = 'X';
    Files.write(file, bytes);

    assertThat(tier.sweepOnce()).isZero(); // discarded as corrupt, not counted as expired
    assertThat(file).doesNotExist();
    assertThat(tier.usage().details()).containsEntry("corruptFiles", "1");
  }

  @Test
  void removeNamespace_withCorruptFile_removesTheRestWithoutThrowing() throws IOException {
    Path broken = putAndLocate(key("AAPL"), "value");
    Path intact = putAndLocate(key("MSFT"), "value");
    Files.write(broken, new byte[] {1, 2, 3});

    long removed = tier.removeNamespace(CacheKey.namespacePrefix(CacheKey.DEFAULT_NAMESPACE));

    assertThat(removed).isEqualTo(1);
    assertThat(intact).doesNotExist();
    assertThat(broken).doesNotExist();
  }
}
