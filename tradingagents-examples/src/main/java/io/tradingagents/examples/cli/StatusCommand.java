package io.tradingagents.examples.cli;

import io.tradingagents.analysis.UsageStore;
import io.tradingagents.analysis.file.FileStores;
import io.tradingagents.analysis.file.FsyncPolicy;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheConfigurationException;
import io.tradingagents.monitoring.SystemStatus;
import io.tradingagents.monitoring.SystemStatusCheck;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tradingagents status}: see the command's help. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = {
        "Check the deployment: tiers, performance mode, stores, API keys, log directory, calendars.",
        "",
        "Builds the cache from the environment (REDIS_URL, MONGODB_URL, TA_CACHE_DIR, ...) as the",
        "application would, and reports each tier (reachable, ping latency, server version, size),",
        "the performance mode and why, the cache statistics, the usage store (with --usage-store or",
        "TA_USAGE_DIR), which API-key variables are set (names only, never a value) and whether the",
        "log directory is writable, and whether each market's trading calendar (the shipped ones plus",
        "TA_CACHE_MARKET_CALENDAR_FILES) still covers today; one ending within 30 days gets a note.",
        "Read-only unless --write-check. Every probe is bounded by --timeout: a hung server costs at",
        "most that.",
        "Exit code: 0 OK, 1 WARNING (a tier down, a key missing, a calendar past its last date, ...),",
        "2 CRITICAL (no shared tier reachable, configuration invalid), 3 UNKNOWN (the check itself",
        "failed)."},
    footer = {"", "Examples:",
        "  tradingagents status",
        "  tradingagents status --json --timeout 1s",
        "  REDIS_URL=redis://cache:6379/0 tradingagents status --write-check",
        "  tradingagents status --api-keys OPENAI_API_KEY,FINNHUB_API_KEY   # only what you use"})
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Option(names = "--write-check",
      description = "Also round-trip one value under the reserved namespace ta-status-check, then remove it.")
  boolean writeCheck;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2s",
      converter = Converters.DurationConverter.class,
      description = "Longest wait for the probes (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--api-keys", paramLabel = "NAMES", split = ",",
      description = "API-key variables to expect (default: $TA_STATUS_API_KEYS, else DASHSCOPE_API_KEY,"
          + " FINNHUB_API_KEY, TUSHARE_TOKEN, GOOGLE_API_KEY, DEEPSEEK_API_KEY, OPENAI_API_KEY); '' for none.")
  @Nullable List<String> apiKeys;

  @Option(names = "--log-dir", paramLabel = "DIR", description = "Log directory (default: $TA_LOG_DIR, else ./logs).")
  @Nullable Path logDir;

  @Option(names = "--usage-store", paramLabel = "DIR",
      description = "Directory of the file-backed usage store (default: $TA_USAGE_DIR; none if unset).")
  @Nullable Path usageStore;

  @Option(names = "--verbose", description = "Print stack traces of unexpected errors.")
  boolean verbose;

  private final Map<String, String> environment;
  private final Clock clock;

  StatusCommand(Map<String, String> environment, Clock clock) {
    this.environment = environment;
    this.clock = clock;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    AdaptiveCache cache;
    try {
      cache = CompletableFuture.supplyAsync(() -> AdaptiveCache.builder().environment(environment).build(),
          CliThreads.daemon("tradingagents-status-build")).get(timeout.toNanos() + 2_000_000_000L, TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CacheConfigurationException bad) {
        return fail(out, SystemStatus.Verdict.CRITICAL, "configuration invalid: " + bad.getMessage());
      }
      throw e;
    } catch (TimeoutException e) {
      return fail(out, SystemStatus.Verdict.UNKNOWN, "the cache could not be built within " + timeout + " + 2s");
    }
    UsageStore store = null;
    try {
      SystemStatusCheck.Builder check = SystemStatusCheck.builder(cache).clock(clock).timeout(timeout)
          .environment(environment)
          .apiKeys(keys()).writeCheck(writeCheck)
          .logDirectory(logDir != null ? logDir : Path.of(environment.getOrDefault("TA_LOG_DIR", "./logs")));
      Path usageDir = usageStore != null ? usageStore
          : environment.containsKey("TA_USAGE_DIR") ? Path.of(environment.get("TA_USAGE_DIR")) : null;
      if (usageDir != null) {
        if (Files.isRegularFile(usageDir.resolve(FileStores.USAGE_FILE))) {
          UsageStore opened = FileStores.usage(usageDir, FsyncPolicy.NEVER);
          store = opened;
          check.store("usage", opened::count);
        } else {
          check.store("usage", () -> {
            throw new IllegalStateException("no " + FileStores.USAGE_FILE + " in " + usageDir);
          });
        }
      }
      SystemStatus status = check.build().run();
      if (json) {
        out.println(StatusPrinter.json(status));
      } else {
        StatusPrinter.text(status, out);
      }
      out.flush();
      return status.verdict().exitCode();
    } finally {
      if (store != null) {
        store.close();
      }
      closeQuietly(cache);
    }
  }

  private List<String> keys() {
    if (apiKeys != null) {
      return apiKeys.stream().map(String::strip).filter(k -> !k.isEmpty()).toList();
    }
    String configured = environment.get("TA_STATUS_API_KEYS");
    if (configured != null) {
      return Arrays.stream(configured.split(",")).map(String::strip).filter(k -> !k.isEmpty()).toList();
    }
    return SystemStatusCheck.DEFAULT_API_KEYS;
  }

  private int fail(PrintWriter out, SystemStatus.Verdict verdict, String reason) {
    if (json) {
      com.fasterxml.jackson.databind.node.ObjectNode root = new com.fasterxml.jackson.databind.ObjectMapper()
          .createObjectNode().put("verdict", verdict.name()).put("exit_code", verdict.exitCode());
      root.putArray("reasons").add(reason);
      out.println(root.toPrettyString());
    } else {
      out.println("STATUS " + verdict + " - " + reason);
    }
    out.flush();
    return verdict.exitCode();
  }

  /** Closing may wait on a hung server: give it the timeout, then leave it to the exiting JVM. */
  private void closeQuietly(AdaptiveCache cache) {
    try {
      CompletableFuture.runAsync(cache::close, CliThreads.daemon("tradingagents-status-close"))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // nothing to report: the check is done
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
