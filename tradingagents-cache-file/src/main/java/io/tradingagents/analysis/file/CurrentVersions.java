package io.tradingagents.analysis.file;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A journal index that keeps the current (last written) version of each record by id: the analysis and
 * session stores, whose records may be saved again. Also holds the two operations those stores share:
 * save a version unless it is already current, and read the current version.
 *
 * @param <T> the record type
 */
abstract class CurrentVersions<T> implements JournalIndex<T> {
  private final Map<String, T> byId = new ConcurrentHashMap<>();

  /** @return the record's id */
  abstract String id(T record);

  @Override
  public void apply(T record) {
    byId.put(id(record), record);
  }

  /** @return the version {@code record} replaced, or {@code null}; for subclasses that index more */
  final @Nullable T replace(T record) {
    return byId.put(id(record), record);
  }

  @Override
  public int size() {
    return byId.size();
  }

  final @Nullable T get(String id) {
    return byId.get(id);
  }

  /** @return the current versions that {@code keep} accepts, in {@code order} (for compaction) */
  final List<T> kept(Predicate<? super T> keep, Comparator<? super T> order) {
    List<T> kept = new ArrayList<>();
    for (T record : byId.values()) {
      if (keep.test(record)) {
        kept.add(record);
      }
    }
    kept.sort(order);
    return kept;
  }

  /** Appends {@code record} unless it equals the current version of its id (checked again under the lock). */
  static <T, I extends CurrentVersions<T>> void save(Journal<T, I> journal, T record) {
    String id = journal.index().id(record);
    if (record.equals(journal.index().get(id))) {
      return;
    }
    journal.append(record, index -> !record.equals(index.get(id)));
  }

  /** @return the current version of {@code id}, after reading what other processes appended */
  static <T, I extends CurrentVersions<T>> @Nullable T current(Journal<T, I> journal, String id) {
    journal.refresh();
    return journal.index().get(id);
  }
}
