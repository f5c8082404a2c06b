package io.tradingagents.examples.quickstart;

import io.tradingagents.analysis.CostAlert;
import io.tradingagents.analysis.PricingTable;
import io.tradingagents.analysis.UsageAnalytics;
import io.tradingagents.analysis.UsagePeriod;
import io.tradingagents.analysis.UsageReport;
import io.tradingagents.analysis.UsageStore;
import io.tradingagents.analysis.UsageTracker;
import io.tradingagents.analysis.file.FileStores;
import io.tradingagents.analysis.file.FsyncPolicy;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.AdaptiveCacheBuilder;
import io.tradingagents.monitoring.SlowOperations;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quickstart: plays a stock-analysis workload through an {@link AdaptiveCache} against a simulated
 * slow, paid upstream and simulated LLM analysts, and prints what the cache saved and what the analyses
 * used and cost. It needs no server. It opens its tiers as an application would, from the environment: the
 * file tier is on by default ({@code TA_CACHE_DIR}, {@code TA_CACHE_FILE_ENABLED}), Redis and MongoDB join
 * when configured ({@code REDIS_HOST} or {@code REDIS_URL}, {@code MONGODB_HOST} or {@code MONGODB_URL}; see
 * the tier modules). A shared tier keeps what an earlier run stored, so a second run on the same day finds
 * its cold round (data and analyses) in that tier instead of the upstream and the LLM.
 * {@code --memory-only} uses the in-process tier alone.
 *
 * <p>What it shows:
 * <ul>
 *   <li>The upstream's price per call is declared to the cache per market and data kind
 *       ({@link AdaptiveCacheBuilder#upstreamCost}), so {@link AdaptiveCache#savings()} reports the calls
 *       avoided and the cost saved per currency.
 *   <li>Every analysis the analysts write makes one LLM call per module, priced from
 *       {@link PricingTable#defaults()} and recorded with a {@link UsageTracker} into a file-backed usage
 *       store ({@link FileStores#usage}) in a temporary directory, deleted at exit. A daily cost alert is
 *       set at {@link #COST_ALERT_CNY} CNY.
 *   <li>After the cache's tables, a usage summary built by {@link UsageAnalytics} over that store: LLM calls,
 *       tokens and cost by module, analysis type and provider/model, the totals per currency (never added
 *       across currencies), any cost alert, and the cache's savings.
 * </ul>
 *
 * <pre>
 * mvn -B -q -DskipTests -Pquickstart package                                  # from the repository root
 * mvn -B -q -DskipTests -Pquickstart package -Dquickstart.rounds=5
 * mvn -B -q -DskipTests -Pquickstart package -Dexec.args="--memory-only --rounds=1"
 * </pre>
 *
 * <p>The report goes to standard output; the library's log lines go to standard error.
 */
public final class Quickstart {
  /** System property: warm rounds after the cold one (overridden by {@code --rounds}). */
  public static final String ROUNDS_PROPERTY = "quickstart.rounds";
  /** Warm rounds when neither {@code --rounds} nor {@value #ROUNDS_PROPERTY} is given. */
  public static final int DEFAULT_WARM_ROUNDS = 3;
  /** The daily LLM spending in CNY at which the usage tracker raises a cost alert. */
  public static final BigDecimal COST_ALERT_CNY = new BigDecimal("1.00");

  private static final Logger log = LoggerFactory.getLogger(Quickstart.class);

  private static final String USAGE = String.join(System.lineSeparator(),
      "usage: Quickstart [--rounds=N] [--memory-only] [--help]",
      "  --rounds=N      warm rounds after the cold one, 0 to 1000 (default " + DEFAULT_WARM_ROUNDS
          + ", or -D" + ROUNDS_PROPERTY + "=N)",
      "  --memory-only   do not open the Redis, MongoDB or file tiers even if they are configured",
      "  --help          print this and exit");

  private Quickstart() {}

  /**
   * Runs the quickstart.
   *
   * @param args see {@code --help}
   * @throws IllegalArgumentException if an argument or {@value #ROUNDS_PROPERTY} is invalid
   * @throws IOException if the temporary directory of the usage store cannot be created
   */
  public static void main(String[] args) throws IOException {
    Options options = Options.parse(args, System.getProperty(ROUNDS_PROPERTY));
    if (options.help()) {
      System.out.println(USAGE);
      return;
    }
    SimulatedUpstream upstream = new SimulatedUpstream(SimulatedUpstream.Delay.sleeping());
    List<CostAlert> alerts = Collections.synchronizedList(new ArrayList<>());
    Path usageDir = Files.createTempDirectory("tradingagents-quickstart-usage-");
    WorkloadResult result;
    UsageReport usage;
    try (UsageStore store = FileStores.usage(usageDir, FsyncPolicy.NEVER)) {
      // LLM steps and the cache's loads slower than TA_CACHE_SLOW_OPERATION_THRESHOLD (default 10 s) are
      // logged as slow_operation events.
      SlowOperations slowOperations = SlowOperations.builder().environment(System.getenv()).build();
      AnalystTeam analysts = new AnalystTeam(new SimulatedLlm(), tracker(store, Clock.systemUTC(), alerts::add),
          slowOperations);
      QuickstartWorkload workload = new QuickstartWorkload(QuickstartWorkload.DEFAULT_WATCHLIST,
          options.warmRounds(), LocalDate.now(ZoneOffset.UTC), upstream, analysts);

      // Settings (REDIS_HOST, MONGODB_URL, TA_CACHE_DIR, TA_CACHE_TTL_*, ...) come from the environment;
      // every tier whose module is on the class path and whose settings are present is opened.
      AdaptiveCacheBuilder builder = SimulatedUpstream.declareUpstreamCosts(AdaptiveCache.builder());
      if (options.memoryOnly()) {
        builder.discoverTiers(false);
      }
      try (AdaptiveCache cache = builder.build()) {
        slowOperations.watch(cache);
        result = workload.run(cache);
        usage = new UsageAnalytics().report(store, UsagePeriod.all()).withCacheSavings(cache.savings());
      }
    } finally {
      deleteRecursively(usageDir);
    }
    new ReportTable(System.out).print(result, usage, List.copyOf(alerts));
  }

  /**
   * The usage tracker of the quickstart: default prices, days in Asia/Shanghai, and a daily cost alert at
   * {@link #COST_ALERT_CNY} CNY.
   *
   * @param store where the records go
   * @param clock stamps the records
   * @param alerts receives the cost alerts
   * @return the tracker
   */
  static UsageTracker tracker(UsageStore store, Clock clock, Consumer<CostAlert> alerts) {
    return UsageTracker.builder(store)
        .pricing(PricingTable.defaults())
        .clock(clock)
        .alertThreshold("CNY", COST_ALERT_CNY)
        .alertListener(alerts)
        .build();
  }

  /** Deletes the usage store's temporary directory; a failure is logged, not thrown (it is only a temp dir). */
  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      log.warn("Cannot delete the usage store's temporary directory {}; delete it by hand", dir, e);
    }
  }

  /**
   * The command line.
   *
   * @param warmRounds rounds after the cold one
   * @param memoryOnly whether to skip the shared tiers
   * @param help whether to print the usage and exit
   */
  record Options(int warmRounds, boolean memoryOnly, boolean help) {

    /**
     * @param args the command line
     * @param roundsProperty the value of {@value Quickstart#ROUNDS_PROPERTY}, or null if not set
     * @return the options
     * @throws IllegalArgumentException if an argument or the property is invalid
     */
    static Options parse(String[] args, @Nullable String roundsProperty) {
      int rounds = roundsProperty == null || roundsProperty.isBlank() ? DEFAULT_WARM_ROUNDS
          : parseRounds("-D" + ROUNDS_PROPERTY, roundsProperty);
      boolean memoryOnly = false;
      boolean help = false;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("--memory-only")) {
          memoryOnly = true;
        } else if (arg.equals("--help") || arg.equals("-h")) {
          help = true;
        } else if (arg.startsWith("--rounds=")) {
          rounds = parseRounds("--rounds", arg.substring("--rounds=".length()));
        } else if (arg.equals("--rounds") && i + 1 < args.length) {
          rounds = parseRounds("--rounds", args[++i]);
        } else {
          throw new IllegalArgumentException(
              "Unknown argument '" + arg + "'" + System.lineSeparator() + USAGE);
        }
      }
      return new Options(rounds, memoryOnly, help);
    }

    private static int parseRounds(String name, String value) {
      String problem = String.format(Locale.ROOT, "%s must be a whole number from 0 to 1000 but was '%s'",
          name, value);
      int rounds;
      try {
        rounds = Integer.parseInt(value.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(problem, e);
      }
      if (rounds < 0 || rounds > 1000) {
        throw new IllegalArgumentException(problem);
      }
      return rounds;
    }
  }
}
