package io.tradingagents.cache.redis;

import io.tradingagents.cache.CacheConfigurationException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisDataException;

/** Tells configuration errors (bad credentials) from outages in what Jedis throws. Stateless. */
final class RedisErrors {
  private RedisErrors() {}

  /**
   * @param failure what a connection attempt threw, possibly wrapped
   * @return the server's refusal of the credentials ({@code WRONGPASS}, {@code NOAUTH}, {@code NOPERM},
   *     or an {@code AUTH} sent to a server without a password) found in the cause chain, or {@code null}
   *     if the failure is something else (typically an outage)
   */
  static @Nullable JedisDataException credentialsRejected(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof JedisAccessControlException) {
        return (JedisDataException) t;
      }
      if (t instanceof JedisDataException) {
        String message = String.valueOf(t.getMessage()).toUpperCase(Locale.ROOT);
        if (message.startsWith("WRONGPASS") || message.startsWith("NOAUTH") || message.startsWith("NOPERM")
            || (message.contains("AUTH") && message.contains("PASSWORD"))) {
          return (JedisDataException) t;
        }
      }
    }
    return null;
  }

  /**
   * @param options the tier's options (for the address, user and the setting that holds the password)
   * @param rejection the server's refusal
   * @return a configuration error that says what to check; it never contains the password
   */
  static CacheConfigurationException badCredentials(RedisOptions options, JedisDataException rejection) {
    String reply = String.valueOf(rejection.getMessage());
    String who = options.user != null ? "user '" + options.user + "'" : "the default user";
    String setting = options.user != null ? RedisCacheProvider.USERNAME + "/" + options.passwordSetting
        : options.passwordSetting;
    String advice = options.hasPassword()
        ? "check " + setting + " (the password is not shown)"
        : "the server requires a password: set " + RedisCacheProvider.PASSWORD + " (or a password in "
            + RedisCacheProvider.URL + ")";
    return new CacheConfigurationException(options.passwordSetting, "Redis at " + options.address()
        + " refused the credentials of " + who + " (server said: " + options.redact(reply) + "); "
        + advice, null);
  }
}
