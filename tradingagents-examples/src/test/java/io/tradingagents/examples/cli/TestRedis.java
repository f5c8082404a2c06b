package io.tradingagents.examples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import java.io.BufferedInputStream;
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
import java.util.List;
import redis.embedded.core.ExecutableProvider;

/**
 * A minimal real {@code redis-server} for the CLI's tests (the redis module's helper is not published in a
 * test-jar): the binary shipped in the embedded-redis jar, run from a temporary directory on a free loopback
 * port, with no persistence. It can be stopped and started again on the same port, and frozen with
 * {@code SIGSTOP} (accepts connections, never answers) and resumed. Also speaks just enough RESP to count keys.
 * Public for the example service's tests.
 */
public final class TestRedis implements AutoCloseable {
  private final Path directory;
  private final int port;
  private final List<String> config;
  private Process process;

  private TestRedis(List<String> config) throws IOException {
    this.directory = Files.createTempDirectory("ta-cli-redis-");
    this.port = freePort();
    this.config = config;
  }

  public static TestRedis launch(String... config) throws IOException {
    TestRedis redis = new TestRedis(List.of(config));
    redis.start();
    return redis;
  }

  public int port() {
    return port;
  }

  public void start() throws IOException {
    Path conf = directory.resolve("redis.conf");
    List<String> lines = new ArrayList<>(List.of("port " + port, "bind 127.0.0.1", "protected-mode no",
        "daemonize no", "dir " + directory, "save \"\"", "appendonly no", "logfile \"\""));
    lines.addAll(config);
    Files.write(conf, lines, UTF_8);
    Path binary = ExecutableProvider.newJarResourceProvider().get().toPath();
    process = new ProcessBuilder(binary.toString(), conf.toString()).directory(directory.toFile())
        .redirectErrorStream(true).redirectOutput(directory.resolve("redis.log").toFile()).start();
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server exited: " + Files.readString(directory.resolve("redis.log")));
      }
      return listening();
    });
  }

  public void stop() throws InterruptedException {
    process.destroy();
    process.waitFor();
    await().atMost(Duration.ofSeconds(10)).until(() -> !listening());
  }

  void freeze() throws IOException, InterruptedException {
    signal("STOP");
  }

  void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill -" + name + " failed");
    }
  }

  private boolean listening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Sends one command and returns its reply as text: integers and strings as themselves, arrays as their
   * elements joined by newlines (nested arrays flattened).
   */
  String command(String... args) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      StringBuilder request = new StringBuilder("*" + args.length + "\r\n");
      for (String arg : args) {
        request.append('$').append(arg.getBytes(UTF_8).length).append("\r\n").append(arg).append("\r\n");
      }
      out.write(request.toString().getBytes(UTF_8));
      out.flush();
      StringBuilder reply = new StringBuilder();
      read(new BufferedInputStream(socket.getInputStream()), reply);
      return reply.toString().strip();
    }
  }

  private static void read(InputStream in, StringBuilder reply) throws IOException {
    char type = (char) in.read();
    String line = line(in);
    switch (type) {
      case '+', ':' -> reply.append(line).append('\n');
      case '-' -> throw new IOException("redis error: " + line);
      case '$' -> {
        int length = Integer.parseInt(line);
        if (length >= 0) {
          reply.append(new String(in.readNBytes(length), UTF_8)).append('\n');
          line(in);
        }
      }
      case '*' -> {
        int count = Integer.parseInt(line);
        for (int i = 0; i < count; i++) {
          read(in, reply);
        }
      }
      default -> throw new IOException("unexpected reply type " + type);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      line.append((char) c);
    }
    in.read(); // '\n'
    return line.toString();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      resume();
      process.destroyForcibly();
      process.waitFor();
    }
    try (var files = Files.walk(directory)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
