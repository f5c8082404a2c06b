package io.tradingagents.cache.file;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.CacheConfigurationException;
import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.spi.CacheTierProvider;
import io.tradingagents.cache.spi.TierSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Opens a {@link FileTier} from these settings:
 *
 * <table>
 *   <caption>File tier settings</caption>
 *   <tr><th>Setting</th><th>Default</th><th>Meaning</th></tr>
 *   <tr><td>{@value #ENABLED}</td><td>{@code true}</td><td>whether the file tier is used</td></tr>
 *   <tr><td>{@value #DIRECTORY}</td><td>{@code ${user.home}/.cache/tradingagents-cache}</td>
 *       <td>the cache directory; created owner-only if missing</td></tr>
 *   <tr><td>{@value #MAX_BYTES}</td><td>{@code 1GB}</td>
 *       <td>cap on the entry files' total size, e.g. {@code 512MB}; positive</td></tr>
 *   <tr><td>{@value #SWEEP_INTERVAL}</td><td>{@code 5m}</td>
 *       <td>how often expired files are deleted; 1ms to 1d</td></tr>
 *   <tr><td>{@value #FSYNC}</td><td>{@code false}</td>
 *       <td>force every write to the device (durable across a power cut, slower)</td></tr>
 * </table>
 *
 * <p>The default directory is per user and survives reboots; the temporary directory is not used by
 * default because other users on the machine can create (and so own, or fill) a directory there first.
 * When the user's home is unknown, {@code ${java.io.tmpdir}/tradingagents-cache-${user.name}} is used.
 *
 * <p>Stateless and thread-safe; registered for {@link java.util.ServiceLoader}.
 */
public final class FileCacheProvider implements CacheTierProvider {
  /** Whether the file tier is used ({@code true}/{@code false}); default {@code true}. */
  public static final String ENABLED = "TA_CACHE_FILE_ENABLED";
  /** The cache directory. */
  public static final String DIRECTORY = "TA_CACHE_DIR";
  /** The cap on the total size of the entry files. */
  public static final String MAX_BYTES = "TA_CACHE_FILE_MAX_BYTES";
  /** How often expired entries are swept. */
  public static final String SWEEP_INTERVAL = "TA_CACHE_FILE_SWEEP_INTERVAL";
  /** Whether writes are forced to the device. */
  public static final String FSYNC = "TA_CACHE_FILE_FSYNC";

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public FileCacheProvider() {
    // stateless
  }

  /** @return {@code file} */
  @Override
  public String name() {
    return "file";
  }

  /** @return the file tier's {@code TA_CACHE_*} settings */
  @Override
  public java.util.Set<String> settingNames() {
    return java.util.Set.of(ENABLED, DIRECTORY, MAX_BYTES, SWEEP_INTERVAL, FSYNC);
  }

  /**
   * @param settings the cache's settings
   * @return the value of {@value #ENABLED}, {@code true} when unset
   * @throws CacheConfigurationException if {@value #ENABLED} is not a boolean
   */
  @Override
  public boolean isConfigured(TierSettings settings) {
    return requireNonNull(settings, "settings").getBoolean(ENABLED, true);
  }

  /**
   * Opens the tier. An unusable directory does not fail here: the tier starts and its
   * {@link FileTier#ping()} reports the problem, so the engine keeps it down until it is fixed.
   *
   * @param settings the cache's settings; its clock is used for entry times and recency
   * @return a {@link FileTier}
   * @throws CacheConfigurationException if a setting is malformed or out of range; the exception names it
   */
  @Override
  public CacheTier open(TierSettings settings) {
    requireNonNull(settings, "settings");
    Path directory = settings.getPath(DIRECTORY, defaultDirectory());
    long maxBytes = settings.getBytes(MAX_BYTES, FileTier.Options.DEFAULT_MAX_BYTES);
    if (maxBytes <= 0) {
      throw TierSettings.invalid(MAX_BYTES, settings.getString(MAX_BYTES, ""),
          "a positive size such as 512MB or 1GB", null);
    }
    Duration sweepInterval = settings.getDuration(SWEEP_INTERVAL, FileTier.Options.DEFAULT_SWEEP_INTERVAL);
    if (sweepInterval.toMillis() < 1
        || sweepInterval.compareTo(FileTier.Options.MAX_SWEEP_INTERVAL) > 0) {
      throw TierSettings.invalid(SWEEP_INTERVAL, settings.getString(SWEEP_INTERVAL, ""),
          "a duration from 1ms to 1d such as 30s or 5m", null);
    }
    boolean fsync = settings.getBoolean(FSYNC, false);
    return new FileTier(new FileTier.Options(directory, maxBytes, sweepInterval, fsync, settings.clock()));
  }

  /**
   * @return {@code ${user.home}/.cache/tradingagents-cache}, or
   *     {@code ${java.io.tmpdir}/tradingagents-cache-${user.name}} when the home directory is unknown
   */
  static Path defaultDirectory() {
    String home = System.getProperty("user.home", "");
    if (home.isBlank() || "?".equals(home)) {
      return Path.of(System.getProperty("java.io.tmpdir"),
          "tradingagents-cache-" + System.getProperty("user.name", "user"));
    }
    return Path.of(home, ".cache", "tradingagents-cache");
  }
}
