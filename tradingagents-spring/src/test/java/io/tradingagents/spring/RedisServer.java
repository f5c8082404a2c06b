package io.tradingagents.spring;

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
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import redis.embedded.core.ExecutableProvider;

/**
 * A real {@code redis-server} for tests: the binary inside the embedded-redis jar, on a free loopback port,
 * run from a temporary directory of its own with no persistence. It can be stopped and started again on
 * the same port. (The Redis module's own launcher is not published in a test-jar; this is its minimal
 * part.)
 */
final class RedisServer implements AutoCloseable {
  private final Path directory;
  private final int port;
  private Process process;

  private RedisServer(int port) throws IOException {
    this.port = port;
    this.directory = Files.createTempDirectory("ta-spring-redis-" + port + "-");
  }

  /** @return a started server on a free port */
  static RedisServer launch() {
    for (int attempt = 1; ; attempt++) {
      RedisServer server = null;
      try {
        server = new RedisServer(freePort());
        server.start();
        return server;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (RuntimeException e) {
        if (server != null) {
          server.close();
        }
        if (attempt == 3) { // the free port may have been taken before the server bound it
          throw e;
        }
      }
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts (or restarts, on the same port) the server and waits until it answers. */
  synchronized void start() {
    try {
      Path conf = directory.resolve("redis.conf");
      Files.write(conf, List.of("port " + port, "bind 127.0.0.1", "protected-mode no", "daemonize no",
          "dir " + directory, "logfile \"\"", "save \"\"", "appendonly no"), UTF_8);
      Path binary = ExecutableProvider.newJarResourceProvider().get().toPath();
      process = new ProcessBuilder(binary.toString(), conf.toString()).directory(directory.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("redis.log").toFile())).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Process started = process;
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).until(() -> {
      if (!started.isAlive()) {
        throw new IllegalStateException("redis-server on port " + port + " exited with " + started.exitValue());
      }
      return answers();
    });
  }

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

  /** @return the port */
  int port() {
    return port;
  }

  /** Stops the server (SIGTERM) and waits for it to exit. */
  synchronized void stop() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Kills the server if it runs and deletes its directory. */
  @Override
  public synchronized void close() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
