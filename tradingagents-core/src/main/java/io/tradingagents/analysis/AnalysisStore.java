package io.tradingagents.analysis;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where analysis results are kept (MongoDB as the system of record, or local files). Thread-safe.
 * Operations throw {@link io.tradingagents.cache.CacheException} (or a subclass) when the store cannot be
 * reached.
 */
public interface AnalysisStore extends AutoCloseable {

  /**
   * Saves a record; saving the same id again replaces it (idempotent, so a replay never duplicates).
   *
   * @param record the record
   */
  void save(AnalysisRecord record);

  /**
   * @param id the record id
   * @return the record, or {@code null} if there is none
   */
  @Nullable AnalysisRecord findById(String id);

  /**
   * @param symbol the symbol
   * @param analysisType the type
   * @return the newest record of that symbol and type, or {@code null}
   */
  @Nullable AnalysisRecord latest(String symbol, String analysisType);

  /**
   * @param query the filter
   * @return matching records, newest first, at most {@code query.limit()}
   */
  List<AnalysisRecord> query(AnalysisQuery query);

  /**
   * @param cutoff records created before this are deleted
   * @return how many were deleted
   */
  long deleteOlderThan(Instant cutoff);

  /** Releases the store's resources. Idempotent. */
  @Override
  void close();
}
