package io.tradingagents.cache.spi;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One stored entry: the encoded value (opaque bytes, including the engine's own header) and its times.
 * A tier stores all three and must not return an entry whose {@code expiresAtMillis} has passed.
 *
 * <p>The value is a range of a buffer: all of an array ({@link #TierEntry(byte[], long, long)}), or a part
 * of a larger one ({@link #TierEntry(byte[], int, int, long, long)}), so that a tier can hand over the
 * bytes of a reply that frames the value with its own header without copying them out; the engine decodes
 * straight from {@link #buffer()}, {@link #offset()} and {@link #length()}. The array is not copied;
 * neither the tier nor the engine modifies it after handing it over. Immutable and thread-safe as long as
 * nobody writes to the array.
 *
 * <p>A tier that stores each entry as one byte string can store its {@linkplain #stored() stored form}:
 * a {@value #STORED_HEADER}-byte header (format byte {@value #STORED_FORMAT}, created-at and expires-at as
 * big-endian epoch milliseconds), then the value. The engine encodes every value it writes with room for
 * that header in front ({@link #withStoredHeader}), so {@link #stored()} hands over its buffer as is, and
 * {@link #ofStored} reads one back as a view without copying: a value is copied neither way.
 */
public final class TierEntry {
  /** The length of the header of the {@linkplain #stored() stored form}, in bytes. */
  public static final int STORED_HEADER = 1 + Long.BYTES + Long.BYTES;
  /** The first byte of the {@linkplain #stored() stored form}: its format. */
  public static final byte STORED_FORMAT = 1;
  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

  private final byte[] buffer;
  private final int offset;
  private final int length;
  private final long createdAtMillis;
  private final long expiresAtMillis;

  /**
   * An entry whose value is all of {@code value}.
   *
   * @param value the encoded bytes
   * @param createdAtMillis when the value was written, epoch milliseconds
   * @param expiresAtMillis when the value stops being valid, epoch milliseconds
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if the entry expires before it was created
   */
  public TierEntry(byte[] value, long createdAtMillis, long expiresAtMillis) {
    this(value, 0, requireNonNull(value, "value").length, createdAtMillis, expiresAtMillis);
  }

  /**
   * An entry whose value is {@code length} bytes of {@code buffer} from {@code offset} (a view: nothing is
   * copied).
   *
   * @param buffer the array that holds the encoded bytes
   * @param offset where they start
   * @param length how many there are
   * @param createdAtMillis when the value was written, epoch milliseconds
   * @param expiresAtMillis when the value stops being valid, epoch milliseconds
   * @throws NullPointerException if {@code buffer} is null
   * @throws IndexOutOfBoundsException if the range is not inside {@code buffer}
   * @throws IllegalArgumentException if the entry expires before it was created
   */
  public TierEntry(byte[] buffer, int offset, int length, long createdAtMillis, long expiresAtMillis) {
    this.buffer = requireNonNull(buffer, "buffer");
    java.util.Objects.checkFromIndexSize(offset, length, buffer.length);
    if (expiresAtMillis < createdAtMillis) {
      throw new IllegalArgumentException("expiresAtMillis " + expiresAtMillis
          + " is before createdAtMillis " + createdAtMillis);
    }
    this.offset = offset;
    this.length = length;
    this.createdAtMillis = createdAtMillis;
    this.expiresAtMillis = expiresAtMillis;
  }

  /**
   * @return the encoded bytes: the buffer itself when the value spans all of it, otherwise a new copy of
   *     its range on each call (read {@link #buffer()}, {@link #offset()} and {@link #length()} to avoid
   *     the copy)
   */
  public byte[] value() {
    return offset == 0 && length == buffer.length ? buffer
        : Arrays.copyOfRange(buffer, offset, offset + length);
  }

  /** @return the array that holds the value (possibly with other bytes around it); do not modify it */
  public byte[] buffer() {
    return buffer;
  }

  /**
   * An entry whose value is all of {@code buffer} after its first {@value #STORED_HEADER} bytes, which
   * are overwritten with the header of the {@linkplain #stored() stored form}: the buffer is then the
   * stored form, and {@link #stored()} returns it without a copy.
   *
   * @param buffer the array: {@value #STORED_HEADER} bytes of room, then the encoded bytes
   * @param createdAtMillis when the value was written, epoch milliseconds
   * @param expiresAtMillis when the value stops being valid, epoch milliseconds
   * @return a view of the value in {@code buffer}
   * @throws IndexOutOfBoundsException if {@code buffer} is shorter than the header
   * @throws IllegalArgumentException if the entry expires before it was created
   */
  public static TierEntry withStoredHeader(byte[] buffer, long createdAtMillis, long expiresAtMillis) {
    TierEntry entry = new TierEntry(buffer, STORED_HEADER, buffer.length - STORED_HEADER, createdAtMillis,
        expiresAtMillis);
    writeHeader(buffer, createdAtMillis, expiresAtMillis);
    return entry;
  }

  /**
   * Reads the {@linkplain #stored() stored form} back.
   *
   * @param stored bytes in the stored form
   * @return a view of the value in {@code stored} (nothing is copied), or {@code null} if the bytes are
   *     not in the stored form (too short, another format byte, or an expiry before the creation)
   */
  public static @Nullable TierEntry ofStored(byte[] stored) {
    if (stored.length < STORED_HEADER || stored[0] != STORED_FORMAT) {
      return null;
    }
    long createdAt = longAt(stored, 1);
    long expiresAt = longAt(stored, 1 + Long.BYTES);
    return expiresAt < createdAt ? null
        : new TierEntry(stored, STORED_HEADER, stored.length - STORED_HEADER, createdAt, expiresAt);
  }

  /**
   * @return the entry as one array: the {@value #STORED_HEADER}-byte header (format byte
   *     {@value #STORED_FORMAT}, created-at, expires-at, big-endian epoch milliseconds), then the value.
   *     That is the buffer itself when it is already laid out so ({@link #withStoredHeader},
   *     {@link #ofStored}), a new array otherwise; do not modify it
   */
  public byte[] stored() {
    if (offset == STORED_HEADER && offset + length == buffer.length && buffer[0] == STORED_FORMAT
        && longAt(buffer, 1) == createdAtMillis && longAt(buffer, 1 + Long.BYTES) == expiresAtMillis) {
      return buffer;
    }
    byte[] stored = new byte[STORED_HEADER + length];
    writeHeader(stored, createdAtMillis, expiresAtMillis);
    System.arraycopy(buffer, offset, stored, STORED_HEADER, length);
    return stored;
  }

  private static void writeHeader(byte[] into, long createdAtMillis, long expiresAtMillis) {
    into[0] = STORED_FORMAT;
    LONGS.set(into, 1, createdAtMillis);
    LONGS.set(into, 1 + Long.BYTES, expiresAtMillis);
  }

  private static long longAt(byte[] bytes, int at) {
    return (long) LONGS.get(bytes, at);
  }


  /** @return where the value starts in {@link #buffer()} */
  public int offset() {
    return offset;
  }

  /** @return the value's length in bytes */
  public int length() {
    return length;
  }

  /** @return when the value was written, epoch milliseconds */
  public long createdAtMillis() {
    return createdAtMillis;
  }

  /** @return when the value stops being valid, epoch milliseconds */
  public long expiresAtMillis() {
    return expiresAtMillis;
  }

  /**
   * @param nowMillis the current time, epoch milliseconds
   * @return whether the entry has expired at {@code nowMillis}
   */
  public boolean isExpired(long nowMillis) {
    return nowMillis >= expiresAtMillis;
  }

  /**
   * @param nowMillis the current time, epoch milliseconds
   * @return milliseconds left to live, at least 0
   */
  public long remainingMillis(long nowMillis) {
    return Math.max(0, expiresAtMillis - nowMillis);
  }

  /** Compares the times and the value's bytes by content, not by array identity or offset. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TierEntry other && createdAtMillis == other.createdAtMillis
        && expiresAtMillis == other.expiresAtMillis
        && Arrays.equals(buffer, offset, offset + length, other.buffer, other.offset, other.offset + other.length);
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (int i = offset; i < offset + length; i++) {
      h = 31 * h + buffer[i];
    }
    return 31 * Long.hashCode(expiresAtMillis) + h;
  }

  @Override
  public String toString() {
    return "TierEntry{" + length + " bytes, createdAt=" + createdAtMillis + ", expiresAt="
        + expiresAtMillis + '}';
  }
}
