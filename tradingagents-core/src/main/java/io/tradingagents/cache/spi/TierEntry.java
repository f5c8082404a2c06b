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
 */
public final class TierEntry {
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
