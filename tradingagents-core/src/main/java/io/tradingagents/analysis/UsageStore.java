package io.tradingagents.analysis;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where usage records are kept. Appends are idempotent by record id. Thread-safe; operations throw
 * {@link io.tradingagents.cache.CacheException} (or a subclass) when the store cannot be reached.
 */
public interface UsageStore extends AutoCloseable {

  /**
   * @param record the record; a record whose id is already stored is ignored
   */
  void append(UsageRecord record);

  /**
   * @param from earliest timestamp, inclusive, or {@code null}
   * @param to latest timestamp, exclusive, or {@code null}
   * @return the records in the range, oldest first
   */
  List<UsageRecord> query(@Nullable Instant from, @Nullable Instant to);

  /** @return how many records are stored */
  long count();

  /**
   * @param cutoff records whose timestamp is before this are deleted
   * @return how many were deleted
   */
  long deleteOlderThan(Instant cutoff);

  /** Releases the store's resources. Idempotent. */
  @Override
  void close();
}
