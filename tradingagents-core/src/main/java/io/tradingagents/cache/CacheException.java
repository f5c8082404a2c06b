package io.tradingagents.cache;

import org.jspecify.annotations.Nullable;

/**
 * Root of the exceptions the cache throws. Subclasses say what the caller can do about it:
 * {@link CacheConfigurationException} (fix the configuration), {@link CacheLoadException} (the loader
 * failed), {@link CacheSerializationException} (fix the codec or the value type).
 */
public class CacheException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do about it
   * @param cause the underlying failure, or {@code null}
   */
  public CacheException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /** @param message what went wrong and what to do about it */
  public CacheException(String message) {
    super(message);
  }
}
