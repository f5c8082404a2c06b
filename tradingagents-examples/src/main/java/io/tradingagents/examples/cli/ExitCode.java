package io.tradingagents.examples.cli;

/** The monitoring-plugins exit codes every sub-command uses. */
final class ExitCode {
  /** Everything as it should be. */
  static final int OK = 0;
  /** Degraded: working, but something needs attention. */
  static final int WARNING = 1;
  /** Not working, or the configuration is invalid. */
  static final int CRITICAL = 2;
  /** The check itself failed: bad arguments, an unexpected error. */
  static final int UNKNOWN = 3;

  private ExitCode() {}
}
