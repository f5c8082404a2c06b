package io.tradingagents.cache;

import org.jspecify.annotations.Nullable;

/**
 * A value could not be encoded by the configured codec (for example, a type Jackson cannot serialize).
 * Fix the value type or configure another codec. Values that cannot be <em>decoded</em> never raise this:
 * they are counted as a miss and removed.
 */
public class CacheSerializationException extends CacheException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what could not be encoded, without the value itself
   * @param cause the codec's exception, or {@code null}
   */
  public CacheSerializationException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
