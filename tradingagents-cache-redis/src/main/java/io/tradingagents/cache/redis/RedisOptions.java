package io.tradingagents.cache.redis;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.DefaultRedisCredentials;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisCredentials;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;

/**
 * Resolved, validated connection options of one {@link RedisTier}, made by {@link RedisCacheProvider}.
 * Immutable. {@link #toString()} and {@link #address()} never show a password.
 */
final class RedisOptions {
  /** How the servers are organised. */
  enum Mode {
    /** One server (or a proxy in front of several). */
    STANDALONE,
    /** A master found through Sentinel, followed across failovers. */
    SENTINEL,
    /** A Redis Cluster: keys spread over masters by hash slot. */
    CLUSTER
  }

  /** The topology. */
  final Mode mode;
  /** The server (standalone), the sentinels (sentinel) or the seed nodes (cluster). */
  final List<HostAndPort> endpoints;
  /** The master name Sentinel monitors; only in {@link Mode#SENTINEL}. */
  final @Nullable String sentinelMaster;
  /** The ACL user, or {@code null} for the default user. */
  final @Nullable String user;
  private final @Nullable String password;
  private final @Nullable String sentinelPassword;
  /** The setting that supplied the password, named in authentication errors. */
  final String passwordSetting;
  /** The database index (0 in a Cluster). */
  final int database;
  /** Whether connections use TLS. */
  final boolean ssl;
  /** Connections per server. */
  final int poolMax;
  /** TCP connect timeout. */
  final Duration connectTimeout;
  /** Operation (socket read) timeout, also the longest wait for a pooled connection. */
  final Duration timeout;
  /** How often the invalidation subscription is pinged. */
  final Duration subscriberPingInterval;
  /** The approximate number of entries each namespace's invalidation log keeps. */
  final int logMaxLength;
  /** The cache's clock, for entry times. */
  final Clock clock;
  /**
   * The configuration of an application's own client the tier was built on ({@link RedisTier#using}), or
   * {@code null} when the tier opened its client itself; the invalidation subscriber's connection uses it.
   */
  final @Nullable JedisClientConfig external;

  /**
   * Holds already validated values ({@link RedisCacheProvider#options} validates them).
   *
   * @param mode the topology
   * @param endpoints the server, the sentinels or the seed nodes; not empty
   * @param sentinelMaster the monitored master's name (Sentinel only)
   * @param user the ACL user, or {@code null}
   * @param password the password, or {@code null}
   * @param sentinelPassword the sentinels' password, or {@code null}
   * @param passwordSetting the setting the password came from, named in errors
   * @param database the database index
   * @param ssl whether to use TLS
   * @param poolMax connections per server
   * @param connectTimeout TCP connect timeout
   * @param timeout operation timeout
   * @param subscriberPingInterval keepalive interval of the invalidation subscription
   * @param logMaxLength entries each namespace's invalidation log keeps (approximately)
   * @param clock the cache's clock
   * @throws IllegalArgumentException if {@code endpoints} is empty
   */
  RedisOptions(Mode mode, List<HostAndPort> endpoints, @Nullable String sentinelMaster, @Nullable String user,
      @Nullable String password, @Nullable String sentinelPassword, String passwordSetting, int database,
      boolean ssl, int poolMax, Duration connectTimeout, Duration timeout, Duration subscriberPingInterval,
      int logMaxLength, Clock clock) {
    this(mode, endpoints, sentinelMaster, user, password, sentinelPassword, passwordSetting, database, ssl,
        poolMax, connectTimeout, timeout, subscriberPingInterval, logMaxLength, clock, null);
  }

  private RedisOptions(Mode mode, List<HostAndPort> endpoints, @Nullable String sentinelMaster,
      @Nullable String user, @Nullable String password, @Nullable String sentinelPassword,
      String passwordSetting, int database, boolean ssl, int poolMax, Duration connectTimeout,
      Duration timeout, Duration subscriberPingInterval, int logMaxLength, Clock clock,
      @Nullable JedisClientConfig external) {
    this.mode = requireNonNull(mode, "mode");
    this.endpoints = List.copyOf(endpoints);
    this.external = external;
    if (this.endpoints.isEmpty() && external == null) {
      throw new IllegalArgumentException("at least one endpoint is required");
    }
    this.sentinelMaster = sentinelMaster;
    this.user = user;
    this.password = password;
    this.sentinelPassword = sentinelPassword;
    this.passwordSetting = requireNonNull(passwordSetting, "passwordSetting");
    this.database = database;
    this.ssl = ssl;
    this.poolMax = poolMax;
    this.connectTimeout = requireNonNull(connectTimeout, "connectTimeout");
    this.timeout = requireNonNull(timeout, "timeout");
    this.subscriberPingInterval = requireNonNull(subscriberPingInterval, "subscriberPingInterval");
    this.logMaxLength = logMaxLength;
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Options of a tier on an application's own client: the client's configuration stands for the
   * connection settings (its database names the invalidation channel); the tier's own settings take their
   * defaults.
   *
   * @param mode the client's topology
   * @param config the configuration the application built its client with
   * @param clock the cache's clock
   * @return the options
   */
  static RedisOptions external(Mode mode, JedisClientConfig config, Clock clock) {
    return new RedisOptions(mode, List.of(), null, config.getUser(), null, null,
        "the application's Redis client configuration", config.getDatabase(), config.isSsl(),
        RedisCacheProvider.DEFAULT_POOL_MAX, Duration.ofMillis(config.getConnectionTimeoutMillis()),
        Duration.ofMillis(config.getSocketTimeoutMillis()), RedisCacheProvider.DEFAULT_SUBSCRIBER_PING_INTERVAL,
        RedisCacheProvider.DEFAULT_LOG_MAX_LENGTH, clock, config);
  }

  /** @return whether a password is configured (its value never leaves this class but to Jedis) */
  boolean hasPassword() {
    return password != null;
  }

  /**
   * @param text any text, e.g. a server reply
   * @return the text with every occurrence of the configured passwords replaced by {@code ****}
   */
  String redact(String text) {
    String result = text;
    @Nullable String[] secrets = {password, sentinelPassword};
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) {
        result = result.replace(secret, "****");
      }
    }
    return result;
  }

  /** @return the configuration of data connections: cache-sized timeouts, credentials, database */
  JedisClientConfig clientConfig() {
    return clientConfigBuilder().build();
  }

  /**
   * @return the configuration of the invalidation subscriber's connection: as {@link #clientConfig()}, on
   *     RESP2, where a PING on a subscription is answered by a pong message the subscriber handles itself
   *     (Jedis 8.0's RESP3 path matches pongs to pings through a queue it fills after sending, which
   *     races with a fast reply)
   */
  JedisClientConfig subscriberConfig() {
    JedisClientConfig given = external;
    if (given != null) {
      return new Resp2Config(given);
    }
    return clientConfigBuilder().protocol(RedisProtocol.RESP2).build();
  }

  private DefaultJedisClientConfig.Builder clientConfigBuilder() {
    DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(millis(connectTimeout))
        .socketTimeoutMillis(millis(timeout))
        .database(database);
    if (ssl) {
      builder.sslOptions(tls());
    }
    if (password != null || user != null) {
      String u = user;
      String p = password;
      builder.credentialsProvider(() -> credentials(u, p));
    }
    return builder;
  }

  /** @return the configuration of connections to the sentinels themselves */
  JedisClientConfig sentinelClientConfig() {
    DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(millis(connectTimeout))
        .socketTimeoutMillis(millis(timeout))
        // Sentinel connections go through Jedis' legacy class, which speaks RESP2 only.
        .autoNegotiateProtocol(false);
    if (ssl) {
      builder.sslOptions(tls());
    }
    if (sentinelPassword != null) {
      String p = sentinelPassword;
      builder.credentialsProvider(() -> credentials(null, p));
    }
    return builder.build();
  }

  /**
   * @return TLS that verifies the server's certificate and host name against the JVM's trust store
   *     ({@code javax.net.ssl.trustStore} for a private CA)
   */
  private static SslOptions tls() {
    return SslOptions.builder().sslVerifyMode(SslVerifyMode.FULL).build();
  }

  private static RedisCredentials credentials(@Nullable String user, @Nullable String password) {
    return new DefaultRedisCredentials(user, password == null ? null : password.toCharArray());
  }

  /**
   * @return the pool configuration: {@link #poolMax} connections, a borrow that waits at most
   *     {@link #timeout} (never forever), idle connections checked in the background, no JMX
   */
  GenericObjectPoolConfig<Connection> poolConfig() {
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(poolMax);
    pool.setMaxIdle(poolMax);
    pool.setMinIdle(0);
    pool.setBlockWhenExhausted(true);
    pool.setMaxWait(timeout);
    pool.setTestWhileIdle(true);
    pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
    pool.setJmxEnabled(false);
    return pool;
  }

  /** @return where the tier connects, without credentials, e.g. {@code 127.0.0.1:6379/0} */
  String address() {
    if (external != null) {
      return "application's " + mode.name().toLowerCase(java.util.Locale.ROOT) + " client/" + database;
    }
    String hosts = endpoints.stream().map(HostAndPort::toString).collect(Collectors.joining(","));
    switch (mode) {
      case SENTINEL:
        return "sentinel " + sentinelMaster + "@" + hosts + "/" + database;
      case CLUSTER:
        return "cluster " + hosts;
      default:
        return hosts + "/" + database;
    }
  }

  private static int millis(Duration duration) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
  }

  @Override
  public String toString() {
    return "RedisOptions{" + mode + ' ' + address() + (user != null ? ", user=" + user : "")
        + (password != null ? ", password=****" : "") + (ssl ? ", tls" : "") + ", poolMax=" + poolMax
        + ", connectTimeout=" + connectTimeout + ", timeout=" + timeout + '}';
  }
}
