package io.tradingagents.examples.quickstart;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.AdaptiveCacheBuilder;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The quickstart: plays a stock-analysis workload through an {@link AdaptiveCache} against a simulated
 * slow, paid upstream, and prints what the cache saved. It needs no server. It opens its tiers as an
 * application would, from the environment: the file tier is on by default ({@code TA_CACHE_DIR},
 * {@code TA_CACHE_FILE_ENABLED}), Redis and MongoDB join when configured ({@code REDIS_HOST} or
 * {@code REDIS_URL}, {@code MONGODB_HOST} or {@code MONGODB_URL}; see the tier modules). A shared tier keeps
 * what an earlier run stored, so a second run on the same day finds its cold round in that tier instead of
 * the upstream. {@code --memory-only} uses the in-process tier alone.
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
   */
  public static void main(String[] args) {
    Options options = Options.parse(args, System.getProperty(ROUNDS_PROPERTY));
    if (options.help()) {
      System.out.println(USAGE);
      return;
    }
    SimulatedUpstream upstream = new SimulatedUpstream(SimulatedUpstream.Delay.sleeping());
    QuickstartWorkload workload = new QuickstartWorkload(QuickstartWorkload.DEFAULT_WATCHLIST,
        options.warmRounds(), LocalDate.now(ZoneOffset.UTC), upstream);

    // Settings (REDIS_HOST, MONGODB_URL, TA_CACHE_DIR, TA_CACHE_TTL_*, ...) come from the environment;
    // every tier whose module is on the class path and whose settings are present is opened.
    AdaptiveCacheBuilder builder = AdaptiveCache.builder();
    if (options.memoryOnly()) {
      builder.discoverTiers(false);
    }
    WorkloadResult result;
    try (AdaptiveCache cache = builder.build()) {
      result = workload.run(cache);
    }
    new ReportTable(System.out).print(result);
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
