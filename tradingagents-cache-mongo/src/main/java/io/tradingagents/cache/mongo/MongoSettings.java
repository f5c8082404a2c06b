package io.tradingagents.cache.mongo;

import static java.util.Objects.requireNonNull;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoNamespace;
import io.tradingagents.cache.CacheConfigurationException;
import io.tradingagents.cache.spi.TierSettings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The MongoDB settings, read and validated from {@link TierSettings}; shared by
 * {@link MongoCacheProvider} (the cache tier) and {@link MongoStores} (the record stores).
 *
 * <table>
 *   <caption>MongoDB settings</caption>
 *   <tr><th>Setting</th><th>Default</th><th>Meaning</th></tr>
 *   <tr><td>{@value #ENABLED}</td><td>{@code true}</td><td>{@code false} turns MongoDB off even when
 *       configured</td></tr>
 *   <tr><td>{@value #URL}</td><td>unset</td><td>a connection string, {@code mongodb://} or
 *       {@code mongodb+srv://}; replica sets, TLS and other driver options go here. Wins over the
 *       host settings below</td></tr>
 *   <tr><td>{@value #HOST}</td><td>unset</td><td>one host name or IP address (use {@value #URL} for
 *       several)</td></tr>
 *   <tr><td>{@value #PORT}</td><td>{@code 27017}</td><td>1 to 65535</td></tr>
 *   <tr><td>{@value #USERNAME}, {@value #PASSWORD}</td><td>unset</td><td>credentials, URL-encoded into
 *       the connection string; both or neither</td></tr>
 *   <tr><td>{@value #AUTH_SOURCE}</td><td>{@code admin}</td><td>the database holding the user</td></tr>
 *   <tr><td>{@value #DATABASE}</td><td>the URL's database, else {@code tradingagents}</td>
 *       <td>the database of the cache and the stores</td></tr>
 *   <tr><td>{@value #CACHE_COLLECTION}</td><td>{@code cache_entries}</td><td>the cache tier's
 *       collection</td></tr>
 *   <tr><td>{@value #POOL_MAX}, {@value #POOL_MIN}</td><td>the URL's {@code maxPoolSize}/{@code minPoolSize},
 *       else 100 and 10</td><td>connections per client; min at most max</td></tr>
 *   <tr><td>{@value #TIMEOUT}</td><td>{@code 500ms}</td><td>the cache tier's bound on connecting, reading
 *       a reply, selecting a server and waiting for a pooled connection: a dead or hung server costs a
 *       cache call at most about this long before the engine's breaker opens</td></tr>
 *   <tr><td>{@value #SERVER_SELECTION_TIMEOUT}</td><td>the URL's value, else {@code 5s}</td><td>the
 *       stores' wait for a reachable server (the reference default)</td></tr>
 *   <tr><td>{@value #STORE_TIMEOUT}</td><td>the URL's values, else {@code 10s}</td><td>the stores'
 *       connect, read and pool-wait timeout</td></tr>
 * </table>
 *
 * <p>Precedence: a {@code MONGODB_*} setting wins over the same option in {@value #URL}, which wins over
 * the default; the cache tier always uses {@value #TIMEOUT} whatever the URL says. Immutable and
 * thread-safe. {@link #toString()} and {@link #maskedAddress()} never show the password.
 */
public final class MongoSettings {
  /** {@code false} turns MongoDB off. */
  public static final String ENABLED = "MONGODB_ENABLED";
  /** A {@code mongodb://} or {@code mongodb+srv://} connection string. */
  public static final String URL = "MONGODB_URL";
  /** The server's host. */
  public static final String HOST = "MONGODB_HOST";
  /** The server's port. */
  public static final String PORT = "MONGODB_PORT";
  /** The user name. */
  public static final String USERNAME = "MONGODB_USERNAME";
  /** The password. */
  public static final String PASSWORD = "MONGODB_PASSWORD";
  /** The database holding the user. */
  public static final String AUTH_SOURCE = "MONGODB_AUTH_SOURCE";
  /** The database used. */
  public static final String DATABASE = "MONGODB_DATABASE";
  /** The cache tier's collection. */
  public static final String CACHE_COLLECTION = "MONGODB_CACHE_COLLECTION";
  /** Maximum connections per client. */
  public static final String POOL_MAX = "MONGODB_POOL_MAX";
  /** Minimum connections per client. */
  public static final String POOL_MIN = "MONGODB_POOL_MIN";
  /** The cache tier's operation timeout. */
  public static final String TIMEOUT = "MONGODB_TIMEOUT";
  /** The stores' server selection timeout. */
  public static final String SERVER_SELECTION_TIMEOUT = "MONGODB_SERVER_SELECTION_TIMEOUT";
  /** The stores' connect, read and pool-wait timeout. */
  public static final String STORE_TIMEOUT = "MONGODB_STORE_TIMEOUT";

  /** Default database. */
  public static final String DEFAULT_DATABASE = "tradingagents";
  /** Default port. */
  public static final int DEFAULT_PORT = 27017;
  /** Default maximum pool size (the reference's). */
  public static final int DEFAULT_POOL_MAX = 100;
  /** Default minimum pool size (the reference's). */
  public static final int DEFAULT_POOL_MIN = 10;
  /** Default cache tier operation timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
  /** Default store server selection timeout (the reference's). */
  public static final Duration DEFAULT_SERVER_SELECTION_TIMEOUT = Duration.ofSeconds(5);
  /** Default store connect/read timeout. */
  public static final Duration DEFAULT_STORE_TIMEOUT = Duration.ofSeconds(10);

  private static final String APPLICATION_NAME = "tradingagents-cache";
  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

  private final ConnectionString parsed; // holds the password: never logged (its toString shows it)
  private final String maskedAddress;
  private final String database;
  private final String cacheCollection;
  private final int poolMax;
  private final int poolMin;
  private final Duration timeout;
  private final Duration serverSelectionTimeout;
  private final Duration storeTimeout;
  private final String credentialSetting;

  private MongoSettings(ConnectionString parsed, String database,
      String cacheCollection, int poolMax, int poolMin, Duration timeout, Duration serverSelectionTimeout,
      Duration storeTimeout, String credentialSetting) {
    this.parsed = parsed;
    this.database = database;
    this.cacheCollection = cacheCollection;
    this.poolMax = poolMax;
    this.poolMin = poolMin;
    this.timeout = timeout;
    this.serverSelectionTimeout = serverSelectionTimeout;
    this.storeTimeout = storeTimeout;
    this.credentialSetting = credentialSetting;
    this.maskedAddress = mask(parsed, database);
  }

  /**
   * @param settings the cache's settings
   * @return whether MongoDB is asked for: {@value #ENABLED} is not false and {@value #URL} or
   *     {@value #HOST} is set
   * @throws CacheConfigurationException if {@value #ENABLED} is not a boolean
   */
  public static boolean isConfigured(TierSettings settings) {
    requireNonNull(settings, "settings");
    if (!settings.getBoolean(ENABLED, true)) {
      return false;
    }
    settings.requireHostForPort(PORT, HOST, URL);
    return settings.isSet(URL) || settings.isSet(HOST);
  }

  /**
   * Reads and validates the settings.
   *
   * @param settings the cache's settings
   * @return the MongoDB settings
   * @throws CacheConfigurationException if neither {@value #URL} nor {@value #HOST} is set, or a setting
   *     is malformed or out of range; the exception names the setting and never shows a password
   */
  public static MongoSettings from(TierSettings settings) {
    requireNonNull(settings, "settings");
    String url = settings.get(URL);
    String connectionString;
    String credentialSetting;
    if (url != null) {
      connectionString = url;
      credentialSetting = URL;
    } else if (settings.isSet(HOST)) {
      connectionString = fromParts(settings);
      credentialSetting = PASSWORD;
    } else {
      throw new CacheConfigurationException(URL, "MongoDB is not configured: set " + URL
          + " (e.g. mongodb://localhost:27017/tradingagents) or " + HOST, null);
    }
    ConnectionString parsed = parse(connectionString, url != null);

    String database = settings.get(DATABASE);
    if (database == null) {
      database = parsed.getDatabase() != null ? parsed.getDatabase() : DEFAULT_DATABASE;
    }
    try {
      MongoNamespace.checkDatabaseNameValidity(database);
    } catch (IllegalArgumentException e) {
      throw TierSettings.invalid(DATABASE, database,
          "a MongoDB database name (no spaces or any of /\\.\"$*<>:|?, under 64 bytes)", e);
    }
    String collection = settings.getString(CACHE_COLLECTION, MongoIndexes.DEFAULT_CACHE_COLLECTION);
    if (collection.startsWith("system.") || collection.contains("$")) {
      throw TierSettings.invalid(CACHE_COLLECTION, collection,
          "a collection name not starting with system. and without $", null);
    }
    try {
      MongoNamespace.checkCollectionNameValidity(collection);
    } catch (IllegalArgumentException e) {
      throw TierSettings.invalid(CACHE_COLLECTION, collection, "a MongoDB collection name", e);
    }

    int poolMax = settings.getInt(POOL_MAX, orDefault(parsed.getMaxConnectionPoolSize(), DEFAULT_POOL_MAX),
        1, 10_000);
    int poolMin = settings.getInt(POOL_MIN, orDefault(parsed.getMinConnectionPoolSize(), DEFAULT_POOL_MIN),
        0, 10_000);
    if (!settings.isSet(POOL_MIN) && parsed.getMinConnectionPoolSize() == null) {
      poolMin = Math.min(poolMin, poolMax); // only an explicit minimum can conflict with the maximum
    }
    if (poolMin > poolMax) {
      String name = settings.isSet(POOL_MIN) ? POOL_MIN : POOL_MAX;
      throw TierSettings.invalid(name, String.valueOf(settings.isSet(POOL_MIN) ? poolMin : poolMax),
          "such that " + POOL_MIN + " (" + poolMin + ") is at most " + POOL_MAX + " (" + poolMax + ")", null);
    }
    Duration timeout = duration(settings, TIMEOUT, DEFAULT_TIMEOUT);
    Duration serverSelection = duration(settings, SERVER_SELECTION_TIMEOUT,
        millisOr(parsed.getServerSelectionTimeout(), DEFAULT_SERVER_SELECTION_TIMEOUT));
    Duration storeTimeout = duration(settings, STORE_TIMEOUT,
        millisOr(parsed.getSocketTimeout(), millisOr(parsed.getConnectTimeout(), DEFAULT_STORE_TIMEOUT)));
    return new MongoSettings(parsed, database, collection, poolMax, poolMin, timeout,
        serverSelection, storeTimeout, credentialSetting);
  }

  private static String fromParts(TierSettings settings) {
    String host = requireNonNull(settings.get(HOST), HOST);
    for (char c : host.toCharArray()) {
      if (Character.isWhitespace(c) || "/?@,#".indexOf(c) >= 0) {
        throw TierSettings.invalid(HOST, host, "one host name or IP address such as localhost or 10.0.0.5 ("
            + "use " + URL + " for replica sets, several hosts or mongodb+srv)", null);
      }
    }
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]"; // an IPv6 literal
    }
    int port = settings.getPort(PORT, DEFAULT_PORT);
    String username = settings.get(USERNAME);
    String password = settings.get(PASSWORD);
    if ((username == null) != (password == null)) {
      String missing = username == null ? USERNAME : PASSWORD;
      String present = username == null ? PASSWORD : USERNAME;
      throw new CacheConfigurationException(missing, missing + " must be set when " + present
          + " is: set both, or neither for a server without authentication", null);
    }
    StringBuilder sb = new StringBuilder("mongodb://");
    if (username != null && password != null) {
      sb.append(encode(username)).append(':').append(encode(password)).append('@');
    }
    sb.append(host).append(':').append(port).append('/');
    if (username != null) {
      sb.append("?authSource=").append(encode(settings.getString(AUTH_SOURCE, "admin")));
    }
    return sb.toString();
  }

  /** Percent-encodes for the user-info and query parts of a connection string (RFC 3986). */
  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static ConnectionString parse(String connectionString, boolean fromUrl) {
    String setting = fromUrl ? URL : HOST;
    String lower = connectionString.toLowerCase(Locale.ROOT);
    // Until the URL has parsed, nothing after its scheme is shown: it may be a mistyped password.
    if (fromUrl && !lower.startsWith("mongodb://") && !lower.startsWith("mongodb+srv://")) {
      throw new CacheConfigurationException(URL, URL + " must start with mongodb:// or mongodb+srv:// but was '"
          + TierSettings.schemeOnly(connectionString) + "'", null);
    }
    if (fromUrl) {
      TierSettings.checkCredentialsEncoded(URL, connectionString);
    }
    try {
      return new ConnectionString(connectionString);
    } catch (IllegalArgumentException e) {
      String reason = redact(String.valueOf(e.getMessage()), connectionString);
      throw new CacheConfigurationException(setting, setting + " must be a valid MongoDB connection string "
          + "(credentials URL-encoded, e.g. mongodb://user:p%40ss@host:27017/db) but was '"
          + TierSettings.schemeOnly(connectionString) + "': " + reason, null);
    }
  }

  private static Duration duration(TierSettings settings, String name, Duration defaultValue) {
    Duration value = settings.getDuration(name, defaultValue);
    if (value.toMillis() < 1 || value.compareTo(MAX_TIMEOUT) > 0) {
      throw TierSettings.invalid(name, settings.getString(name, value.toString()),
          "a duration from 1ms to 10m such as 500ms or 5s", null);
    }
    return value;
  }

  private static int orDefault(@Nullable Integer value, int defaultValue) {
    return value != null ? value : defaultValue;
  }

  private static Duration millisOr(@Nullable Integer millis, Duration defaultValue) {
    return millis != null && millis > 0 ? Duration.ofMillis(millis) : defaultValue;
  }

  /** Removes the password (raw and decoded) of {@code url} from a driver message. */
  static String redact(String message, String url) {
    int scheme = url.indexOf("://");
    int at = url.lastIndexOf('@');
    if (scheme < 0 || at < scheme) {
      return message;
    }
    String userInfo = url.substring(scheme + 3, at);
    int colon = userInfo.indexOf(':');
    if (colon < 0 || colon == userInfo.length() - 1) {
      return message;
    }
    String password = userInfo.substring(colon + 1);
    String redacted = message.replace(userInfo, "****").replace(password, "****");
    try {
      String decoded = java.net.URLDecoder.decode(password, StandardCharsets.UTF_8);
      if (!decoded.isEmpty()) {
        redacted = redacted.replace(decoded, "****");
      }
    } catch (IllegalArgumentException e) {
      // not decodable: the raw form is already removed
      return redacted;
    }
    return redacted;
  }

  private static String mask(ConnectionString parsed, String database) {
    StringBuilder sb = new StringBuilder(parsed.isSrvProtocol() ? "mongodb+srv://" : "mongodb://");
    String user = parsed.getUsername();
    if (user != null) {
      sb.append(encode(user)).append(parsed.getPassword() != null ? ":****" : "").append('@');
    }
    sb.append(String.join(",", parsed.getHosts())).append('/').append(database);
    if (parsed.getRequiredReplicaSetName() != null) {
      sb.append("?replicaSet=").append(parsed.getRequiredReplicaSetName());
    }
    return sb.toString();
  }

  /**
   * The driver settings of the cache tier: every wait (connect, read, server selection, pool) bounded by
   * {@value #TIMEOUT}.
   *
   * @return the client settings
   */
  public MongoClientSettings tierClientSettings() {
    return clientSettings(timeout, timeout, timeout);
  }

  /**
   * The driver settings of the stores: {@value #SERVER_SELECTION_TIMEOUT} for server selection and
   * {@value #STORE_TIMEOUT} for connect, read and pool wait.
   *
   * @return the client settings
   */
  public MongoClientSettings storeClientSettings() {
    return clientSettings(storeTimeout, storeTimeout, serverSelectionTimeout);
  }

  private MongoClientSettings clientSettings(Duration connectAndWait, Duration read, Duration selection) {
    long connectMillis = connectAndWait.toMillis();
    long readMillis = read.toMillis();
    long selectionMillis = selection.toMillis();
    return MongoClientSettings.builder()
        .applyConnectionString(parsed)
        .applicationName(parsed.getApplicationName() != null ? parsed.getApplicationName() : APPLICATION_NAME)
        .applyToConnectionPoolSettings(pool -> pool.maxSize(poolMax).minSize(poolMin)
            .maxWaitTime(connectMillis, TimeUnit.MILLISECONDS))
        .applyToSocketSettings(socket -> socket.connectTimeout(connectMillis, TimeUnit.MILLISECONDS)
            .readTimeout(readMillis, TimeUnit.MILLISECONDS))
        .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(selectionMillis,
            TimeUnit.MILLISECONDS))
        .build();
  }

  /** @return the address with the password masked, e.g. {@code mongodb://bob:****@db:27017/tradingagents} */
  public String maskedAddress() {
    return maskedAddress;
  }

  /** @return the database of the cache and the stores */
  public String database() {
    return database;
  }

  /** @return the cache tier's collection */
  public String cacheCollection() {
    return cacheCollection;
  }

  /** @return maximum connections per client */
  public int poolMax() {
    return poolMax;
  }

  /** @return minimum connections per client */
  public int poolMin() {
    return poolMin;
  }

  /** @return the cache tier's operation timeout */
  public Duration timeout() {
    return timeout;
  }

  /** @return the stores' server selection timeout */
  public Duration serverSelectionTimeout() {
    return serverSelectionTimeout;
  }

  /** @return the stores' connect, read and pool-wait timeout */
  public Duration storeTimeout() {
    return storeTimeout;
  }

  /** @return the user name, or {@code null} without authentication */
  public @Nullable String username() {
    return parsed.getUsername();
  }

  /** @return the setting to fix when the server rejects the credentials */
  String credentialSetting() {
    return credentialSetting;
  }

  /** @return whether the connection string has credentials */
  boolean hasCredentials() {
    return parsed.getCredential() != null;
  }

  /** @return the auth source the driver uses, or {@code null} without credentials */
  @Nullable String authSource() {
    return parsed.getCredential() == null ? null : parsed.getCredential().getSource();
  }

  /** @return the parsed connection string; holds the password, so never log it */
  ConnectionString connectionString() {
    return parsed;
  }

  @Override
  public String toString() {
    return "MongoSettings{" + maskedAddress + ", collection=" + cacheCollection + ", pool=" + poolMin + ".."
        + poolMax + ", timeout=" + timeout + ", serverSelectionTimeout=" + serverSelectionTimeout
        + ", storeTimeout=" + storeTimeout + '}';
  }
}
