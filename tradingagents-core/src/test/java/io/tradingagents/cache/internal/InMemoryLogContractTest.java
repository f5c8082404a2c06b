package io.tradingagents.cache.internal;

import io.tradingagents.cache.spi.InvalidationLog;
import io.tradingagents.cache.spi.InvalidationLogContractTest;

/** The log contract, run against the in-memory log the engine's own tests use (so they test a real log). */
class InMemoryLogContractTest extends InvalidationLogContractTest {
  private final LogFollowerTest.InMemoryLog memory = new LogFollowerTest.InMemoryLog();

  @Override
  protected InvalidationLog createLog() {
    return memory;
  }

  @Override
  protected void loseHistory(String namespace) {
    memory.trimAll(namespace);
  }
}
