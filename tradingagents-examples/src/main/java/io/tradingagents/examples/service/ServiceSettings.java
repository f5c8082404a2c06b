package io.tradingagents.examples.service;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The example service's settings, read from the environment and validated at once: a bad value is refused
 * with a message naming the variable, what was wrong and the fix. Values of secret variables never appear
 * in a message.
 *
 * <table>
 *   <caption>Variables</caption>
 *   <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #PORT}</td><td>8501</td><td>HTTP port, 0 for any free port</td></tr>
 *   <tr><td>{@value #HOST}</td><td>127.0.0.1</td><td>address to bind; {@code 0.0.0.0} for all interfaces</td></tr>
 *   <tr><td>{@value #REQUIRED_TIERS}</td><td>none</td><td>comma-separated tiers readiness requires:
 *       {@code redis}, {@code mongodb}, {@code file}, {@code memory}</td></tr>
 *   <tr><td>{@value #DEMO_WORKLOAD}</td><td>true</td><td>run the quickstart's workload in the background</td></tr>
 *   <tr><td>{@value #DEMO_INTERVAL}</td><td>5s</td><td>pause between two rounds of the workload</td></tr>
 *   <tr><td>{@value #APPLICATION}</td><td>tradingagents-service</td><td>the metrics' {@code application} tag</td></tr>
 *   <tr><td>{@value #HTTP_THREADS}</td><td>8</td><td>request threads (1-64)</td></tr>
 *   <tr><td>{@value #STATUS_CACHE}</td><td>5s</td><td>how long a {@code /status} report is reused</td></tr>
 *   <tr><td>{@value #USAGE_DIR}</td><td>./data/usage</td><td>directory of the usage journal</td></tr>
 *   <tr><td>{@value #DASHBOARD_INTERVAL}</td><td>10s</td><td>time between two points of the dashboard's
 *       series (360 points are kept)</td></tr>
 * </table>
 *
 * @param host the address to bind
 * @param port the port, 0 for a free one
 * @param requiredTiers tiers readiness requires, in the order given
 * @param demoWorkload whether the background workload runs
 * @param demoInterval the pause between two workload rounds
 * @param application the {@code application} tag of every meter
 * @param httpThreads request threads
 * @param statusCache how long a status report is reused
 * @param usageDirectory the usage journal's directory
 * @param dashboardInterval the time between two points of the dashboard's series
 */
public record ServiceSettings(String host, int port, List<String> requiredTiers, boolean demoWorkload,
    Duration demoInterval, String application, int httpThreads, Duration statusCache, Path usageDirectory,
    Duration dashboardInterval) {
  /** HTTP port variable. */
  public static final String PORT = "TA_HTTP_PORT";
  /** Bind address variable. */
  public static final String HOST = "TA_HTTP_HOST";
  /** Required tiers variable. */
  public static final String REQUIRED_TIERS = "TA_REQUIRED_TIERS";
  /** Demo workload switch. */
  public static final String DEMO_WORKLOAD = "TA_DEMO_WORKLOAD";
  /** Pause between demo rounds. */
  public static final String DEMO_INTERVAL = "TA_DEMO_INTERVAL";
  /** Application tag variable. */
  public static final String APPLICATION = "TA_APPLICATION";
  /** Request threads variable. */
  public static final String HTTP_THREADS = "TA_HTTP_THREADS";
  /** Status cache variable. */
  public static final String STATUS_CACHE = "TA_STATUS_CACHE";
  /** Usage journal directory variable. */
  public static final String USAGE_DIR = "TA_USAGE_DIR";
  /** Dashboard sampling interval variable. */
  public static final String DASHBOARD_INTERVAL = "TA_DASHBOARD_INTERVAL";
  /** The default port, the reference deployment's. */
  public static final int DEFAULT_PORT = 8501;
  /** The tier names readiness knows. */
  public static final Set<String> TIERS = Set.of("memory", "redis", "mongodb", "file");
  /**
   * Variables that hold secrets or carry them inside a URL; a value still holding a placeholder of
   * {@code .env.example} is refused.
   */
  public static final List<String> SECRET_VARIABLES = List.of("REDIS_PASSWORD", "REDIS_URL", "MONGODB_PASSWORD",
      "MONGODB_URL", "MONGO_INITDB_ROOT_PASSWORD", "ME_CONFIG_BASICAUTH_PASSWORD", "GF_SECURITY_ADMIN_PASSWORD");

  /** What {@code .env.example} puts where a secret goes: {@code change-me...}, or angle brackets. */
  private static final Pattern PLACEHOLDER = Pattern.compile("(?i)change[-_]?me|<[^>]*>");
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)");

  /* Copies the list and checks the values. */
  public ServiceSettings {
    requireNonNull(host, "host");
    requiredTiers = List.copyOf(requiredTiers);
    requireNonNull(demoInterval, "demoInterval");
    requireNonNull(application, "application");
    requireNonNull(statusCache, "statusCache");
    requireNonNull(usageDirectory, "usageDirectory");
    requireNonNull(dashboardInterval, "dashboardInterval");
  }

  /**
   * @param env the environment
   * @return the settings
   * @throws IllegalArgumentException if a value is malformed or out of range, or a secret variable still
   *     holds a placeholder; the message names the variable and the fix, never a secret's value
   */
  public static ServiceSettings fromEnvironment(Map<String, String> env) {
    rejectPlaceholders(env);
    String host = value(env, HOST, "127.0.0.1");
    int port = integer(env, PORT, DEFAULT_PORT, 0, 65535);
    List<String> tiers = tiers(value(env, REQUIRED_TIERS, ""));
    boolean demo = bool(env, DEMO_WORKLOAD, true);
    Duration interval = duration(env, DEMO_INTERVAL, Duration.ofSeconds(5));
    String application = value(env, APPLICATION, "tradingagents-service");
    int threads = integer(env, HTTP_THREADS, 8, 1, 64);
    Duration status = duration(env, STATUS_CACHE, Duration.ofSeconds(5));
    Path usage = Path.of(value(env, USAGE_DIR, "./data/usage"));
    Duration dashboard = duration(env, DASHBOARD_INTERVAL, Duration.ofSeconds(10));
    return new ServiceSettings(host, port, tiers, demo, interval, application, threads, status, usage, dashboard);
  }

  /**
   * Refuses a secret variable whose value is still a placeholder of {@code .env.example}.
   *
   * @param env the environment
   * @throws IllegalArgumentException naming the first such variable (not its value)
   */
  static void rejectPlaceholders(Map<String, String> env) {
    for (String name : SECRET_VARIABLES) {
      String value = env.get(name);
      if (value != null && PLACEHOLDER.matcher(value).find()) {
        throw new IllegalArgumentException(name + " still holds the placeholder from .env.example; set it to a "
            + "secret of your own (e.g. the output of: openssl rand -base64 24) in .env before starting");
      }
    }
  }

  private static String value(Map<String, String> env, String name, String defaultValue) {
    String value = env.get(name);
    return value == null || value.isBlank() ? defaultValue : value.strip();
  }

  private static int integer(Map<String, String> env, String name, int defaultValue, int min, int max) {
    String raw = value(env, name, Integer.toString(defaultValue));
    try {
      int parsed = Integer.parseInt(raw);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + " but was '"
        + raw + "'; e.g. " + name + "=" + defaultValue);
  }

  private static boolean bool(Map<String, String> env, String name, boolean defaultValue) {
    String raw = value(env, name, Boolean.toString(defaultValue)).toLowerCase(Locale.ROOT);
    if (raw.equals("true") || raw.equals("false")) {
      return Boolean.parseBoolean(raw);
    }
    throw new IllegalArgumentException(name + " must be true or false but was '" + raw + "'");
  }

  private static Duration duration(Map<String, String> env, String name, Duration defaultValue) {
    String raw = value(env, name, defaultValue.toSeconds() + "s");
    Matcher m = DURATION.matcher(raw);
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      Duration d = switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        default -> Duration.ofMinutes(amount);
      };
      if (!d.isZero()) {
        return d;
      }
    }
    throw new IllegalArgumentException(name + " must be a positive duration such as 500ms, 5s or 1m but was '"
        + raw + "'");
  }

  private static List<String> tiers(String raw) {
    Set<String> tiers = new LinkedHashSet<>();
    for (String part : raw.split(",")) {
      String tier = part.strip().toLowerCase(Locale.ROOT);
      if (tier.isEmpty() || tier.equals("none")) {
        continue;
      }
      if (!TIERS.contains(tier)) {
        throw new IllegalArgumentException(REQUIRED_TIERS + " names unknown tier '" + tier + "'; use a comma-"
            + "separated list of " + new ArrayList<>(new java.util.TreeSet<>(TIERS)) + ", e.g. "
            + REQUIRED_TIERS + "=redis,mongodb");
      }
      tiers.add(tier);
    }
    return List.copyOf(tiers);
  }
}
