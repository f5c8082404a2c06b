package io.tradingagents.analysis;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** An analysis store in a map, for tests of the journaled store. */
final class InMemoryAnalysisStore implements AnalysisStore {
  private final Map<String, AnalysisRecord> records = new LinkedHashMap<>();

  @Override
  public synchronized void save(AnalysisRecord record) {
    records.put(record.id(), record);
  }

  @Override
  public synchronized @Nullable AnalysisRecord findById(String id) {
    return records.get(id);
  }

  @Override
  public synchronized @Nullable AnalysisRecord latest(String symbol, String analysisType) {
    List<AnalysisRecord> found = query(new AnalysisQuery(symbol, analysisType, null, null, 1));
    return found.isEmpty() ? null : found.get(0);
  }

  @Override
  public synchronized List<AnalysisRecord> query(AnalysisQuery q) {
    return records.values().stream()
        .filter(r -> q.symbol() == null || q.symbol().equals(r.symbol()))
        .filter(r -> q.analysisType() == null || q.analysisType().equals(r.analysisType()))
        .filter(r -> q.from() == null || !r.createdAt().isBefore(q.from()))
        .filter(r -> q.to() == null || r.createdAt().isBefore(q.to()))
        .sorted(Comparator.comparing(AnalysisRecord::createdAt).reversed())
        .limit(q.limit()).toList();
  }

  @Override
  public synchronized long deleteOlderThan(Instant cutoff) {
    int before = records.size();
    records.values().removeIf(r -> r.createdAt().isBefore(cutoff));
    return before - records.size();
  }

  @Override
  public void close() {
    // nothing held
  }
}
