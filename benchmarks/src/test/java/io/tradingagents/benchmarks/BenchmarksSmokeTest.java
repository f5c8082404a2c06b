package io.tradingagents.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Quick mode: every benchmark runs once, briefly and in this JVM, under the README's test command, so the
 * benchmarks never rot. The figures are meaningless here; the full run is documented in
 * docs/benchmarks.md. The load storm's correctness figure is checked: one upstream call per storm.
 */
class BenchmarksSmokeTest {

  @Test
  void everyBenchmarkRuns_andALoadStormCallsTheUpstreamOnce() throws Exception {
    Options quick = new OptionsBuilder()
        .include("io\\.tradingagents\\.benchmarks\\..*")
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(200))
        .timeUnit(TimeUnit.MICROSECONDS)
        .shouldFailOnError(true)
        .build();

    Collection<RunResult> results = new Runner(quick).run();

    assertThat(results).extracting(r -> r.getParams().getBenchmark().replaceAll(".*\\.", ""))
        .contains("adaptiveCache", "caffeineSameConfig", "fileTierHit", "rawReadAllBytes", "buildKey", "storm");
    RunResult storm = results.stream()
        .filter(r -> r.getParams().getBenchmark().endsWith("LoadStormBenchmark.storm")).findFirst().orElseThrow();
    Map<String, Result> counters = storm.getSecondaryResults();
    assertThat(counters.get("storms").getScore()).isPositive();
    assertThat(counters.get("upstreamCalls").getScore()).isEqualTo(counters.get("storms").getScore());
  }
}
