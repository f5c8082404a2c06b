package io.tradingagents.cache;

/**
 * A value's encoding is larger than the cache's maximum entry size, so it is not stored: an entry that no
 * reader could decode is refused when written rather than discovered when read. Store smaller values (for
 * example, split a long date range) or raise the limit with
 * {@link AdaptiveCacheBuilder#maximumEntryBytes(int)} / {@code TA_CACHE_MAX_ENTRY_BYTES}.
 *
 * <p>{@code put} throws it; a loader's value that is too large is returned to the caller uncached and
 * counted in {@link CacheStats#oversizedValues()}.
 */
public final class CacheEntryTooLargeException extends CacheSerializationException {
  private static final long serialVersionUID = 1L;

  private final String valueType;
  private final long size;
  private final long limit;

  /**
   * @param valueType the value's class name (never the value)
   * @param size the encoded size in bytes
   * @param limit the maximum entry size in bytes
   */
  public CacheEntryTooLargeException(String valueType, long size, long limit) {
    super("A " + valueType + " encodes to " + size + " bytes, over the maximum entry size of " + limit
        + " bytes; it would never be read back, so it is not stored. Store smaller values (e.g. split "
        + "the date range) or raise TA_CACHE_MAX_ENTRY_BYTES / maximumEntryBytes (at most 256MB)", null);
    this.valueType = valueType;
    this.size = size;
    this.limit = limit;
  }

  /** @return the value's class name */
  public String valueType() {
    return valueType;
  }

  /** @return the encoded size in bytes */
  public long size() {
    return size;
  }

  /** @return the maximum entry size in bytes */
  public long limit() {
    return limit;
  }
}
