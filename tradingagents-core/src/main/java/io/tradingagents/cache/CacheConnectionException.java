package io.tradingagents.cache;

import org.jspecify.annotations.Nullable;

/**
 * A store or tier could not be reached or did not answer in time. Retrying later may succeed; the data
 * was not written (or not read). Cache operations never throw it (a tier failure is a miss there); the
 * record stores do. The store's name is in {@link #store()}.
 */
public final class CacheConnectionException extends CacheException {
  private static final long serialVersionUID = 1L;

  private final String store;

  /**
   * @param store the store or tier, e.g. {@code mongodb}
   * @param message what failed, without credentials
   * @param cause the client's exception, or {@code null}
   */
  public CacheConnectionException(String store, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.store = store;
  }

  /** @return the store or tier that could not be reached */
  public String store() {
    return store;
  }
}
