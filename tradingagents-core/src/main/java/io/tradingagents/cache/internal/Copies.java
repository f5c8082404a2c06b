package io.tradingagents.cache.internal;

import io.tradingagents.cache.spi.Invalidation;
import io.tradingagents.cache.spi.TierEntry;
import io.tradingagents.cache.spi.TierKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the copies of an entry in the other tiers right, off the caller's thread: copies a hit in a lower
 * shared tier up to the tiers above it (back-fill), and applies other instances' invalidations to this
 * instance's own files.
 */
final class Copies {
  private static final Logger log = LoggerFactory.getLogger(Copies.class);

  private final Tiers tiers;
  private final ExecutorService executor;
  private final LongAdder writeFailures;

  Copies(Tiers tiers, ExecutorService executor, LongAdder writeFailures) {
    this.tiers = tiers;
    this.executor = executor;
    this.writeFailures = writeFailures;
  }

  /**
   * Copies entries found in {@code readable[found]} to the tiers above it, off the caller's thread, each
   * only where that tier holds no entry for its key: another instance may have written a newer value
   * between this read and the copy, and the copy must not replace it. A value
   * from this instance's own files is never copied up into a shared tier: it may be one that another
   * instance replaced or invalidated while this one was not listening, and copying it up would bring it
   * back for everyone.
   */
  void backfill(GuardedTier[] readable, int found, Map<String, TierEntry> entries) {
    if (found == 0 || isInstanceLocal(readable[found])) {
      return;
    }
    try {
      executor.execute(() -> {
        for (int i = 0; i < found; i++) {
          if (!readable[i].backfill(entries)) {
            writeFailures.add(entries.size());
          }
        }
      });
    } catch (RejectedExecutionException e) {
      writeFailures.add((long) found * entries.size());
      log.debug("Back-fill skipped: the executor is saturated or shut down", e);
    }
  }

  private static boolean isInstanceLocal(GuardedTier tier) {
    TierKind kind = tier.tier.kind();
    return kind == TierKind.FILE || kind == TierKind.OTHER;
  }

  /**
   * Applies another instance's invalidation of keys or namespaces to this instance's own files, off the
   * subscriber's thread: they hold copies too. A "drop everything" (a lost subscription) leaves the files
   * alone: they are the fallback that answers while the shared tier is away, and entries are never copied
   * from them up into a shared tier.
   */
  void invalidateLocalFiles(Invalidation invalidation) {
    List<GuardedTier> files = new ArrayList<>();
    for (GuardedTier tier : tiers.writable()) {
      if (tier.tier.kind() == TierKind.FILE) {
        files.add(tier);
      }
    }
    if (files.isEmpty() || invalidation.all()) {
      return;
    }
    try {
      executor.execute(() -> {
        for (GuardedTier tier : files) {
          invalidation.keys().forEach(tier::remove);
          invalidation.namespacePrefixes().forEach(tier::removeNamespace);
        }
      });
    } catch (RejectedExecutionException e) {
      writeFailures.increment();
      log.debug("Could not apply an invalidation to the local files: the executor is saturated", e);
    }
  }
}
