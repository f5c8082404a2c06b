package io.tradingagents.cache;

/**
 * The loader passed to {@link AdaptiveCache#get(CacheKey, Class, CacheLoader)} failed and no stale value
 * could be served. The loader's exception is the {@linkplain #getCause() cause}; the key is in
 * {@link #key()}.
 */
public final class CacheLoadException extends CacheException {
  private static final long serialVersionUID = 1L;

  private final transient CacheKey key;

  /**
   * @param key the key whose load failed
   * @param cause the loader's exception
   */
  public CacheLoadException(CacheKey key, Throwable cause) {
    super("Loading " + key + " failed: " + cause, cause);
    this.key = key;
  }

  /** @return the key whose load failed */
  public CacheKey key() {
    return key;
  }
}
