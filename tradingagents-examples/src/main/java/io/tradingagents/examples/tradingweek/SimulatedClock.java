package io.tradingagents.examples.tradingweek;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock the simulation moves forward by hand, so that a week runs in a second. Not thread-safe beyond
 * the volatile read: one thread advances it while the cache reads it.
 */
final class SimulatedClock extends Clock {
  private volatile Instant now;

  SimulatedClock(Instant start) {
    this.now = start;
  }

  void advance(Duration step) {
    now = now.plus(step);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the simulated clock is UTC only");
  }
}
