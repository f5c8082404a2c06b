package io.tradingagents.cache.spi;

import java.util.Map;

/**
 * Size and facts a tier reports for stats and status. Never carries secrets.
 *
 * @param entryCount entries held, or -1 if the tier cannot tell cheaply
 * @param sizeBytes bytes held, or -1 if the tier cannot tell cheaply
 * @param details tier-specific facts (server version, directory, masked address, ...)
 */
public record TierUsage(long entryCount, long sizeBytes, Map<String, String> details) {

  /* Copies the details. */
  public TierUsage {
    details = Map.copyOf(details);
  }

  /** @return a usage that knows nothing */
  public static TierUsage unknown() {
    return new TierUsage(-1, -1, Map.of());
  }
}
