package io.tradingagents.cache.spi;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.CacheConfigurationException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The cache's configuration as named settings ({@code REDIS_HOST}, {@code TA_CACHE_DIR}, ...), merged
 * from the builder, the environment and an optional properties file, with typed accessors that validate.
 * A malformed value raises a {@link CacheConfigurationException} naming the setting, the value (masked
 * when the setting is a secret or a URI with credentials) and what is accepted.
 *
 * <p>Immutable and thread-safe. {@link #toString()} masks secrets.
 */
public final class TierSettings {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*:/{0,2}");
  private static final Pattern SERVICE_LINK = Pattern.compile("tcp://[^:/]+:(\\d{1,5})");
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TierSettings.class);
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?");

  private final Map<String, String> values;
  private final Clock clock;

  private TierSettings(Map<String, String> values, Clock clock) {
    this.values = Map.copyOf(values);
    this.clock = clock;
  }

  /**
   * @param values settings by name; blank values count as unset
   * @param clock the cache's clock, which tiers use for entry times
   * @return the settings
   */
  public static TierSettings of(Map<String, String> values, Clock clock) {
    requireNonNull(values, "values");
    Map<String, String> copy = new TreeMap<>();
    values.forEach((k, v) -> {
      if (k != null && v != null && !v.isBlank()) {
        copy.put(k, v.strip());
      }
    });
    return new TierSettings(copy, requireNonNull(clock, "clock"));
  }

  /** @return the clock tiers use for entry times */
  public Clock clock() {
    return clock;
  }

  /** @return the names of every setting that has a value, sorted */
  public java.util.Set<String> names() {
    return new java.util.TreeSet<>(values.keySet());
  }

  /**
   * @param name a setting name
   * @return the trimmed value, or {@code null} if unset or blank
   */
  public @Nullable String get(String name) {
    return values.get(requireNonNull(name, "name"));
  }

  /**
   * @param name a setting name
   * @return whether it is set to a non-blank value
   */
  public boolean isSet(String name) {
    return get(name) != null;
  }

  /**
   * @param name a setting name
   * @param defaultValue returned when unset
   * @return the value or the default
   */
  public String getString(String name, String defaultValue) {
    String value = get(name);
    return value != null ? value : defaultValue;
  }

  /**
   * @param name a setting name
   * @param defaultValue returned when unset
   * @return {@code true} for true/yes/on/1, {@code false} for false/no/off/0 (case-insensitive)
   * @throws CacheConfigurationException for any other value
   */
  public boolean getBoolean(String name, boolean defaultValue) {
    String value = get(name);
    if (value == null) {
      return defaultValue;
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "true": case "yes": case "on": case "1": return true;
      case "false": case "no": case "off": case "0": return false;
      default: throw invalid(name, value, "true or false (also yes/no, on/off, 1/0)", null);
    }
  }

  /**
   * @param name a setting name
   * @param defaultValue returned when unset
   * @param min smallest accepted value
   * @param max largest accepted value
   * @return the value
   * @throws CacheConfigurationException if not an integer in {@code [min, max]}
   */
  public int getInt(String name, int defaultValue, int min, int max) {
    String value = get(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      throw invalid(name, value, "an integer from " + min + " to " + max, e);
    }
    throw invalid(name, value, "an integer from " + min + " to " + max, null);
  }

  /**
   * Reads a port, accepting the Kubernetes service-link form that a Service named e.g. {@code redis}
   * injects as {@code REDIS_PORT=tcp://10.0.0.5:6379}: the port is taken from it.
   *
   * @param name a setting name such as {@code REDIS_PORT}
   * @param defaultValue returned when unset
   * @return the port, 1 to 65535
   * @throws CacheConfigurationException if neither a port nor a service link
   */
  public int getPort(String name, int defaultValue) {
    String value = get(name);
    if (value == null) {
      return defaultValue;
    }
    Matcher link = SERVICE_LINK.matcher(value);
    if (!link.matches()) {
      return getInt(name, defaultValue, 1, 65_535);
    }
    int port = Integer.parseInt(link.group(1));
    if (port < 1 || port > 65_535) {
      throw invalid(name, value, "a port from 1 to 65535 (or a service link tcp://host:port)", null);
    }
    return port;
  }

  /**
   * @param name a port setting
   * @return whether it holds a Kubernetes service link ({@code tcp://host:port}) rather than a port
   */
  public boolean isServiceLink(String name) {
    String value = get(name);
    return value != null && SERVICE_LINK.matcher(value).matches();
  }

  /**
   * A port means nothing without a host. A Kubernetes service link in the port setting without any host
   * setting is not taken as configuration (Kubernetes injects it whether or not the application uses the
   * service): it is ignored with an INFO line.
   *
   * @param port the port setting, e.g. {@code REDIS_PORT}
   * @param hosts the settings that name a server, e.g. {@code REDIS_HOST}, {@code REDIS_URL}
   * @throws CacheConfigurationException if a plain port is set and none of {@code hosts} is
   */
  public void requireHostForPort(String port, String... hosts) {
    if (!isSet(port) || java.util.Arrays.stream(hosts).anyMatch(this::isSet)) {
      return;
    }
    if (isServiceLink(port)) {
      log.info("{} holds a Kubernetes service link; it is ignored because none of {} is set",
          port, String.join(", ", hosts));
      return;
    }
    throw new CacheConfigurationException(port, port + " is set to '" + get(port) + "' but "
        + String.join(" / ", hosts) + " is not: a port needs a host. Set " + hosts[0] + " too, or unset "
        + port, null);
  }

  /**
   * @param name a setting name
   * @param defaultValue returned when unset
   * @return the value: a whole number of bytes with an optional unit {@code KB}, {@code MB}, {@code GB}
   *     (powers of 1024; {@code KiB}, {@code k} etc. also accepted)
   * @throws CacheConfigurationException if malformed or negative
   */
  public long getBytes(String name, long defaultValue) {
    String value = get(name);
    if (value == null) {
      return defaultValue;
    }
    Matcher m = SIZE.matcher(value.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw invalid(name, value, "a size such as 67108864, 512KB, 64MB or 2GB", null);
    }
    long multiplier;
    String unit = m.group(2) == null ? "b" : m.group(2);
    switch (unit.charAt(0)) {
      case 'k': multiplier = 1L << 10; break;
      case 'm': multiplier = 1L << 20; break;
      case 'g': multiplier = 1L << 30; break;
      default: multiplier = 1;
    }
    try {
      return Math.multiplyExact(Long.parseLong(m.group(1)), multiplier);
    } catch (ArithmeticException | NumberFormatException e) {
      throw invalid(name, value, "a size below 8 EiB", e);
    }
  }

  /**
   * @param name a setting name
   * @param defaultValue returned when unset
   * @return the value: a whole number with unit {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}
   *     (no unit means seconds), or ISO-8601 such as {@code PT2H}; never negative
   * @throws CacheConfigurationException if malformed or negative
   */
  public Duration getDuration(String name, Duration defaultValue) {
    String value = get(name);
    if (value == null) {
      return defaultValue;
    }
    String accepted = "a duration such as 250ms, 30s, 5m, 2h, 1d or PT2H";
    if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
      try {
        Duration parsed = Duration.parse(value.toUpperCase(Locale.ROOT));
        if (parsed.isNegative()) {
          throw invalid(name, value, accepted + ", not negative", null);
        }
        return parsed;
      } catch (DateTimeParseException e) {
        throw invalid(name, value, accepted, e);
      }
    }
    Matcher m = DURATION.matcher(value.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw invalid(name, value, accepted, null);
    }
    long amount;
    try {
      amount = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw invalid(name, value, accepted, e);
    }
    String unit = m.group(2) == null ? "s" : m.group(2);
    switch (unit) {
      case "ms": return Duration.ofMillis(amount);
      case "m": return Duration.ofMinutes(amount);
      case "h": return Duration.ofHours(amount);
      case "d": return Duration.ofDays(amount);
      default: return Duration.ofSeconds(amount);
    }
  }

  /**
   * @param name a setting name
   * @param defaultValue returned when unset
   * @return the value as a path
   * @throws CacheConfigurationException if not a valid path on this platform
   */
  public Path getPath(String name, Path defaultValue) {
    String value = get(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw invalid(name, value, "a file system path", e);
    }
  }

  /**
   * Builds the exception for a malformed setting, masking the value where it is a secret.
   *
   * @param name the setting
   * @param value the offending value
   * @param accepted what would have been accepted
   * @param cause the parse failure, or {@code null}
   * @return the exception, to be thrown by the caller
   */
  public static CacheConfigurationException invalid(String name, String value, String accepted,
      @Nullable Throwable cause) {
    return new CacheConfigurationException(name, name + " must be " + accepted + " but was '"
        + maskValue(name, value) + "'", cause);
  }

  /**
   * @param name a setting name
   * @return whether its value is a secret (the name contains PASSWORD, SECRET, TOKEN or KEY)
   */
  public static boolean isSecret(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    return upper.contains("PASSWORD") || upper.contains("SECRET") || upper.contains("TOKEN")
        || upper.endsWith("KEY");
  }

  /**
   * @param name a setting name
   * @param value its value
   * @return {@code ****} for secrets, the value with any URI password masked otherwise
   */
  public static String maskValue(String name, String value) {
    return isSecret(name) ? "****" : maskUri(value);
  }

  /**
   * Masks the credentials of a connection URI, whatever characters the password holds: everything between
   * the scheme and the <em>last</em> {@code @} of the string is replaced, except a user name before the
   * first {@code :}. A string without {@code ://} (a scheme typo such as {@code redis:/:secret@host}) is
   * masked the same way from its start, keeping only a leading scheme.
   *
   * @param uri a URI such as {@code redis://user:secret@host:6379/0}
   * @return the URI with the password replaced: {@code redis://user:****@host:6379/0}
   */
  public static String maskUri(String uri) {
    int end = uri.lastIndexOf('@');
    if (end < 0) {
      return uri;
    }
    int scheme = uri.indexOf("://");
    if (scheme < 0 || scheme > end) {
      Matcher prefix = SCHEME.matcher(uri);
      return (prefix.lookingAt() ? prefix.group() : "") + "****" + uri.substring(end);
    }
    int start = scheme + 3;
    String userInfo = uri.substring(start, end);
    int colon = userInfo.indexOf(':');
    // Without a colon the user info may be a bare password (redis://secret@host): mask it whole.
    String masked = colon < 0 ? "****" : userInfo.substring(0, colon) + ":****";
    return uri.substring(0, start) + masked + uri.substring(end);
  }

  /**
   * Rejects a connection URI whose host would come out of its password: an {@code @} after the first
   * {@code /}, {@code ?} or {@code #} of the authority means the user info holds a character that must be
   * percent-encoded (a driver would take what follows it for the host). The message shows only the scheme.
   *
   * @param name the setting, e.g. {@code REDIS_URL}
   * @param uri its value
   * @throws CacheConfigurationException if the user info is not percent-encoded
   */
  public static void checkCredentialsEncoded(String name, String uri) {
    int scheme = uri.indexOf("://");
    int at = uri.lastIndexOf('@');
    if (scheme < 0 || at < 0) {
      return;
    }
    int start = scheme + 3;
    int authorityEnd = uri.length();
    for (char c : new char[] {'/', '?', '#'}) {
      int i = uri.indexOf(c, start);
      if (i >= 0 && i < authorityEnd) {
        authorityEnd = i;
      }
    }
    if (at > authorityEnd) {
      throw new CacheConfigurationException(name, name + " '" + schemeOnly(uri) + "' holds an unencoded "
          + "'@', '/', '?' or '#' in its user name or password, so the host cannot be told apart from it. "
          + "Percent-encode the password (@ as %40, / as %2F, ? as %3F, # as %23, : as %3A, % as %25), "
          + "e.g. with java.net.URLEncoder.encode(password, UTF_8), or give it in the separate password "
          + "setting", null);
    }
  }

  /**
   * @param value a string that should have been a URI
   * @return its scheme and {@code ://...} only (e.g. {@code redis://...}); {@code ...} without a scheme.
   *     For messages about a value that did not parse: nothing after the scheme is ever shown
   */
  public static String schemeOnly(String value) {
    Matcher prefix = SCHEME.matcher(value);
    return prefix.lookingAt() ? prefix.group().replaceAll("[:/]+$", "") + "://..." : "...";
  }

  /**
   * For "did you mean" messages about a mistyped setting name.
   *
   * @param name what was given
   * @param candidates the names that exist
   * @param maxDistance how many typing errors (insertions, deletions, substitutions) are still a match
   * @return the closest candidate within {@code maxDistance}, or {@code null}
   */
  public static @Nullable String closestName(String name, java.util.Collection<String> candidates,
      int maxDistance) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = distance(name, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return bestDistance <= maxDistance ? best : null;
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("TierSettings{");
    values.forEach((k, v) -> sb.append(k).append('=').append(maskValue(k, v)).append(", "));
    if (!values.isEmpty()) {
      sb.setLength(sb.length() - 2);
    }
    return sb.append('}').toString();
  }
}
