package io.tradingagents.cache;

import org.jspecify.annotations.Nullable;

/**
 * A configuration value (from the builder, a properties file or the environment) is missing or invalid.
 * The message names the setting, the offending value (secrets masked) and what is accepted; the setting
 * is also available as {@link #setting()}.
 */
public final class CacheConfigurationException extends CacheException {
  private static final long serialVersionUID = 1L;

  private final String setting;

  /**
   * @param setting the name of the setting, e.g. {@code REDIS_PORT}
   * @param message the full message: setting, value (masked if secret) and what is accepted
   * @param cause the parse failure, or {@code null}
   */
  public CacheConfigurationException(String setting, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.setting = setting;
  }

  /** @return the name of the offending setting, e.g. {@code REDIS_PORT} */
  public String setting() {
    return setting;
  }
}
