package io.tradingagents.cache.redis;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.CacheConfigurationException;
import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.spi.CacheTierProvider;
import io.tradingagents.cache.spi.TierSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;

/**
 * Opens a {@link RedisTier} from these settings (environment variables or builder settings):
 *
 * <table>
 *   <caption>Redis tier settings</caption>
 *   <tr><th>Setting</th><th>Default</th><th>Meaning</th></tr>
 *   <tr><td>{@value #ENABLED}</td><td>{@code true}</td><td>{@code false} turns the tier off</td></tr>
 *   <tr><td>{@value #URL}</td><td></td><td>{@code redis://[user:password@]host[:port][/db]}, or
 *       {@code rediss://} for TLS; wins over host and port</td></tr>
 *   <tr><td>{@value #HOST}</td><td></td><td>a single server's host</td></tr>
 *   <tr><td>{@value #PORT}</td><td>{@code 6379}</td><td>its port, 1-65535</td></tr>
 *   <tr><td>{@value #USERNAME}</td><td></td><td>ACL user (Redis 6+); unset means the default user</td></tr>
 *   <tr><td>{@value #PASSWORD}</td><td></td><td>password; never logged or shown</td></tr>
 *   <tr><td>{@value #DB}</td><td>{@code 0}</td><td>database index, 0-15 (Cluster: 0 only)</td></tr>
 *   <tr><td>{@value #SSL}</td><td>{@code false}</td><td>TLS for host/Sentinel/Cluster settings</td></tr>
 *   <tr><td>{@value #SENTINELS}</td><td></td><td>{@code host:port,host:port}: use Sentinel</td></tr>
 *   <tr><td>{@value #SENTINEL_MASTER}</td><td>{@code mymaster}</td><td>the master's name</td></tr>
 *   <tr><td>{@value #SENTINEL_PASSWORD}</td><td></td><td>the sentinels' own password, if any</td></tr>
 *   <tr><td>{@value #CLUSTER_NODES}</td><td></td><td>{@code host:port,...} seed nodes: use Cluster</td></tr>
 *   <tr><td>{@value #POOL_MAX}</td><td>{@code 16}</td><td>connections per server, 1-1024</td></tr>
 *   <tr><td>{@value #CONNECT_TIMEOUT}</td><td>{@code 200ms}</td><td>TCP connect timeout, 1ms-60s</td></tr>
 *   <tr><td>{@value #TIMEOUT}</td><td>{@code 200ms}</td><td>operation (socket read) timeout and the
 *       longest wait for a pooled connection, 1ms-60s</td></tr>
 *   <tr><td>{@value #SUBSCRIBER_PING_INTERVAL}</td><td>{@code 1s}</td><td>keepalive of the invalidation
 *       subscription; silence for three intervals drops and re-opens it; 10ms-1m</td></tr>
 *   <tr><td>{@value #LOG_MAX_LENGTH}</td><td>{@code 10000}</td><td>entries each namespace's invalidation
 *       log keeps (trimmed approximately, {@code MAXLEN ~}); an instance cut off for longer than the log
 *       holds drops its in-process copies of that namespace; 1-10000000</td></tr>
 * </table>
 *
 * <p>The tier is configured when {@value #ENABLED} is not {@code false} and one of {@value #URL},
 * {@value #HOST}, {@value #SENTINELS} or {@value #CLUSTER_NODES} is set. Only one topology may be named:
 * {@value #SENTINELS} and {@value #CLUSTER_NODES} exclude each other and the single-server settings.
 * Durations take a unit ({@code 250ms}, {@code 2s}); a bare number means seconds.
 *
 * <p>Stateless and thread-safe; registered for {@link java.util.ServiceLoader}.
 */
public final class RedisCacheProvider implements CacheTierProvider {
  private static final Logger log = LoggerFactory.getLogger(RedisCacheProvider.class);

  /** Whether the tier is used. */
  public static final String ENABLED = "REDIS_ENABLED";
  /** A {@code redis://} or {@code rediss://} URL. */
  public static final String URL = "REDIS_URL";
  /** A single server's host. */
  public static final String HOST = "REDIS_HOST";
  /** A single server's port. */
  public static final String PORT = "REDIS_PORT";
  /** The ACL user name. */
  public static final String USERNAME = "REDIS_USERNAME";
  /** The password. */
  public static final String PASSWORD = "REDIS_PASSWORD";
  /** The database index. */
  public static final String DB = "REDIS_DB";
  /** Whether to use TLS with the host, Sentinel or Cluster settings. */
  public static final String SSL = "REDIS_SSL";
  /** Comma-separated sentinel addresses. */
  public static final String SENTINELS = "REDIS_SENTINELS";
  /** The master name the sentinels monitor. */
  public static final String SENTINEL_MASTER = "REDIS_SENTINEL_MASTER";
  /** The sentinels' own password. */
  public static final String SENTINEL_PASSWORD = "REDIS_SENTINEL_PASSWORD";
  /** Comma-separated Cluster seed nodes. */
  public static final String CLUSTER_NODES = "REDIS_CLUSTER_NODES";
  /** Connections per server. */
  public static final String POOL_MAX = "REDIS_POOL_MAX";
  /** TCP connect timeout. */
  public static final String CONNECT_TIMEOUT = "REDIS_CONNECT_TIMEOUT";
  /** Operation timeout. */
  public static final String TIMEOUT = "REDIS_TIMEOUT";
  /** Keepalive interval of the invalidation subscription. */
  public static final String SUBSCRIBER_PING_INTERVAL = "REDIS_SUBSCRIBER_PING_INTERVAL";
  /** Entries each namespace's invalidation log keeps. */
  public static final String LOG_MAX_LENGTH = "REDIS_LOG_MAX_LENGTH";

  /** Default port of a server. */
  public static final int DEFAULT_PORT = 6379;
  /** Default port of a sentinel. */
  public static final int DEFAULT_SENTINEL_PORT = 26379;
  /** Default pool size. */
  public static final int DEFAULT_POOL_MAX = 16;
  /** Default connect and operation timeout: sized for a cache, never a client's 2 s default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(200);
  /** Default keepalive interval of the invalidation subscription. */
  public static final Duration DEFAULT_SUBSCRIBER_PING_INTERVAL = Duration.ofSeconds(1);
  /** Default length of each namespace's invalidation log. */
  public static final int DEFAULT_LOG_MAX_LENGTH = 10_000;

  private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9._\\-]+|\\[[0-9A-Fa-f:.%a-zA-Z]+]");

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public RedisCacheProvider() {
    // stateless
  }

  /** @return {@code redis} */
  @Override
  public String name() {
    return "redis";
  }

  /**
   * @param settings the cache's settings
   * @return whether {@value #ENABLED} is not {@code false} and a server, sentinels or cluster nodes are set
   * @throws CacheConfigurationException if {@value #ENABLED} is not a boolean
   */
  @Override
  public boolean isConfigured(TierSettings settings) {
    requireNonNull(settings, "settings");
    if (!settings.getBoolean(ENABLED, true)) {
      return false;
    }
    settings.requireHostForPort(PORT, HOST, URL, SENTINELS, CLUSTER_NODES);
    return settings.isSet(URL) || settings.isSet(HOST) || settings.isSet(SENTINELS)
        || settings.isSet(CLUSTER_NODES);
  }

  /**
   * Opens the tier and checks the credentials once: a server that refuses them fails here; a server that
   * cannot be reached does not (the tier starts down and the engine probes it).
   *
   * @param settings the cache's settings; its clock is used for entry times
   * @return a {@link RedisTier}
   * @throws CacheConfigurationException if a setting is malformed, out of range or contradicts another
   *     (the message names it; passwords are never shown), or if the server refuses the credentials
   */
  @Override
  public CacheTier open(TierSettings settings) {
    RedisOptions options = options(requireNonNull(settings, "settings"));
    RedisTier tier = new RedisTier(options);
    tier.verifyCredentials();
    log.atInfo().setMessage("Redis tier opened: {}").addArgument(options).addKeyValue("event", "tier_opened")
        .addKeyValue("tier", "redis").log();
    return tier;
  }

  /**
   * Resolves and validates the settings.
   *
   * @param settings the cache's settings
   * @return the options
   * @throws CacheConfigurationException if a setting is malformed, out of range or contradicts another
   */
  static RedisOptions options(TierSettings settings) {
    boolean sentinel = settings.isSet(SENTINELS);
    boolean cluster = settings.isSet(CLUSTER_NODES);
    if (sentinel && cluster) {
      throw conflict(SENTINELS, CLUSTER_NODES);
    }
    if (sentinel || cluster) {
      String topology = sentinel ? SENTINELS : CLUSTER_NODES;
      for (String single : List.of(URL, HOST, PORT)) {
        if (settings.isSet(single) && !(single.equals(PORT) && settings.isServiceLink(PORT))) {
          throw conflict(single, topology);
        }
      }
    } else if (!settings.isSet(URL) && !settings.isSet(HOST)) {
      throw new CacheConfigurationException(HOST, "Redis needs an address: set " + URL + ", " + HOST
          + ", " + SENTINELS + " or " + CLUSTER_NODES + " (or set " + ENABLED + "=false)", null);
    }
    String user = settings.get(USERNAME);
    String password = settings.get(PASSWORD);
    String passwordSetting = PASSWORD;
    int db = settings.getInt(DB, 0, 0, 15);
    boolean ssl = settings.getBoolean(SSL, false);
    List<HostAndPort> endpoints;
    RedisOptions.Mode mode;
    if (sentinel) {
      mode = RedisOptions.Mode.SENTINEL;
      endpoints = addresses(settings, SENTINELS, DEFAULT_SENTINEL_PORT);
    } else if (cluster) {
      mode = RedisOptions.Mode.CLUSTER;
      endpoints = addresses(settings, CLUSTER_NODES, DEFAULT_PORT);
      if (db != 0) {
        throw TierSettings.invalid(DB, String.valueOf(db), "0 with " + CLUSTER_NODES
            + " (Redis Cluster has one database)", null);
      }
    } else if (settings.isSet(URL)) {
      if (settings.isSet(PORT)) {
        log.info("{} is ignored: {} names the server", PORT, URL);
      }
      mode = RedisOptions.Mode.STANDALONE;
      ParsedUrl url = parseUrl(requireNonNull(settings.get(URL)));
      endpoints = List.of(url.address);
      user = url.user != null ? url.user : user;
      if (url.password != null) {
        password = url.password;
        passwordSetting = URL;
      }
      db = url.database != null ? url.database : db;
      ssl = url.tls || ssl;
    } else {
      mode = RedisOptions.Mode.STANDALONE;
      String host = requireNonNull(settings.get(HOST));
      if (!HOST_NAME.matcher(host).matches()) {
        throw TierSettings.invalid(HOST, host, "a host name or IP address (IPv6 in brackets), without a "
            + "port: give the port in " + PORT + " or use " + URL, null);
      }
      endpoints = List.of(new HostAndPort(unbracket(host), settings.getPort(PORT, DEFAULT_PORT)));
    }
    return new RedisOptions(mode, endpoints,
        sentinel ? settings.getString(SENTINEL_MASTER, "mymaster") : null, user, password,
        settings.get(SENTINEL_PASSWORD), passwordSetting, db, ssl,
        settings.getInt(POOL_MAX, DEFAULT_POOL_MAX, 1, 1024),
        duration(settings, CONNECT_TIMEOUT, DEFAULT_TIMEOUT, Duration.ofMillis(1), Duration.ofMinutes(1)),
        duration(settings, TIMEOUT, DEFAULT_TIMEOUT, Duration.ofMillis(1), Duration.ofMinutes(1)),
        duration(settings, SUBSCRIBER_PING_INTERVAL, DEFAULT_SUBSCRIBER_PING_INTERVAL, Duration.ofMillis(10),
            Duration.ofMinutes(1)),
        settings.getInt(LOG_MAX_LENGTH, DEFAULT_LOG_MAX_LENGTH, 1, 10_000_000),
        settings.clock());
  }

  private static CacheConfigurationException conflict(String setting, String other) {
    return new CacheConfigurationException(setting, setting + " cannot be combined with " + other
        + ": name one Redis topology (a single server by " + URL + " or " + HOST + "/" + PORT + ", Sentinel by "
        + SENTINELS + ", or Cluster by " + CLUSTER_NODES + ")", null);
  }

  private static Duration duration(TierSettings settings, String name, Duration defaultValue, Duration min,
      Duration max) {
    Duration value = settings.getDuration(name, defaultValue);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw TierSettings.invalid(name, String.valueOf(settings.get(name)),
          "a duration from " + text(min) + " to " + text(max) + " such as 200ms or 2s", null);
    }
    return value;
  }

  private static String text(Duration duration) {
    return duration.toMillis() < 1000 ? duration.toMillis() + "ms" : duration.toSeconds() + "s";
  }

  /** Parses {@code host:port,host:port} (port optional; IPv6 hosts in brackets). */
  private static List<HostAndPort> addresses(TierSettings settings, String name, int defaultPort) {
    String value = requireNonNull(settings.get(name));
    List<HostAndPort> addresses = new ArrayList<>();
    for (String part : value.split(",")) {
      String item = part.strip();
      if (item.isEmpty()) {
        continue;
      }
      int colon = item.lastIndexOf(':');
      boolean hasPort = colon > 0 && (item.indexOf(':') == colon || item.charAt(colon - 1) == ']');
      String host = hasPort ? item.substring(0, colon) : item;
      checkHost(name, host, value);
      int port = defaultPort;
      if (hasPort) {
        try {
          port = Integer.parseInt(item.substring(colon + 1));
        } catch (NumberFormatException e) {
          throw TierSettings.invalid(name, value, "a comma-separated list of host:port with ports 1-65535", e);
        }
        if (port < 1 || port > 65_535) {
          throw TierSettings.invalid(name, value, "a comma-separated list of host:port with ports 1-65535",
              null);
        }
      }
      addresses.add(new HostAndPort(unbracket(host), port));
    }
    if (addresses.isEmpty()) {
      throw TierSettings.invalid(name, value, "a comma-separated list of host:port such as "
          + "10.0.0.1:" + defaultPort + ",10.0.0.2:" + defaultPort, null);
    }
    return addresses;
  }

  private static void checkHost(String name, String host, String value) {
    if (!HOST_NAME.matcher(host).matches()) {
      throw TierSettings.invalid(name, value, "a host name or IP address (IPv6 in brackets) with an "
          + "optional :port", null);
    }
  }

  private static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** What a {@code REDIS_URL} names. */
  private record ParsedUrl(HostAndPort address, @Nullable String user, @Nullable String password,
      @Nullable Integer database, boolean tls) {
    @Override
    public String toString() {
      return "ParsedUrl{" + address + '}';
    }
  }

  private static ParsedUrl parseUrl(String value) {
    String accepted = "a URL such as redis://host:6379/0, redis://user:password@host:6379/0 or "
        + "rediss://host:6380 (for TLS)";
    TierSettings.checkCredentialsEncoded(URL, value);
    // Until the URL has parsed, nothing after its scheme is shown: it may be a mistyped password.
    String unparsed = TierSettings.schemeOnly(value);
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw badUrl(unparsed, accepted + " (user and password percent-encoded)");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("redis") && !scheme.equals("rediss")) {
      throw badUrl(unparsed, accepted + " (the scheme must be redis or rediss)");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw badUrl(unparsed, accepted + " (a host is required; user and password percent-encoded)");
    }
    String masked = TierSettings.maskUri(value);
    int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
    if (port < 1 || port > 65_535) {
      throw badUrl(masked, accepted + " (the port must be 1-65535)");
    }
    String user = null;
    String password = null;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      try {
        if (colon < 0) {
          password = decode(userInfo); // redis://secret@host: the legacy password-only form
        } else {
          user = colon == 0 ? null : decode(userInfo.substring(0, colon));
          password = colon == userInfo.length() - 1 ? null : decode(userInfo.substring(colon + 1));
        }
      } catch (IllegalArgumentException e) {
        throw badUrl(masked, accepted + " (user and password must be percent-encoded)");
      }
    }
    Integer database = null;
    String path = uri.getPath();
    if (path != null && path.length() > 1) {
      try {
        database = Integer.parseInt(path.substring(1));
      } catch (NumberFormatException e) {
        throw badUrl(masked, accepted + " (the path is the database index, 0-15)");
      }
      if (database < 0 || database > 15) {
        throw badUrl(masked, accepted + " (the path is the database index, 0-15)");
      }
    }
    return new ParsedUrl(new HostAndPort(unbracket(host), port), user, password, database,
        scheme.equals("rediss"));
  }

  private static String decode(String part) {
    return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static CacheConfigurationException badUrl(String masked, String accepted) {
    return new CacheConfigurationException(URL, URL + " must be " + accepted + " but was '" + masked + "'",
        null);
  }
}
