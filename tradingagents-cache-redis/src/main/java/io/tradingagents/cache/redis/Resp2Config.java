package io.tradingagents.cache.redis;

import static java.util.Objects.requireNonNull;

import java.util.function.Supplier;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.HostAndPortMapper;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisCredentials;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.authentication.AuthXManager;

/**
 * An application's client configuration (credentials, TLS, database, timeouts) on RESP2, for the
 * invalidation subscriber's own connection (see {@link RedisOptions#subscriberConfig()} for why RESP2).
 * Immutable.
 */
final class Resp2Config implements JedisClientConfig {
  private final JedisClientConfig config;

  Resp2Config(JedisClientConfig config) {
    this.config = requireNonNull(config, "config");
  }

  @Override
  public RedisProtocol getRedisProtocol() {
    return RedisProtocol.RESP2;
  }

  @Override
  public boolean isAutoNegotiateProtocol() {
    return false;
  }

  @Override
  public int getConnectionTimeoutMillis() {
    return config.getConnectionTimeoutMillis();
  }

  @Override
  public int getSocketTimeoutMillis() {
    return config.getSocketTimeoutMillis();
  }

  @Override
  public int getBlockingSocketTimeoutMillis() {
    return config.getBlockingSocketTimeoutMillis();
  }

  @Override
  public @Nullable String getUser() {
    return config.getUser();
  }

  @Override
  public @Nullable String getPassword() {
    return config.getPassword();
  }

  @Override
  public Supplier<RedisCredentials> getCredentialsProvider() {
    return config.getCredentialsProvider();
  }

  @Override
  public @Nullable AuthXManager getAuthXManager() {
    return config.getAuthXManager();
  }

  @Override
  public int getDatabase() {
    return config.getDatabase();
  }

  @Override
  public @Nullable String getClientName() {
    return config.getClientName();
  }

  @Override
  public boolean isSsl() {
    return config.isSsl();
  }

  @Override
  public @Nullable SSLSocketFactory getSslSocketFactory() {
    return config.getSslSocketFactory();
  }

  @Override
  public @Nullable SSLParameters getSslParameters() {
    return config.getSslParameters();
  }

  @Override
  public @Nullable SslOptions getSslOptions() {
    return config.getSslOptions();
  }

  @Override
  public @Nullable HostnameVerifier getHostnameVerifier() {
    return config.getHostnameVerifier();
  }

  @Override
  public @Nullable HostAndPortMapper getHostAndPortMapper() {
    return config.getHostAndPortMapper();
  }

  @Override
  public ClientSetInfoConfig getClientSetInfoConfig() {
    return config.getClientSetInfoConfig();
  }

  @Override
  public String toString() {
    return "Resp2Config{database=" + config.getDatabase() + (config.isSsl() ? ", tls" : "") + '}';
  }
}
