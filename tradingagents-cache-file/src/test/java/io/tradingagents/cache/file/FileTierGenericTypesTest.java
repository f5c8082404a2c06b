package io.tradingagents.cache.file;

import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.testing.GenericTypesContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Generic value types through real entry files. */
class FileTierGenericTypesTest extends GenericTypesContract {
  @TempDir
  Path directory;

  @Override
  protected CacheTier newTier() {
    return new FileTier(FileTier.Options.of(directory));
  }
}
