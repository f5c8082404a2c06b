package io.tradingagents.examples.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the built CLI jar ({@code target/tradingagents.jar}, passed by failsafe as {@code cli.jar}) as an
 * operator would: a child JVM with its own environment, standard output and error captured to files.
 */
final class CliProcess {
  /**
   * What a run printed and returned.
   *
   * @param exitCode the process's exit code
   * @param stdout standard output
   * @param stderr standard error
   * @param millis how long it ran
   */
  record Result(int exitCode, String stdout, String stderr, long millis) {}

  private CliProcess() {}

  static Path jar() {
    String jar = System.getProperty("cli.jar");
    if (jar == null) {
      throw new IllegalStateException("cli.jar is not set: run this test with failsafe (mvn verify)");
    }
    return Path.of(jar);
  }

  static Result run(Path workDir, Map<String, String> environment, List<String> jvmOptions, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    return exec(workDir, environment, command);
  }

  static Result exec(Path workDir, Map<String, String> environment, List<String> command)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(workDir, "stdout", ".txt");
    Path err = Files.createTempFile(workDir, "stderr", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    // Only what the test gives: no REDIS_URL or TA_* of the machine running the build leaks in.
    builder.environment().keySet().removeIf(k -> k.startsWith("REDIS") || k.startsWith("MONGODB")
        || k.startsWith("TA_") || k.endsWith("_API_KEY") || k.endsWith("_TOKEN"));
    builder.environment().putAll(environment);
    long start = System.nanoTime();
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("CLI did not finish in 5 minutes: " + command);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8), millis);
  }
}
