package io.tradingagents.cache.file;

import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.spi.CacheTierContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract every tier meets, run against a {@link FileTier} on a fresh directory. */
class FileTierContractTest extends CacheTierContractTest {
  @TempDir
  Path directory;

  @Override
  protected CacheTier createTier() {
    return new FileTier(FileTier.Options.of(directory.resolve("cache")).withMaxBytes(64L << 20));
  }

  /** The files belong to one instance: its conditional writes compare, then write (no server to do both). */
  @Override
  protected boolean conditionalWritesAreAtomic() {
    return false;
  }
}
