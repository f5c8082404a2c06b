package io.tradingagents.cache.internal;

import io.tradingagents.cache.BackendInfo;
import io.tradingagents.cache.spi.TierUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the status line of one shared tier without letting a failing tier break the report. */
final class TierReport {
  private static final Logger log = LoggerFactory.getLogger(TierReport.class);

  private TierReport() {}

  static BackendInfo.TierInfo describe(GuardedTier tier, boolean allowed) {
    boolean up = tier.isUp();
    TierUsage usage = TierUsage.unknown();
    if (up && allowed) {
      try {
        usage = tier.tier.usage();
      } catch (RuntimeException e) {
        log.debug("Tier {} could not report its usage", tier.name(), e);
      }
    }
    String state = allowed ? tier.breaker.getState().name() : "EXCLUDED";
    return new BackendInfo.TierInfo(tier.name(), up && allowed, state, usage.entryCount(), usage.sizeBytes(),
        usage.details());
  }
}
