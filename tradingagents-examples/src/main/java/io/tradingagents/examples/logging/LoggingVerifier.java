package io.tradingagents.examples.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Checks a logging set-up end to end, as the reference deployment's {@code verify_docker_logs.py} did:
 * configures the shipped {@code logback.xml} in a Logback context of its own (the caller's logging is left
 * alone), writes one event of each level tagged with a run id, stops the context so every file is flushed,
 * then reads each file back and checks it received exactly the levels it should: the main file everything
 * at or above the configured level, the WARN file only WARN and ERROR, the JSON file (when
 * {@code TA_LOG_FORMAT=json}) the same as the main file.
 *
 * <p>Not thread-safe; one verifier per check.
 */
public final class LoggingVerifier {
  /** The logger the check writes with; its level is the configured level of {@code io.tradingagents}. */
  public static final String LOGGER = "io.tradingagents.verify-logging";

  /** The levels of the check's events. */
  public enum EventLevel { TRACE, DEBUG, INFO, WARN, ERROR }

  /**
   * What one file received.
   *
   * @param file the file
   * @param expected the levels it should hold
   * @param found the levels it holds
   * @param ok whether they are the same
   */
  public record FileCheck(Path file, Set<EventLevel> expected, Set<EventLevel> found, boolean ok) {}

  /**
   * The outcome.
   *
   * @param directory the log directory
   * @param runId the id the events carried
   * @param files one check per file the configuration writes
   * @param problems configuration errors Logback reported, and anything else that went wrong
   */
  public record Result(Path directory, String runId, List<FileCheck> files, List<String> problems) {
    /** @return whether every file received what it should and nothing went wrong */
    public boolean ok() {
      return problems.isEmpty() && files.stream().allMatch(FileCheck::ok);
    }
  }

  private static final Pattern LEVEL_AND_RUN = Pattern.compile("(TRACE|DEBUG|INFO|WARN|ERROR)");

  private final URL configuration;

  /** @param configuration the Logback configuration to check, e.g. the shipped {@code /logback.xml} */
  public LoggingVerifier(URL configuration) {
    this.configuration = configuration;
  }

  /**
   * @param directory the log directory ({@code TA_LOG_DIR})
   * @param json whether the JSON-lines file is switched on ({@code TA_LOG_FORMAT=json})
   * @return what each file received
   */
  public Result verify(Path directory, boolean json) {
    String runId = UUID.randomUUID().toString();
    List<String> problems = new ArrayList<>();
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    context.start();
    context.putProperty("TA_LOG_DIR", directory.toString());
    context.putProperty("TA_LOG_FORMAT", json ? "json" : "plain");
    Level effective = Level.INFO;
    try {
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(configuration);
      ch.qos.logback.classic.Logger logger = context.getLogger(LOGGER);
      effective = logger.getEffectiveLevel();
      write(logger, runId);
    } catch (JoranException e) {
      problems.add("the configuration could not be read: " + e.getMessage());
    } finally {
      context.stop();
    }
    for (Status status : context.getStatusManager().getCopyOfStatusList()) {
      if (status.getLevel() == Status.ERROR) {
        Throwable cause = status.getThrowable();
        problems.add(status.getMessage() + (cause == null ? "" : " (" + cause.getMessage() + ")"));
      }
    }
    Set<EventLevel> atOrAbove = EnumSet.noneOf(EventLevel.class);
    for (EventLevel level : EventLevel.values()) {
      if (Level.toLevel(level.name()).isGreaterOrEqual(effective)) {
        atOrAbove.add(level);
      }
    }
    Set<EventLevel> warnAndUp = EnumSet.copyOf(atOrAbove);
    warnAndUp.removeIf(l -> l.compareTo(EventLevel.WARN) < 0);
    List<FileCheck> files = new ArrayList<>();
    files.add(check(directory.resolve("tradingagents.log"), atOrAbove, runId, problems));
    files.add(check(directory.resolve("tradingagents-warn.log"), warnAndUp, runId, problems));
    if (json) {
      files.add(check(directory.resolve("tradingagents.json"), atOrAbove, runId, problems));
    }
    return new Result(directory, runId, List.copyOf(files), List.copyOf(new LinkedHashSet<>(problems)));
  }

  private static void write(Logger logger, String runId) {
    String message = "verify-logging check event";
    logger.atTrace().addKeyValue("event", "verify_logging").addKeyValue("run", runId).log(message);
    logger.atDebug().addKeyValue("event", "verify_logging").addKeyValue("run", runId).log(message);
    logger.atInfo().addKeyValue("event", "verify_logging").addKeyValue("run", runId).log(message);
    logger.atWarn().addKeyValue("event", "verify_logging").addKeyValue("run", runId).log(message);
    logger.atError().addKeyValue("event", "verify_logging").addKeyValue("run", runId).log(message);
  }

  private static FileCheck check(Path file, Set<EventLevel> expected, String runId, List<String> problems) {
    Set<EventLevel> found = EnumSet.noneOf(EventLevel.class);
    if (!Files.isRegularFile(file)) {
      problems.add(file + " was not written");
      return new FileCheck(file, expected, found, false);
    }
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.contains(runId)) {
          @Nullable EventLevel level = levelOf(line);
          if (level != null) {
            found.add(level);
          }
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      problems.add(file + " could not be read back: " + e.getMessage());
    }
    return new FileCheck(file, expected, found, found.equals(expected));
  }

  private static @Nullable EventLevel levelOf(String line) {
    int json = line.indexOf("\"level\":\"");
    String from = json >= 0 ? line.substring(json + 9) : line;
    Matcher m = LEVEL_AND_RUN.matcher(from);
    return m.find() ? EventLevel.valueOf(m.group(1).toUpperCase(Locale.ROOT)) : null;
  }
}
