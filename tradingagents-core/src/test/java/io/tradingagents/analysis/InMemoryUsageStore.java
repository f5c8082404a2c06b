package io.tradingagents.analysis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A usage store in a map, for tests of the tracker and analytics. */
class InMemoryUsageStore implements UsageStore {
  private final Map<String, UsageRecord> records = new LinkedHashMap<>();

  @Override
  public synchronized void append(UsageRecord record) {
    records.putIfAbsent(record.id(), record);
  }

  @Override
  public synchronized List<UsageRecord> query(@Nullable Instant from, @Nullable Instant to) {
    List<UsageRecord> found = new ArrayList<>();
    for (UsageRecord r : records.values()) {
      if ((from == null || !r.timestamp().isBefore(from)) && (to == null || r.timestamp().isBefore(to))) {
        found.add(r);
      }
    }
    found.sort(Comparator.comparing(UsageRecord::timestamp));
    return found;
  }

  @Override
  public synchronized long count() {
    return records.size();
  }

  @Override
  public synchronized long deleteOlderThan(Instant cutoff) {
    int before = records.size();
    records.values().removeIf(r -> r.timestamp().isBefore(cutoff));
    return before - records.size();
  }

  @Override
  public void close() {
    // nothing held
  }
}
