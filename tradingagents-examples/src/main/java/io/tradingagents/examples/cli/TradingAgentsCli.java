package io.tradingagents.examples.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tradingagents} operator command line. Every sub-command has {@code --help} with examples;
 * bad arguments and unexpected failures are one line on standard error and exit code 3 (UNKNOWN), with a
 * stack trace only under {@code --verbose}.
 */
@Command(name = "tradingagents", mixinStandardHelpOptions = true,
    versionProvider = TradingAgentsCli.Version.class,
    description = "Operator tools for tradingagents-cache deployments.",
    subcommands = {StatusCommand.class, AnalyzeLogsCommand.class, VerifyLoggingCommand.class, UsageCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (monitoring-plugins convention).",
        "Run 'tradingagents <command> --help' for a command's options and examples."})
public final class TradingAgentsCli implements Runnable {
  /** The Logback configuration the CLI itself uses unless {@code -Dlogback.configurationFile} is given. */
  static final String CLI_LOGGING = "io/tradingagents/examples/cli/logback-cli.xml";

  /**
   * Runs the CLI and exits with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", CLI_LOGGING);
    }
    System.exit(run(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * Runs the CLI without exiting.
   *
   * @param args the command line
   * @param environment the settings ({@code REDIS_URL}, {@code TA_LOG_DIR}, ...)
   * @param out standard output
   * @param err standard error
   * @return the exit code
   */
  static int run(String[] args, Map<String, String> environment, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new TradingAgentsCli(), new Factory(environment));
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler((e, arguments) -> {
      CommandLine command = e.getCommandLine();
      err.println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage()
          + " (see '" + command.getCommandSpec().qualifiedName() + " --help')");
      err.flush();
      return ExitCode.UNKNOWN;
    });
    cli.setExecutionExceptionHandler((e, command, parseResult) -> {
      boolean verbose = parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"))
          || parseResult.hasMatchedOption("--verbose");
      if (verbose) {
        e.printStackTrace(err);
      }
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      err.println(command.getCommandSpec().qualifiedName() + ": " + message.lines().findFirst().orElse(message));
      err.flush();
      return ExitCode.UNKNOWN;
    });
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: "
        + "status, analyze-logs, verify-logging or usage");
  }

  /** Creates commands that need the environment. */
  private static final class Factory implements CommandLine.IFactory {
    private final Map<String, String> environment;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    Factory(Map<String, String> environment) {
      this.environment = environment;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (type == VerifyLoggingCommand.class) {
        return type.cast(new VerifyLoggingCommand(environment));
      }
      if (type == UsageCommand.class) {
        return type.cast(new UsageCommand(environment));
      }
      if (type == StatusCommand.class) {
        return type.cast(new StatusCommand(environment, Clock.systemUTC()));
      }
      return fallback.create(type);
    }
  }

  /** The version from the jar's manifest, or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = TradingAgentsCli.class.getPackage().getImplementationVersion();
      return new String[] {"tradingagents " + (version == null ? "development" : version)};
    }
  }
}
