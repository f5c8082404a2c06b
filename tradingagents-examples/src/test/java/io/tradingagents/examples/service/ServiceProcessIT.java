package io.tradingagents.examples.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradingagents.analysis.UsageStore;
import io.tradingagents.analysis.file.FileStores;
import io.tradingagents.analysis.file.FsyncPolicy;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service as an operator runs it: the built jar in a child JVM. SIGTERM stops it with exit code 0 within
 * 10 s and leaves the usage journal whole; a placeholder secret stops it at once, naming the variable.
 */
class ServiceProcessIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path work;

  private ProcessBuilder service(int port, String... env) {
    String jar = System.getProperty("cli.jar");
    assertThat(jar).as("cli.jar (set by failsafe)").isNotNull();
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", jar, ExampleService.class.getName()).directory(work.toFile())
        .redirectOutput(work.resolve("stdout.txt").toFile()).redirectError(work.resolve("stderr.txt").toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("REDIS") || k.startsWith("MONGO") || k.startsWith("TA_"));
    builder.environment().put("TA_HTTP_PORT", Integer.toString(port));
    builder.environment().put("TA_CACHE_DIR", work.resolve("cache").toString());
    builder.environment().put("TA_USAGE_DIR", work.resolve("usage").toString());
    builder.environment().put("TA_LOG_DIR", work.resolve("logs").toString());
    builder.environment().put("TA_DEMO_INTERVAL", "100ms");
    for (int i = 0; i < env.length; i += 2) {
      builder.environment().put(env[i], env[i + 1]);
    }
    return builder;
  }

  @Test
  void sigterm_exits0Within10s_withTheUsageJournalIntact() throws Exception {
    int port = freePort();
    Process process = service(port).start();
    try {
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
        PrometheusText scrape = new PrometheusText(Http.get(port, "/metrics").body());
        return scrape.sum("tradingagents_usage_calls_total") > 0;
      });
      double calls = new PrometheusText(Http.get(port, "/metrics").body()).sum("tradingagents_usage_calls_total");

      long start = System.nanoTime();
      process.destroy(); // SIGTERM
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("exited within 10 s").isTrue();
      long millis = (System.nanoTime() - start) / 1_000_000;

      assertThat(process.exitValue()).as(Files.readString(work.resolve("stderr.txt"))).isZero();
      assertThat(millis).isLessThan(10_000);
      Path journal = work.resolve("usage").resolve(FileStores.USAGE_FILE);
      List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
      assertThat(lines).allSatisfy(line -> assertThat(JSON.readTree(line).isObject()).isTrue());
      try (UsageStore store = FileStores.usage(journal.getParent(), FsyncPolicy.NEVER)) {
        assertThat(store.count()).isEqualTo(lines.size()).isGreaterThanOrEqualTo((long) calls);
      }
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void placeholderSecret_refusesToStart_namingTheVariableNotTheValue() throws Exception {
    Process process = service(freePort(), "REDIS_PASSWORD", "change-me-redis-password").start();

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String stderr = Files.readString(work.resolve("stderr.txt"));
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(stderr).contains("REDIS_PASSWORD still holds the placeholder").doesNotContain("change-me-redis-password");
  }

  @Test
  void invalidCacheSetting_refusesToStart_withTheCachesMessage_exit2() throws Exception {
    Process process = service(freePort(), "TA_CACHE_MEMORY_MAX_BYTES", "lots").start();

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String stderr = Files.readString(work.resolve("stderr.txt"));
    assertThat(process.exitValue()).as(stderr).isEqualTo(2);
    assertThat(stderr).startsWith("tradingagents-service: ").contains("TA_CACHE_MEMORY_MAX_BYTES");
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
