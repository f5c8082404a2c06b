package io.tradingagents.examples.cli;

import io.tradingagents.examples.logging.LoggingVerifier;
import java.io.PrintWriter;
import java.net.URL;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tradingagents verify-logging}: see the command's help. */
@Command(name = "verify-logging", mixinStandardHelpOptions = true,
    description = {
        "Check that the logging set-up writes every file it should.",
        "",
        "Writes one event of each level through the shipped Logback configuration (in a logging",
        "context of its own) into DIR, then reads every file back and checks it received exactly what",
        "it should: tradingagents.log everything at or above the configured level, tradingagents-warn.log",
        "only WARN and ERROR, tradingagents.json (with TA_LOG_FORMAT=json) the same as the main file.",
        "Exit code: 0 OK, 2 CRITICAL (a file missing, unwritable, or with the wrong events), 3 UNKNOWN."},
    footer = {"", "Examples:",
        "  tradingagents verify-logging                  # checks $TA_LOG_DIR, default ./logs",
        "  tradingagents verify-logging /var/log/tradingagents",
        "  TA_LOG_FORMAT=json tradingagents verify-logging --json /var/log/tradingagents"})
final class VerifyLoggingCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean jsonOutput;

  @Option(names = "--verbose", description = "Print stack traces of unexpected errors.")
  boolean verbose;

  @Parameters(paramLabel = "DIR", arity = "0..1",
      description = "The log directory (default: $TA_LOG_DIR, else ./logs).")
  @Nullable Path directory;

  private final Map<String, String> environment;

  VerifyLoggingCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws Exception {
    Path dir = directory != null ? directory : Path.of(environment.getOrDefault("TA_LOG_DIR", "./logs"));
    boolean jsonFile = "json".equalsIgnoreCase(environment.getOrDefault("TA_LOG_FORMAT", "").strip());
    URL configuration = VerifyLoggingCommand.class.getResource("/logback.xml");
    if (configuration == null) {
      spec.commandLine().getErr().println("tradingagents verify-logging: the shipped logback.xml is not on the class path");
      return ExitCode.UNKNOWN;
    }
    LoggingVerifier.Result result = new LoggingVerifier(configuration).verify(dir, jsonFile);
    PrintWriter out = spec.commandLine().getOut();
    if (jsonOutput) {
      com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper()
          .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
      com.fasterxml.jackson.databind.node.ObjectNode root = mapper.createObjectNode();
      root.put("verdict", result.ok() ? "OK" : "CRITICAL").put("directory", dir.toString())
          .put("run_id", result.runId());
      com.fasterxml.jackson.databind.node.ArrayNode files = root.putArray("files");
      for (LoggingVerifier.FileCheck f : result.files()) {
        com.fasterxml.jackson.databind.node.ObjectNode node = files.addObject().put("file", f.file().toString());
        f.expected().forEach(l -> node.withArray("expected").add(l.name()));
        f.found().forEach(l -> node.withArray("found").add(l.name()));
        node.put("ok", f.ok());
      }
      result.problems().forEach(p -> root.withArray("problems").add(p));
      out.println(mapper.writeValueAsString(root));
    } else {
      out.printf(Locale.ROOT, "%-50s %-26s %-26s %s%n", "file", "expected", "found", "result");
      for (LoggingVerifier.FileCheck f : result.files()) {
        out.printf(Locale.ROOT, "%-50s %-26s %-26s %s%n", f.file(), levels(f.expected()), levels(f.found()),
            f.ok() ? "OK" : "WRONG");
      }
      if (!jsonFile) {
        out.println("(tradingagents.json not checked: TA_LOG_FORMAT is not json)");
      }
      result.problems().forEach(p -> out.println("problem: " + p));
      out.println(result.ok() ? "LOGGING OK - every file received what it should"
          : "LOGGING CRITICAL - " + (result.problems().isEmpty() ? "a file received the wrong events"
              : result.problems().get(0)));
    }
    out.flush();
    return result.ok() ? ExitCode.OK : ExitCode.CRITICAL;
  }

  private static String levels(java.util.Set<LoggingVerifier.EventLevel> levels) {
    return levels.isEmpty() ? "-" : levels.stream().map(Enum::name).collect(Collectors.joining(" "));
  }
}
