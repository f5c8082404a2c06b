package io.tradingagents.cache.spi;

import java.time.Clock;

/** The contract suite against the in-process byte tier. */
class MemoryTierContractTest extends CacheTierContractTest {

  @Override
  protected CacheTier createTier() {
    return new MemoryTier("memory-bytes", TierKind.OTHER, 64L << 20, Clock.systemUTC());
  }
}
