package io.tradingagents.examples.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/** Configures a fresh Logback context from the shipped {@code logback.xml} and checks what lands where. */
class LoggingSetupTest {
  @TempDir Path dir;

  private LoggerContext configure(Map<String, String> properties) throws Exception {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    context.start();
    context.putProperty("TA_LOG_DIR", dir.toString());
    properties.forEach(context::putProperty);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(LoggingSetupTest.class.getResource("/logback.xml"));
    return context;
  }

  private static void writeOneOfEach(LoggerContext context) {
    Logger log = context.getLogger("io.tradingagents.test");
    log.debug("debug line");
    log.info("info line");
    log.atWarn().addKeyValue("event", "tier_down").addKeyValue("tier", "redis").log("warn line");
    log.error("error line");
  }

  private List<String> lines(String file) throws Exception {
    return Files.readAllLines(dir.resolve(file), StandardCharsets.UTF_8);
  }

  @Test
  void plainSetUp_writesInfoAndUpToMainFile_warnAndUpToWarnFile_noJson() throws Exception {
    LoggerContext context = configure(Map.of());
    writeOneOfEach(context);
    context.stop();

    assertThat(lines("tradingagents.log")).hasSize(3)
        .anySatisfy(l -> assertThat(l).contains("INFO ").endsWith("[] - info line"))
        .anySatisfy(l -> assertThat(l).contains("WARN ")
            .contains("io.tradingagents.test [event=\"tier_down\" tier=\"redis\"] - warn line"));
    assertThat(lines("tradingagents-warn.log")).hasSize(2)
        .noneMatch(l -> l.contains("INFO"));
    assertThat(dir.resolve("tradingagents.json")).doesNotExist();
  }

  @Test
  void jsonFormat_addsJsonLinesFileWithKeyValues() throws Exception {
    LoggerContext context = configure(Map.of("TA_LOG_FORMAT", "json"));
    writeOneOfEach(context);
    context.stop();

    List<String> json = lines("tradingagents.json");
    assertThat(json).hasSize(3).allMatch(l -> l.startsWith("{") && l.endsWith("}"));
    assertThat(json.get(1)).contains("\"level\":\"WARN\"")
        .contains("{\"event\":\"tier_down\"}").contains("\"formattedMessage\":\"warn line\"");
    assertThat(lines("tradingagents.log")).hasSize(3);
  }

  @Test
  void everyFile_rollsAt100MegabytesGzippedKeepingFiveDaysAnd500Megabytes() throws Exception {
    LoggerContext context = configure(Map.of("TA_LOG_FORMAT", "json"));
    List<String> messages = new ArrayList<>();
    context.getStatusManager().getCopyOfStatusList().forEach(st -> messages.add(st.getMessage()));
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    List<Integer> maxHistory = new ArrayList<>();
    for (String name : List.of("FILE", "WARN_FILE", "JSON_FILE")) {
      var appender = (ch.qos.logback.core.rolling.RollingFileAppender<?>) root.getAppender(name);
      var policy = (ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy<?>) appender.getRollingPolicy();
      maxHistory.add(policy.getMaxHistory());
      assertThat(policy.getFileNamePattern()).endsWith(".gz").contains("%d{yyyy-MM-dd}.%i");
    }
    context.stop();

    assertThat(maxHistory).containsExactly(5, 5, 5);
    assertThat(messages).filteredOn(m -> m.equals("Archive files will be limited to [100 MB] each.")).hasSize(3);
    assertThat(messages).filteredOn(m -> m.equals("setting totalSizeCap to 500 MB")).hasSize(3);
    assertThat(messages).filteredOn(m -> m.equals("Will use gz compression")).hasSize(3);
  }

  @Test
  void levelsFromSetting_overrideShippedLevels() throws Exception {
    LoggerContext context = configure(Map.of(EnvironmentLevels.SETTING, "io.tradingagents.test=DEBUG, ROOT=ERROR"));
    writeOneOfEach(context);
    Level root = context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel();
    context.stop();

    assertThat(root).isEqualTo(Level.ERROR);
    assertThat(lines("tradingagents.log")).hasSize(4).first().asString().contains("DEBUG");
  }

  @Test
  void malformedLevelEntry_isReportedAndOthersStillApply() throws Exception {
    LoggerContext context = configure(Map.of(EnvironmentLevels.SETTING, "io.tradingagents=LOUD,x.y=DEBUG"));
    List<String> warnings = new ArrayList<>();
    for (Status status : context.getStatusManager().getCopyOfStatusList()) {
      if (status.getLevel() == Status.WARN) {
        warnings.add(status.getMessage());
      }
    }
    Level xy = context.getLogger("x.y").getLevel();
    Level ta = context.getLogger("io.tradingagents").getLevel();
    context.stop();

    assertThat(warnings).anySatisfy(w -> assertThat(w)
        .contains("TA_LOG_LEVELS entry 'io.tradingagents=LOUD' is not logger=LEVEL").contains("DEBUG"));
    assertThat(xy).isEqualTo(Level.DEBUG);
    assertThat(ta).isEqualTo(Level.INFO);
  }
}
