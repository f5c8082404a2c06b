package io.tradingagents.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} as a process (the built jar) against nothing, a real redis-server running, stopped, frozen
 * with SIGSTOP, and one that wants a password the CLI gets wrong.
 */
class StatusIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SERVER_PASSWORD = "s3rver-Passw0rd";
  private static final String WRONG_PASSWORD = "wr0ng-Passw0rd";
  private static TestRedis redis;

  @TempDir Path work;
  private Path logs;
  private String calendars;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = TestRedis.launch();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  @BeforeEach
  void directories() throws Exception {
    logs = Files.createDirectory(work.resolve("logs"));
    calendars = OpenEndedCalendars.write(work);
  }

  /**
   * Every expected API key set, to values the output must never show, and the trading calendars extended
   * to 2099 so that no outcome changes when a shipped calendar runs out.
   */
  private Map<String, String> environment(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("TA_CACHE_DIR", work.resolve("cache").toString());
    env.put("TA_LOG_DIR", logs.toString());
    env.put("TA_CACHE_MARKET_CALENDAR_FILES", calendars);
    for (String key : List.of("DASHSCOPE_API_KEY", "FINNHUB_API_KEY", "TUSHARE_TOKEN", "GOOGLE_API_KEY",
        "DEEPSEEK_API_KEY", "OPENAI_API_KEY")) {
      env.put(key, "secret-value-of-" + key);
    }
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  private CliProcess.Result status(Map<String, String> env, String... args) throws Exception {
    String[] all = new String[args.length + 1];
    all[0] = "status";
    System.arraycopy(args, 0, all, 1, args.length);
    CliProcess.Result result = CliProcess.run(work, env, List.of(), all);
    assertThat(result.stdout() + result.stderr()).doesNotContain("secret-value").doesNotContain(SERVER_PASSWORD)
        .doesNotContain(WRONG_PASSWORD).doesNotContain("\tat ");
    return result;
  }

  private String redisUrl() {
    return "redis://127.0.0.1:" + redis.port() + "/0";
  }

  /** The documented JSON shape (docs/operations.md): every field present with its type. */
  private static void assertShape(JsonNode json) {
    assertThat(json.get("verdict").asText()).isIn("OK", "WARNING", "CRITICAL", "UNKNOWN");
    assertThat(json.get("exit_code").isInt()).isTrue();
    assertThat(json.get("reasons").isArray()).isTrue();
    assertThat(json.get("checked_at").isTextual()).isTrue();
    assertThat(json.get("took_ms").isNumber()).isTrue();
    assertThat(json.get("performance_mode").isTextual()).isTrue();
    assertThat(json.get("performance_mode_reason").isTextual()).isTrue();
    for (JsonNode tier : json.get("tiers")) {
      assertThat(tier.get("name").isTextual()).isTrue();
      assertThat(tier.get("reachable").isBoolean()).isTrue();
      assertThat(tier.get("state").isTextual()).isTrue();
      assertThat(tier.get("probe_latency_ms").isNumber() || tier.get("probe_latency_ms").isNull()).isTrue();
      assertThat(tier.get("server_version").isTextual() || tier.get("server_version").isNull()).isTrue();
      assertThat(tier.get("entries").isNumber()).isTrue();
      assertThat(tier.get("size_bytes").isNumber()).isTrue();
      assertThat(tier.get("details").isObject()).isTrue();
    }
    assertThat(json.get("stats").isObject()).isTrue();
    assertThat(json.get("stats").get("hit_rate").isNumber()).isTrue();
    assertThat(json.get("stores").isArray()).isTrue();
    for (JsonNode key : json.get("api_keys")) {
      assertThat(key.fieldNames()).toIterable().containsExactly("name", "set");
    }
    assertThat(json.get("log_directory").get("writable").isBoolean()).isTrue();
    assertThat(json.has("write_check")).isTrue();
    assertThat(json.get("calendars")).extracting(c -> c.get("market").asText()).containsExactly("us", "cn", "hk");
    for (JsonNode calendar : json.get("calendars")) {
      assertThat(calendar.fieldNames()).toIterable()
          .containsExactly("market", "valid_through", "days_left", "valid", "note");
      assertThat(calendar.get("valid_through").asText()).isEqualTo("2099-12-31");
    }
  }

  @Test
  void nothingConfigured_isOk_memoryAndFiles_exit0() throws Exception {
    CliProcess.Result result = status(environment());

    assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
    assertThat(result.stdout()).startsWith("STATUS OK - everything configured is up")
        .contains("performance mode: standard: file up")
        .contains("API keys: DASHSCOPE_API_KEY set, FINNHUB_API_KEY set")
        .contains("trading calendars: us through 2099-12-31, cn through 2099-12-31, hk through 2099-12-31");
    assertThat(result.stdout().lines().filter(l -> l.startsWith("memory ") || l.startsWith("file ")))
        .hasSize(2);
  }

  @Test
  void runningRedis_isOk_fastMode_readOnly_keyCountUnchanged() throws Exception {
    redis.command("SET", "someone-elses-key", "x");
    String keysBefore = redis.command("DBSIZE");

    CliProcess.Result result = status(environment("REDIS_URL", redisUrl()), "--json");

    assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
    assertThat(redis.command("DBSIZE")).isEqualTo(keysBefore);
    JsonNode json = JSON.readTree(result.stdout());
    assertShape(json);
    assertThat(json.get("verdict").asText()).isEqualTo("OK");
    assertThat(json.get("performance_mode").asText()).isEqualTo("fast");
    JsonNode tier = json.get("tiers").get(1);
    assertThat(tier.get("name").asText()).isEqualTo("redis");
    assertThat(tier.get("reachable").asBoolean()).isTrue();
    assertThat(tier.get("server_version").asText()).matches("\\d+\\.\\d+\\.\\d+");
    assertThat(tier.get("probe_latency_ms").asDouble()).isPositive();
  }

  @Test
  void writeCheck_roundTripsAndLeavesNoKeyInItsNamespace() throws Exception {
    CliProcess.Result result = status(environment("REDIS_URL", redisUrl()), "--json", "--write-check");

    assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
    JsonNode json = JSON.readTree(result.stdout());
    assertThat(json.at("/write_check/ok").asBoolean()).as(json.at("/write_check/detail").asText()).isTrue();
    // Only the namespace's invalidation log (a Redis stream capped at REDIS_LOG_MAX_LENGTH) stays: it
    // records the write and removal for other instances.
    assertThat(redis.command("SCAN", "0", "MATCH", "*ta-status-check*", "COUNT", "10000").lines())
        .containsExactly("0", "ta-log:ta-status-check");
    assertThat(redis.command("TYPE", "ta-log:ta-status-check").strip()).isEqualTo("stream");
  }

  @Test
  void stoppedRedis_isWarning_exit1_andCriticalWithoutFiles_exit2() throws Exception {
    redis.stop();
    try {
      CliProcess.Result warning = status(environment("REDIS_URL", redisUrl()));
      assertThat(warning.exitCode()).as(warning.stdout()).isEqualTo(1);
      assertThat(warning.stdout()).startsWith("STATUS WARNING - tier redis is down")
          .contains("performance mode: standard: file up; redis down");

      CliProcess.Result critical = status(environment("REDIS_URL", redisUrl(), "TA_CACHE_FILE_ENABLED", "false"),
          "--json");
      assertThat(critical.exitCode()).isEqualTo(2);
      JsonNode json = JSON.readTree(critical.stdout());
      assertShape(json);
      assertThat(json.get("verdict").asText()).isEqualTo("CRITICAL");
      assertThat(json.get("reasons").get(0).asText()).startsWith("no shared tier is reachable");
    } finally {
      redis.start();
    }
  }

  @Test
  void frozenRedis_isWarningWithinTheTimeout_neverAHang() throws Exception {
    redis.freeze();
    try {
      CliProcess.Result result = status(environment("REDIS_URL", redisUrl()), "--json", "--timeout", "1s");

      assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isEqualTo(1);
      JsonNode json = JSON.readTree(result.stdout());
      assertThat(json.get("reasons").toString()).contains("tier redis is down");
      // The probes are bounded by the deadline: the check itself cannot take much longer than --timeout.
      assertThat(json.get("took_ms").asLong()).isLessThanOrEqualTo(1_500);
    } finally {
      redis.resume();
    }
  }

  @Test
  void wrongPassword_isCriticalConfiguration_andNoPasswordIsPrintedAnywhere() throws Exception {
    try (TestRedis locked = TestRedis.launch("requirepass " + SERVER_PASSWORD)) {
      String url = "redis://:" + WRONG_PASSWORD + "@127.0.0.1:" + locked.port() + "/0";
      CliProcess.Result text = status(environment("REDIS_URL", url));
      CliProcess.Result json = status(environment("REDIS_HOST", "127.0.0.1", "REDIS_PORT",
          Integer.toString(locked.port()), "REDIS_PASSWORD", WRONG_PASSWORD), "--json");

      // The Redis provider refuses rejected credentials when the cache is built: a configuration error.
      assertThat(text.exitCode()).as(text.stdout() + text.stderr()).isEqualTo(2);
      assertThat(text.stdout()).startsWith("STATUS CRITICAL - configuration invalid: Redis at 127.0.0.1:"
          + locked.port() + "/0 refused the credentials");
      assertThat(json.exitCode()).isEqualTo(2);
      JsonNode report = JSON.readTree(json.stdout());
      assertThat(report.get("verdict").asText()).isEqualTo("CRITICAL");
      assertThat(report.get("exit_code").asInt()).isEqualTo(2);
      assertThat(report.get("reasons").get(0).asText()).contains("refused the credentials");
    }
  }

  @Test
  void rightPassword_isOk_andThePasswordIsNotPrinted() throws Exception {
    try (TestRedis locked = TestRedis.launch("requirepass " + SERVER_PASSWORD)) {
      String url = "redis://:" + SERVER_PASSWORD + "@127.0.0.1:" + locked.port() + "/0";
      CliProcess.Result text = status(environment("REDIS_URL", url));
      CliProcess.Result json = status(environment("REDIS_URL", url), "--json");

      assertThat(text.exitCode()).as(text.stdout() + text.stderr()).isZero();
      assertThat(text.stdout()).contains("performance mode: fast: redis + file up");
      assertThat(JSON.readTree(json.stdout()).at("/tiers/1/reachable").asBoolean()).isTrue();
    }
  }

  @Test
  void redisAndMongo_areHighPerformance_andMongoDown_isWarning() throws Exception {
    de.bwaldvogel.mongo.MongoServer mongo = new de.bwaldvogel.mongo.MongoServer(
        new de.bwaldvogel.mongo.backend.memory.MemoryBackend());
    mongo.bind("127.0.0.1", 0);
    String mongoUrl = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort() + "/tradingagents";
    try {
      CliProcess.Result up = status(environment("REDIS_URL", redisUrl(), "MONGODB_URL", mongoUrl), "--json");
      assertThat(up.exitCode()).as(up.stdout() + up.stderr()).isZero();
      JsonNode json = JSON.readTree(up.stdout());
      assertShape(json);
      assertThat(json.get("performance_mode").asText()).isEqualTo("high_performance");
      assertThat(json.get("tiers")).extracting(t -> t.get("name").asText())
          .containsExactly("memory", "redis", "mongodb", "file");
      assertThat(json.at("/tiers/2/server_version").isTextual()).isTrue();

      mongo.shutdownNow();
      CliProcess.Result down = status(environment("REDIS_URL", redisUrl(), "MONGODB_URL", mongoUrl));
      assertThat(down.exitCode()).as(down.stdout() + down.stderr()).isEqualTo(1);
      assertThat(down.stdout()).startsWith("STATUS WARNING - tier mongodb is down")
          .contains("performance mode: fast: redis + file up; mongodb down");
    } finally {
      mongo.shutdownNow();
    }
  }

  @Test
  void invalidConfiguration_isCritical_exit2_namingTheSetting() throws Exception {
    CliProcess.Result result = status(environment("REDIS_HOST", "127.0.0.1", "REDIS_PORT", "not-a-port"));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stdout()).startsWith("STATUS CRITICAL - configuration invalid: ").contains("REDIS_PORT");
  }

  @Test
  void missingApiKey_isWarning_namingOnlyTheVariable() throws Exception {
    Map<String, String> env = environment();
    env.remove("OPENAI_API_KEY");
    CliProcess.Result result = status(env);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stdout()).startsWith("STATUS WARNING - API key variable OPENAI_API_KEY is not set");
  }
}
