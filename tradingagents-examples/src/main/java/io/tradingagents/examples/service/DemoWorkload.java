package io.tradingagents.examples.service;

import static java.util.Objects.requireNonNull;

import io.tradingagents.analysis.UsageTracker;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.examples.quickstart.AnalystTeam;
import io.tradingagents.examples.quickstart.QuickstartWorkload;
import io.tradingagents.examples.quickstart.SimulatedLlm;
import io.tradingagents.examples.quickstart.SimulatedUpstream;
import io.tradingagents.monitoring.SlowOperations;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quickstart's workload played in the background, one round (the whole watchlist) at a time with a
 * pause between rounds, so the service's metrics and dashboard have something to show. The first round
 * of each day loads from the simulated upstream and LLM; later rounds are answered by the cache. One
 * daemon thread; {@link #close()} interrupts a round in progress and waits for it to stop.
 */
final class DemoWorkload implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DemoWorkload.class);

  private final AdaptiveCache cache;
  private final SimulatedUpstream upstream = new SimulatedUpstream(SimulatedUpstream.Delay.sleeping());
  private final AnalystTeam analysts;
  private final Clock clock;
  private final AtomicLong rounds = new AtomicLong();
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "tradingagents-demo-workload");
    t.setDaemon(true);
    return t;
  });

  /**
   * @param cache the cache the rounds go through; left open
   * @param tracker records the analysts' LLM calls
   * @param slowOperations times the LLM steps
   * @param clock gives the day whose data the rounds ask for
   */
  DemoWorkload(AdaptiveCache cache, UsageTracker tracker, SlowOperations slowOperations, Clock clock) {
    this.cache = requireNonNull(cache, "cache");
    this.analysts = new AnalystTeam(new SimulatedLlm(), tracker, slowOperations);
    this.clock = requireNonNull(clock, "clock");
  }

  /** @param pause the pause between the end of a round and the start of the next */
  void start(Duration pause) {
    thread.scheduleWithFixedDelay(this::round, 0, pause.toMillis(), TimeUnit.MILLISECONDS);
    log.atInfo().setMessage("Demo workload started: one round of {} symbols every {}")
        .addArgument(QuickstartWorkload.DEFAULT_WATCHLIST.size()).addArgument(pause)
        .addKeyValue("event", "demo_workload_started").log();
  }

  /** @return rounds completed */
  long rounds() {
    return rounds.get();
  }

  private void round() {
    try {
      new QuickstartWorkload(QuickstartWorkload.DEFAULT_WATCHLIST, 0, LocalDate.now(clock), upstream, analysts)
          .run(cache);
      rounds.incrementAndGet();
    } catch (RuntimeException e) {
      if (thread.isShutdown()) {
        log.debug("Demo round stopped by shutdown", e);
      } else {
        // Keep the schedule alive: a throwing task would cancel every later round.
        log.warn("Demo workload round failed; the next round runs as scheduled", e);
      }
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      if (!thread.awaitTermination(3, TimeUnit.SECONDS)) {
        log.warn("Demo workload did not stop within 3 s; leaving its daemon thread to the exiting JVM");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
