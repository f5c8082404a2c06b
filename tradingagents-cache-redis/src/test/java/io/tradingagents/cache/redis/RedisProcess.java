package io.tradingagents.cache.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import redis.embedded.core.ExecutableProvider;

/**
 * A real {@code redis-server} process for tests: the binary the embedded-redis jar ships (6.2), started
 * on a free loopback port from a temporary directory of its own (its config, log and any files live
 * there), with no persistence. It can be stopped, killed, frozen ({@code SIGSTOP}) and resumed
 * ({@code SIGCONT}), and started again on the same port. {@link #close()} kills it and deletes the
 * directory.
 */
public final class RedisProcess implements AutoCloseable {
  private static volatile Path binary;

  private final Path directory;
  private final int port;
  private final List<String> config;
  private final boolean sentinel;
  private Process process;
  private boolean paused;

  private RedisProcess(int port, List<String> config, boolean sentinel) throws IOException {
    this.directory = Files.createTempDirectory("ta-redis-" + port + "-");
    this.port = port;
    this.config = List.copyOf(config);
    this.sentinel = sentinel;
  }

  /**
   * @param config extra {@code redis.conf} lines, e.g. {@code requirepass secret}
   * @return a started server on a free port
   */
  public static RedisProcess launch(String... config) {
    // A free port can be taken by another process before the server binds it: try a few.
    for (int attempt = 1; ; attempt++) {
      try {
        return launch(freePort(), false, List.of(config));
      } catch (IllegalStateException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  /**
   * @param port the port
   * @param sentinel whether to run it as a sentinel
   * @param config extra config lines
   * @return a started server
   */
  static RedisProcess launch(int port, boolean sentinel, List<String> config) {
    RedisProcess redis;
    try {
      redis = new RedisProcess(port, config, sentinel);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      redis.start();
      return redis;
    } catch (RuntimeException e) {
      redis.close(); // no directory left behind
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
      synchronized (RedisProcess.class) {
        path = binary;
        if (path == null) {
          path = ExecutableProvider.newJarResourceProvider().get().toPath();
          binary = path;
        }
      }
    }
    return path;
  }

  /** Starts (or restarts, on the same port) the process and waits until it answers. */
  public synchronized void start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("already running");
    }
    try {
      Path conf = directory.resolve(sentinel ? "sentinel.conf" : "redis.conf");
      List<String> lines = new ArrayList<>(List.of("port " + port, "bind 127.0.0.1", "protected-mode no",
          "daemonize no", "dir " + directory, "logfile \"\""));
      if (!sentinel) {
        lines.addAll(List.of("save \"\"", "appendonly no"));
      }
      lines.addAll(config);
      if (!Files.exists(conf)) { // a sentinel rewrites its file; keep what it learned across a restart
        Files.write(conf, lines, UTF_8);
      }
      List<String> command = new ArrayList<>(List.of(binary().toString(), conf.toString()));
      if (sentinel) {
        command.add("--sentinel");
      }
      process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("redis.log").toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    paused = false;
    Process started = process;
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).until(() -> {
      if (!started.isAlive()) {
        throw new IllegalStateException(this + " exited with " + started.exitValue() + ": " + log());
      }
      return answers(port);
    });
  }

  /** @return whether something on the port replies to an inline PING (any reply, even NOAUTH) */
  static boolean answers(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      int first = in.read();
      return first == '+' || first == '-';
    } catch (IOException e) {
      return false;
    }
  }

  /** @return the port */
  public int port() {
    return port;
  }

  /** @return {@code 127.0.0.1:port} */
  String address() {
    return "127.0.0.1:" + port;
  }

  /** @return the directory the server runs in */
  Path directory() {
    return directory;
  }

  /** @return the operating system's process id */
  synchronized long pid() {
    return process.pid();
  }

  /** Stops the server as an operator would (SIGTERM) and waits for it to exit. */
  public synchronized void stop() {
    resumeIfPaused();
    process.destroy();
    waitForExit();
  }

  /** Kills the server (SIGKILL), as a crash would, and waits for it to exit. */
  synchronized void kill() {
    resumeIfPaused();
    process.destroyForcibly();
    waitForExit();
  }

  /** Freezes the server (SIGSTOP): the kernel still accepts connections, nothing answers. */
  synchronized void pause() {
    signal("-STOP");
    paused = true;
  }

  /** Resumes a frozen server (SIGCONT). */
  synchronized void resume() {
    signal("-CONT");
    paused = false;
  }

  private void resumeIfPaused() {
    if (paused) {
      resume();
    }
  }

  private void signal(String signal) {
    try {
      Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void waitForExit() {
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("redis-server on port " + port + " did not exit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** @return the server's log so far, for failure messages */
  String log() {
    try {
      return Files.readString(directory.resolve("redis.log"), UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Kills the process if it runs and deletes its directory. */
  @Override
  public synchronized void close() {
    if (process != null && process.isAlive()) {
      kill();
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return (sentinel ? "sentinel " : "redis ") + address();
  }
}
