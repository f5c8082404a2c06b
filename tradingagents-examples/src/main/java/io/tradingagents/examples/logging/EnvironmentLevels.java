package io.tradingagents.examples.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.core.spi.ConfigurationEvent;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.spi.LifeCycle;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Sets logger levels from {@code TA_LOG_LEVELS} (a Logback context property of that name wins over a
 * system property, which wins over the environment variable): a comma-separated list of {@code logger=LEVEL}, e.g.
 * {@code io.tradingagents.cache=DEBUG,redis.clients=INFO,ROOT=WARN}. Registered as a
 * {@code <contextListener>} at the end of the shipped {@code logback.xml}, so it overrides the levels
 * declared there. A malformed entry is skipped and reported as a Logback warning status (printed at start-up
 * with the entry, and what is accepted); the other entries still apply.
 *
 * <p>Used by Logback on its configuration thread; not meant to be called by applications.
 */
public final class EnvironmentLevels extends ContextAwareBase implements LoggerContextListener, LifeCycle {
  /** The setting's name. */
  public static final String SETTING = "TA_LOG_LEVELS";

  private final UnaryOperator<@Nullable String> lookup;
  private boolean started;

  /** Reads {@code TA_LOG_LEVELS} from the system properties, then the environment. */
  public EnvironmentLevels() {
    this(name -> {
      String value = System.getProperty(name);
      return value != null ? value : System.getenv(name);
    });
  }

  EnvironmentLevels(UnaryOperator<@Nullable String> lookup) {
    this.lookup = lookup;
  }

  /**
   * Parses a level list.
   *
   * @param spec e.g. {@code io.tradingagents=DEBUG,ROOT=WARN}; blank entries are ignored
   * @param problems receives one line per malformed entry
   * @return levels by logger name ({@code ROOT} for the root logger), in the order given
   */
  static Map<String, Level> parse(String spec, java.util.function.Consumer<String> problems) {
    Map<String, Level> levels = new LinkedHashMap<>();
    for (String entry : spec.split(",")) {
      String trimmed = entry.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      int eq = trimmed.indexOf('=');
      String name = eq < 0 ? "" : trimmed.substring(0, eq).strip();
      String level = eq < 0 ? "" : trimmed.substring(eq + 1).strip().toUpperCase(Locale.ROOT);
      if (name.isEmpty() || !isLevel(level)) {
        problems.accept(SETTING + " entry '" + trimmed + "' is not logger=LEVEL; accepted levels: "
            + "TRACE, DEBUG, INFO, WARN, ERROR, OFF (e.g. io.tradingagents=DEBUG)");
        continue;
      }
      levels.put(name.equalsIgnoreCase(Logger.ROOT_LOGGER_NAME) ? Logger.ROOT_LOGGER_NAME : name,
          Level.toLevel(level));
    }
    return levels;
  }

  private static boolean isLevel(String level) {
    return switch (level) {
      case "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF", "ALL" -> true;
      default -> false;
    };
  }

  @Override
  public void start() {
    String spec = getContext() == null ? null : getContext().getProperty(SETTING);
    if (spec == null) {
      spec = lookup.apply(SETTING);
    }
    if (spec != null && getContext() instanceof LoggerContext loggers) {
      Map<String, Level> levels = parse(spec, this::addWarn);
      // Logback starts context listeners before it sets the levels the file declares: apply ours again
      // once the configuration has ended, so that they win.
      apply(loggers, levels);
      loggers.addConfigurationEventListener(event -> {
        if (event.getEventType() == ConfigurationEvent.EventType.CONFIGURATION_ENDED_SUCCESSFULLY) {
          apply(loggers, levels);
        }
      });
    }
    started = true;
  }

  private static void apply(LoggerContext loggers, Map<String, Level> levels) {
    levels.forEach((name, level) -> loggers.getLogger(name).setLevel(level));
  }

  @Override
  public void stop() {
    started = false;
  }

  @Override
  public boolean isStarted() {
    return started;
  }

  @Override
  public boolean isResetResistant() {
    return false;
  }

  @Override
  public void onStart(LoggerContext context) {}

  @Override
  public void onReset(LoggerContext context) {}

  @Override
  public void onStop(LoggerContext context) {}

  @Override
  public void onLevelChange(ch.qos.logback.classic.Logger logger, Level level) {}
}
