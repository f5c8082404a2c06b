package io.tradingagents.examples.cli;

import io.tradingagents.examples.logs.LogAnalyzer;
import io.tradingagents.examples.logs.LogReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tradingagents analyze-logs}: see the command's help. */
@Command(name = "analyze-logs", mixinStandardHelpOptions = true,
    description = {
        "Summarise log files: levels, errors, slow operations, durations, cost, usage.",
        "",
        "Reads logs written by the shipped Logback configuration: plain pattern and JSON lines,",
        "gzip-rotated files too, streamed in bounded memory. Reports lines by level, errors by category",
        "with the latest examples, slow operations, analysis durations (count, mean, p50, p95, max),",
        "cost by provider and currency, usage by day, hour, module and analysis type, and every line",
        "it skipped (binary, truncated, malformed) with its line number. Never stops at a bad line.",
        "Exit code: 0 all files read, 1 a file could not be read (the others are still reported),",
        "3 bad arguments."},
    footer = {"", "Examples:",
        "  tradingagents analyze-logs logs/tradingagents.log logs/tradingagents.*.log.gz",
        "  tradingagents analyze-logs --json --since 2026-01-01 --slow 5s logs/tradingagents.json",
        "  tradingagents analyze-logs --zone UTC logs/tradingagents-warn.log"})
final class AnalyzeLogsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Option(names = "--since", paramLabel = "DATE",
      description = "Leave out events before this day (yyyy-MM-dd, in --zone) or time (ISO with offset).")
  @Nullable String since;

  @Option(names = "--slow", paramLabel = "DURATION", defaultValue = "10s",
      converter = Converters.DurationConverter.class,
      description = "Operations whose duration_ms exceeds this are slow (default: ${DEFAULT-VALUE}).")
  Duration slow;

  @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "Asia/Shanghai",
      converter = Converters.ZoneConverter.class,
      description = "Zone of usage by day and hour (default: ${DEFAULT-VALUE}).")
  ZoneId zone;

  @Option(names = "--verbose", description = "Print stack traces of unexpected errors.")
  boolean verbose;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Log files, plain or gzip.")
  List<Path> files;

  @Override
  public Integer call() {
    Instant from;
    try {
      from = since == null ? null : Converters.since(since, zone);
    } catch (picocli.CommandLine.TypeConversionException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "Invalid value for option '--since': " + e.getMessage());
    }
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
        java.nio.charset.StandardCharsets.UTF_8);
    PrintStream progress = System.console() != null && !json ? System.err : null;
    LogReport report = new LogAnalyzer(zone, slow, from, progress).analyze(files);
    if (json) {
      out.println(report.toJson());
    } else {
      report.printText(out);
    }
    out.flush();
    long unreadable = report.unreadableFiles();
    if (unreadable > 0) {
      spec.commandLine().getErr().println("tradingagents analyze-logs: " + unreadable
          + " file(s) could not be read to the end; see the Files section");
      return ExitCode.WARNING;
    }
    return ExitCode.OK;
  }
}
