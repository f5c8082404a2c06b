package io.tradingagents.examples.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tradingagents.cache.mongo.MongoIndexes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment files in {@code tradingagents-examples/deploy}: the Compose file validates with
 * {@code docker-compose config} (no Docker engine needed), holds no credential, publishes admin UIs on
 * 127.0.0.1 only and Redis and MongoDB not at all; {@code .env.example} holds placeholders only; the indexes
 * {@code mongo-init.js} creates are exactly the library's.
 */
class DeployFilesTest {
  private static final Path DEPLOY = Path.of("deploy");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  /** A key that names a secret, with a value that is neither empty nor a reference to a variable. */
  private static final Pattern SECRET_ASSIGNMENT = Pattern.compile(
      "(?i)\\b[a-z_]*(password|passwd|secret|token|requirepass|pwd)[a-z_]*\"?\\s*[:=]\\s*\"?([^\\s\"',}]+)");
  private static final Pattern URL_CREDENTIALS = Pattern.compile("[a-z+]+://[^/\\s:@]*:([^@\\s/]+)@");
  private static final Pattern PLACEHOLDER = Pattern.compile("change-me(-[a-z-]+)?");

  @TempDir Path work;

  private static List<Path> deployFiles() throws IOException {
    try (Stream<Path> files = Files.walk(DEPLOY)) {
      // An operator's own .env (git-ignored) holds real secrets by design; data/ and logs/ are the stack's.
      return files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals(".env"))
          .filter(f -> !f.startsWith(DEPLOY.resolve("data")) && !f.startsWith(DEPLOY.resolve("logs"))).sorted().toList();
    }
  }

  @Test
  void composeConfig_validatesWithATestEnv_andNamesTheMissingVariableWithout() throws Exception {
    Path binary = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .map(dir -> Path.of(dir, "docker-compose")).filter(Files::isExecutable).findFirst().orElse(null);
    Assumptions.assumeTrue(binary != null, "docker-compose is not installed (Debian package docker-compose; "
        + ".ci/run installs it): the Compose file was not validated");
    String env = Files.readString(DEPLOY.resolve(".env.example")).replaceAll("change-me-[a-z-]+", "Test-Only-5ecret");
    Path envFile = Files.writeString(work.resolve("test.env"), env);

    Result ok = run(binary.toString(), "--env-file", envFile.toString(), "--profile", "admin", "--profile",
        "monitoring", "config", "--services");
    assertThat(ok.code()).as(ok.output()).isZero();
    assertThat(ok.output().lines().toList()).containsExactlyInAnyOrder("app", "redis", "mongodb",
        "redis-commander", "mongo-express", "prometheus", "grafana");

    Path empty = Files.writeString(work.resolve("empty.env"), "");
    Result missing = run(binary.toString(), "--env-file", empty.toString(), "config");
    assertThat(missing.code()).isNotZero();
    assertThat(missing.output()).contains("set REDIS_PASSWORD in .env");
  }

  private record Result(int code, String output) {}

  private Result run(String... command) throws Exception {
    Path out = work.resolve("compose.txt");
    Process process = new ProcessBuilder(command).directory(DEPLOY.toFile()).redirectErrorStream(true)
        .redirectOutput(out.toFile()).start();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("docker-compose finished").isTrue();
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
  }

  @Test
  void deployFiles_holdNoCredentialLiteral() throws Exception {
    List<String> found = new ArrayList<>();
    for (Path file : deployFiles()) {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.strip().startsWith("#") || line.strip().startsWith("//")) {
          continue;
        }
        Matcher m = SECRET_ASSIGNMENT.matcher(line);
        while (m.find()) {
          String value = m.group(2);
          boolean reference = value.startsWith("$") || value.startsWith("process.env") || value.equals("password");
          if (!reference && !PLACEHOLDER.matcher(value).matches()) {
            found.add(file + ":" + (i + 1) + ": " + line.strip());
          }
        }
        Matcher url = URL_CREDENTIALS.matcher(line);
        while (url.find()) {
          if (!url.group(1).startsWith("$")) {
            found.add(file + ":" + (i + 1) + ": " + line.strip());
          }
        }
      }
    }
    assertThat(found).as("credential literals").isEmpty();
  }

  @Test
  void envExample_givesEverySecretAPlaceholderTheServiceRefuses() throws Exception {
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : Files.readAllLines(DEPLOY.resolve(".env.example"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        String[] pair = line.split("=", 2);
        env.put(pair[0], pair[1]);
      }
    }
    List<String> secrets = env.keySet().stream().filter(k -> k.contains("PASSWORD")).toList();
    assertThat(secrets).contains("REDIS_PASSWORD", "MONGO_INITDB_ROOT_PASSWORD", "MONGODB_APP_PASSWORD",
        "REDIS_COMMANDER_PASSWORD", "MONGO_EXPRESS_PASSWORD", "GRAFANA_ADMIN_PASSWORD");
    assertThat(secrets).allSatisfy(name -> assertThat(env.get(name)).matches(PLACEHOLDER));
  }

  @Test
  void compose_publishesAdminUisOnLoopbackOnly_andTheDatabasesNotAtAll() throws Exception {
    JsonNode services = YAML.readTree(DEPLOY.resolve("docker-compose.yml").toFile()).path("services");
    for (String ui : List.of("redis-commander", "mongo-express", "prometheus", "grafana")) {
      JsonNode ports = services.path(ui).path("ports");
      assertThat(ports.size()).as(ui + " ports").isPositive();
      ports.forEach(port -> assertThat(port.asText()).as(ui).startsWith("127.0.0.1:"));
      assertThat(services.path(ui).path("profiles").toString()).as(ui).containsAnyOf("admin", "monitoring");
    }
    assertThat(services.path("redis").has("ports")).isFalse();
    assertThat(services.path("mongodb").has("ports")).isFalse();
    assertThat(services.path("app").path("ports").get(0).asText()).startsWith("${TA_PUBLISH_ADDRESS:-127.0.0.1}:");
    services.fields().forEachRemaining(service -> {
      JsonNode s = service.getValue();
      assertThat(s.path("restart").asText()).as(service.getKey()).isEqualTo("unless-stopped");
      assertThat(s.path("logging").path("options").path("max-size").asText()).as(service.getKey()).isEqualTo("100m");
      assertThat(s.path("deploy").path("resources").path("limits").path("memory").asText()).as(service.getKey()).isNotEmpty();
      assertThat(s.path("networks").toString()).as(service.getKey()).contains("tradingagents-network");
    });
    assertThat(services.path("app").path("logging").path("options").path("max-file").asText()).isEqualTo("3");
    assertThat(services.path("redis").path("command").toString()).contains("--maxmemory-policy volatile-lru")
        .contains("--appendonly yes");
  }

  /** Parses {@code ['collection', { a: 1, b: -1 }, { unique: true }]} lines of mongo-init.js. */
  private static final Pattern INIT_INDEX = Pattern.compile(
      "\\['([a-z_]+)', \\{ ([^}]*) }, \\{(?:( unique: true )| expireAfterSeconds: (\\d+) )?}],");

  @Test
  void mongoInit_createsExactlyTheLibrarysIndexes() throws Exception {
    Set<String> script = new TreeSet<>();
    for (String line : Files.readAllLines(DEPLOY.resolve("mongo-init.js"))) {
      Matcher m = INIT_INDEX.matcher(line.strip());
      if (m.matches()) {
        StringBuilder spec = new StringBuilder(m.group(1)).append(" {");
        String[] fields = m.group(2).split(", ");
        for (int i = 0; i < fields.length; i++) {
          String[] f = fields[i].split(": ");
          spec.append(i == 0 ? "" : ", ").append('"').append(f[0]).append("\": ").append(f[1]);
        }
        spec.append('}');
        if (m.group(3) != null) {
          spec.append(" unique");
        }
        if (m.group(4) != null) {
          spec.append(" expireAfterSeconds=").append(m.group(4));
        }
        script.add(spec.toString());
      } else if (line.strip().startsWith("['")) {
        throw new AssertionError("mongo-init.js index line in an unexpected form: " + line);
      }
    }
    Set<String> library = new TreeSet<>();
    MongoIndexes.all(MongoIndexes.DEFAULT_CACHE_COLLECTION).forEach(spec -> library.add(spec.toString()));

    assertThat(script).isEqualTo(library);
  }
}
