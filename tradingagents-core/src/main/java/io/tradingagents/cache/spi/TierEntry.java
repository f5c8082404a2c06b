package io.tradingagents.cache.spi;

import static java.util.Objects.requireNonNull;

/**
 * One stored entry: the encoded value (opaque bytes, including the engine's own header) and its times.
 * A tier stores all three and must not return an entry whose {@code expiresAtMillis} has passed.
 *
 * <p>The array is not copied; neither the tier nor the engine modifies it after handing it over.
 *
 * @param value the encoded bytes
 * @param createdAtMillis when the value was written, epoch milliseconds
 * @param expiresAtMillis when the value stops being valid, epoch milliseconds
 */
public record TierEntry(byte[] value, long createdAtMillis, long expiresAtMillis) {

  /*
   * @throws IllegalArgumentException if the entry expires before it was created
   */
  public TierEntry {
    requireNonNull(value, "value");
    if (expiresAtMillis < createdAtMillis) {
      throw new IllegalArgumentException("expiresAtMillis " + expiresAtMillis
          + " is before createdAtMillis " + createdAtMillis);
    }
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

  /** Compares the bytes by content, not by array identity. */
  @Override
  public boolean equals(Object o) {
    return o instanceof TierEntry other && createdAtMillis == other.createdAtMillis
        && expiresAtMillis == other.expiresAtMillis && java.util.Arrays.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    return 31 * Long.hashCode(expiresAtMillis) + java.util.Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "TierEntry{" + value.length + " bytes, createdAt=" + createdAtMillis + ", expiresAt="
        + expiresAtMillis + '}';
  }
}
