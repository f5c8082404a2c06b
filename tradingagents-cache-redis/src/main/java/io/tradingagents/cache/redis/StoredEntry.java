package io.tradingagents.cache.redis;

import io.tradingagents.cache.spi.TierEntry;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * The layout of one entry in one Redis string: a fixed 17-byte header (format byte {@value #FORMAT},
 * created-at and expires-at as big-endian epoch milliseconds) followed by the entry's bytes, which the
 * engine already framed with its own header. Stateless.
 */
final class StoredEntry {
  /** The format byte of this layout. */
  static final byte FORMAT = 1;
  /** Header length in bytes. */
  static final int HEADER = 1 + Long.BYTES + Long.BYTES;

  private StoredEntry() {}

  /**
   * @param entry the entry
   * @return header and value in one new array
   */
  static byte[] encode(TierEntry entry) {
    byte[] value = entry.value();
    return ByteBuffer.allocate(HEADER + value.length)
        .put(FORMAT)
        .putLong(entry.createdAtMillis())
        .putLong(entry.expiresAtMillis())
        .put(value)
        .array();
  }

  /**
   * @param raw what Redis returned for the key
   * @return the entry, or {@code null} if {@code raw} is not in this layout (too short, unknown format
   *     byte, or times that contradict each other)
   */
  static @Nullable TierEntry decode(byte[] raw) {
    if (raw.length < HEADER || raw[0] != FORMAT) {
      return null;
    }
    ByteBuffer buffer = ByteBuffer.wrap(raw);
    buffer.get();
    long createdAt = buffer.getLong();
    long expiresAt = buffer.getLong();
    if (expiresAt < createdAt) {
      return null;
    }
    byte[] value = new byte[raw.length - HEADER];
    buffer.get(value);
    return new TierEntry(value, createdAt, expiresAt);
  }
}
