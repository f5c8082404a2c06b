package io.tradingagents.cache.file;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingagents.cache.file.EntryFormat.CorruptEntryException;
import io.tradingagents.cache.spi.TierEntry;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry file layout: what it writes and every way a read rejects damage. */
class EntryFormatTest {
  private static final String KEY = "ta:default:NEWS:cn:平安银行:0123";
  private static final TierEntry ENTRY = new TierEntry("新闻 value".getBytes(UTF_8), 1_000, 61_000);

  @Test
  void encode_thenDecode_returnsKeyValueAndTimes() throws Exception {
    EntryFormat.Decoded decoded = EntryFormat.decode(EntryFormat.encode(KEY, ENTRY));

    assertThat(decoded.key()).isEqualTo(KEY);
    assertThat(decoded.entry().value()).isEqualTo(ENTRY.value());
    assertThat(decoded.entry().createdAtMillis()).isEqualTo(1_000);
    assertThat(decoded.entry().expiresAtMillis()).isEqualTo(61_000);
  }

  @Test
  void encode_emptyValue_roundTrips() throws Exception {
    byte[] bytes = EntryFormat.encode("k", new TierEntry(new byte[0], 5, 5));

    assertThat(bytes).hasSize(EntryFormat.MIN_FILE_BYTES + 1);
    assertThat(EntryFormat.decode(bytes).entry().value()).isEmpty();
  }

  @Test
  void encode_startsWithMagicAndVersion() {
    ByteBuffer buf = ByteBuffer.wrap(EntryFormat.encode(KEY, ENTRY));

    assertThat(buf.getInt()).isEqualTo(0x54414346);
    assertThat(buf.getShort()).isEqualTo((short) 1);
  }

  @Test
  void decode_truncated_saysTruncated() {
    byte[] bytes = EntryFormat.encode(KEY, ENTRY);

    assertThatThrownBy(() -> EntryFormat.decode(Arrays.copyOf(bytes, bytes.length - 1)))
        .isInstanceOf(CorruptEntryException.class).hasMessageStartingWith("truncated");
    assertThatThrownBy(() -> EntryFormat.decode(Arrays.copyOf(bytes, 10)))
        .isInstanceOf(CorruptEntryException.class).hasMessageStartingWith("truncated");
  }

  @Test
  void decode_trailingBytes_saysSo() {
    byte[] bytes = EntryFormat.encode(KEY, ENTRY);

    assertThatThrownBy(() -> EntryFormat.decode(Arrays.copyOf(bytes, bytes.length + 3)))
        .isInstanceOf(CorruptEntryException.class).hasMessageStartingWith("trailing bytes");
  }

  @Test
  void decode_flippedByte_saysChecksumMismatch() {
    byte[] bytes = EntryFormat.encode(KEY, ENTRY);
    bytes[bytes.length - 5] ^= 0x40;

    assertThatThrownBy(() -> EntryFormat.decode(bytes))
        .isInstanceOf(CorruptEntryException.class).hasMessageStartingWith("checksum mismatch");
  }

  @Test
  void decode_badMagic_saysSo() {
    byte[] bytes = EntryFormat.encode(KEY, ENTRY);
    bytes[0] = 0;

    assertThatThrownBy(() -> EntryFormat.decode(bytes))
        .isInstanceOf(CorruptEntryException.class).hasMessageStartingWith("bad magic number");
  }

  @Test
  void decode_expiryBeforeCreation_isCorrupt() {
    byte[] bytes = EntryFormat.encode(KEY, ENTRY);
    ByteBuffer.wrap(bytes).putLong(14, 0); // expiresAt before createdAt 1000

    assertThatThrownBy(() -> EntryFormat.decode(bytes))
        .isInstanceOf(CorruptEntryException.class).hasMessageContaining("before createdAt");
  }

  @Test
  void decode_hugeKeyLength_isCorrupt() {
    byte[] bytes = EntryFormat.encode(KEY, ENTRY);
    ByteBuffer.wrap(bytes).putInt(22, Integer.MAX_VALUE);

    assertThatThrownBy(() -> EntryFormat.decode(bytes))
        .isInstanceOf(CorruptEntryException.class).hasMessageContaining("key length");
  }

  @Test
  void readHead_file_returnsKeyAndTimesWithoutValue(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("entry");
    Files.write(file, EntryFormat.encode(KEY, ENTRY));

    EntryFormat.Head head = EntryFormat.readHead(file);

    assertThat(head).isEqualTo(new EntryFormat.Head(KEY, 1_000, 61_000));
  }

  @Test
  void readHead_shortFile_isCorrupt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("entry");
    Files.write(file, Arrays.copyOf(EntryFormat.encode(KEY, ENTRY), 20));

    assertThatThrownBy(() -> EntryFormat.readHead(file))
        .isInstanceOf(CorruptEntryException.class).hasMessageStartingWith("truncated");
  }
}
