package io.tradingagents.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import redis.embedded.core.ExecutableProvider;

/**
 * A real {@code redis-server} for the benchmarks: the binary shipped inside the embedded-redis jar (6.2,
 * for Linux, macOS and Windows), so no installed Redis, Docker or network is needed. It runs on a free
 * loopback port from a temporary directory of its own (config, log), with no persistence, and can be
 * stopped and started again on the same port (an outage). Extra {@code redis.conf} lines (e.g. those of a
 * Cluster node, see {@link RedisClusterProcess}) may be given at launch. {@link #close()} kills it and
 * deletes the directory; a shutdown hook kills it too if a benchmark JVM exits without tearing down.
 *
 * <p>Not a benchmark. Thread-safe.
 */
final class RedisServerProcess implements AutoCloseable {
  /**
   * System property naming the CPUs ({@code taskset -c} syntax) the server is pinned to, e.g. {@code 1}
   * while the benchmark's JVM runs under {@code taskset -c 0}, so that the two never share a core. Unset:
   * no pinning.
   */
  static final String CPUS_PROPERTY = "bench.redis.cpus";
  private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(20);
  private static volatile Path binary;

  private final Path directory;
  private final int port;
  private final List<String> config;
  private final Thread killOnExit;
  private Process process;

  private RedisServerProcess(int port, List<String> config) throws IOException {
    this.port = port;
    this.config = List.copyOf(config);
    this.directory = Files.createTempDirectory("ta-bench-redis-" + port + "-");
    this.killOnExit = new Thread(this::destroyNow, "ta-bench-redis-" + port + "-kill");
  }

  /**
   * @return a started server on a free loopback port
   * @throws IllegalStateException if it does not answer within 20 s
   */
  static RedisServerProcess launch() {
    return launch(freePort(), List.of());
  }

  /**
   * @param port the loopback port to listen on
   * @param config extra {@code redis.conf} lines, written after the defaults (so they may override them),
   *     e.g. {@code cluster-enabled yes}
   * @return a started server
   * @throws IllegalStateException if it exits or does not answer within 20 s
   */
  static RedisServerProcess launch(int port, List<String> config) {
    RedisServerProcess redis;
    try {
      redis = new RedisServerProcess(port, config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Runtime.getRuntime().addShutdownHook(redis.killOnExit);
    try {
      redis.start();
      return redis;
    } catch (RuntimeException e) {
      redis.close();
      throw e;
    }
  }

  /** @return a loopback port nobody listens on right now */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path binary() throws IOException {
    Path path = binary;
    if (path == null) {
      synchronized (RedisServerProcess.class) {
        path = binary;
        if (path == null) {
          path = ExecutableProvider.newJarResourceProvider().get().toPath();
          binary = path;
        }
      }
    }
    return path;
  }

  /**
   * Starts the server (again, on the same port, after {@link #stop()}) and waits until it answers PING.
   *
   * @throws IllegalStateException if it is running, exits, or does not answer within 20 s
   */
  synchronized void start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("redis-server on port " + port + " is already running");
    }
    try {
      Path conf = directory.resolve("redis.conf");
      List<String> lines = new ArrayList<>(List.of("port " + port, "bind 127.0.0.1", "protected-mode no",
          "daemonize no", "dir " + directory, "logfile \"\"", "save \"\"", "appendonly no"));
      lines.addAll(config);
      Files.write(conf, lines, UTF_8);
      List<String> command = new ArrayList<>();
      String cpus = System.getProperty(CPUS_PROPERTY, "");
      if (!cpus.isEmpty()) {
        command.addAll(List.of("taskset", "-c", cpus));
      }
      command.addAll(List.of(binary().toString(), conf.toString()));
      process = new ProcessBuilder(command).directory(directory.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("redis.log").toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
    while (!answers()) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server on port " + port + " exited with "
            + process.exitValue() + ": " + log());
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("redis-server on port " + port + " did not answer in 20 s: " + log());
      }
      sleepMillis(5);
    }
  }

  /** @return whether the server replies to an inline PING */
  private boolean answers() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      return in.read() == '+';
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops the server as an operator would (SIGTERM) and waits for it to exit; the port is then closed. */
  synchronized void stop() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    waitForExit();
  }

  private void waitForExit() {
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          throw new IllegalStateException("redis-server on port " + port + " did not exit");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void destroyNow() {
    Process current = process;
    if (current != null) {
      current.destroyForcibly();
    }
  }

  /** @return the port */
  int port() {
    return port;
  }

  /** @return {@code redis://127.0.0.1:<port>} */
  String url() {
    return "redis://127.0.0.1:" + port;
  }

  private String log() {
    try {
      return Files.readString(directory.resolve("redis.log"), UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Kills the server if it runs and deletes its directory. Idempotent. */
  @Override
  public synchronized void close() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      waitForExit();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs anyway
    }
    if (Files.exists(directory)) {
      try (Stream<Path> files = Files.walk(directory)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public String toString() {
    return "redis-server 127.0.0.1:" + port;
  }
}
