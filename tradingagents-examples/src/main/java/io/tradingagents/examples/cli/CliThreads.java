package io.tradingagents.examples.cli;

import java.util.concurrent.Executor;

/** Daemon threads for work the CLI bounds in time, so a hung server never keeps the JVM alive. */
final class CliThreads {
  private CliThreads() {}

  /**
   * @param name the thread's name
   * @return an executor that runs each task on a new daemon thread of that name
   */
  static Executor daemon(String name) {
    return task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      thread.start();
    };
  }
}
