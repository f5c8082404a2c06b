package io.tradingagents.analysis;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An analysis store that loses nothing when its primary (MongoDB) is down: a save that fails goes to a local
 * journal, and so do the saves after it until the journal has been replayed into the primary
 * (idempotently, by id) once it answers. While the journal holds records, reads consult it first, so a
 * record saved during an outage is found, also while the primary is down. A record the primary refuses
 * while it answers stays in the journal, is reported at ERROR and does not hold up the others. The journal
 * must belong to this store alone (one per process, used by nothing else): a replay empties it.
 * Thread-safe.
 */
public final class JournaledAnalysisStore implements AnalysisStore {
  private static final Comparator<AnalysisRecord> NEWEST_FIRST =
      Comparator.comparing(AnalysisRecord::createdAt).reversed();

  private final AnalysisStore primary;
  private final AnalysisStore journal;
  private final Journal bookkeeping;

  /**
   * @param primary the system of record
   * @param journal the local journal
   * @param replayInterval how often a replay is tried while the journal holds records
   */
  public JournaledAnalysisStore(AnalysisStore primary, AnalysisStore journal, Duration replayInterval) {
    this.primary = requireNonNull(primary, "primary");
    this.journal = requireNonNull(journal, "journal");
    boolean pending = !journal.query(new AnalysisQuery(null, null, null, null, 1)).isEmpty();
    this.bookkeeping = new Journal("analysis", pending, replayInterval, this::replay);
  }

  @Override
  public void save(AnalysisRecord record) {
    requireNonNull(record, "record");
    bookkeeping.write(() -> primary.save(record), () -> journal.save(record));
  }

  /**
   * Copies the journal into the primary now and empties it.
   *
   * @return how many records were replayed
   * @throws RuntimeException if the primary is still down (nothing is lost)
   */
  public int replay() {
    return bookkeeping.replay(() -> {
      Map<String, AnalysisRecord> replayed = new LinkedHashMap<>();
      List<AnalysisRecord> refused = new ArrayList<>();
      Instant before = null; // pages go from the newest back, each ending just after the last one's oldest
      while (true) {
        List<AnalysisRecord> page = journal.query(new AnalysisQuery(null, null, null, before, 10_000));
        int fresh = 0;
        for (AnalysisRecord record : page) {
          if (replayed.putIfAbsent(record.id(), record) == null) {
            fresh++;
            if (!bookkeeping.replayOne(record.id(), () -> primary.save(record), this::primaryAnswers)) {
              refused.add(record);
            }
          }
        }
        if (fresh == 0) {
          if (page.size() == 10_000) {
            throw new IllegalStateException("More than 10000 journaled analyses share one createdAt; "
                + "the journal is kept, replay them by hand");
          }
          break;
        }
        before = page.get(page.size() - 1).createdAt().plusNanos(1);
      }
      journal.deleteOlderThan(Instant.MAX);
      refused.forEach(journal::save); // kept, reported, and no longer in the way of the others
      return replayed.size() - refused.size();
    });
  }

  @Override
  public @Nullable AnalysisRecord findById(String id) {
    List<AnalysisRecord> found = bookkeeping.read(() -> listOf(journal.findById(id)),
        () -> listOf(primary.findById(id)), AnalysisRecord::id, NEWEST_FIRST);
    return found.isEmpty() ? null : found.get(0);
  }

  private static List<AnalysisRecord> listOf(@Nullable AnalysisRecord record) {
    return record == null ? List.of() : List.of(record);
  }

  @Override
  public @Nullable AnalysisRecord latest(String symbol, String analysisType) {
    List<AnalysisRecord> found = query(new AnalysisQuery(symbol, analysisType, null, null, 1));
    return found.isEmpty() ? null : found.get(0);
  }

  @Override
  public List<AnalysisRecord> query(AnalysisQuery query) {
    List<AnalysisRecord> merged = bookkeeping.read(() -> journal.query(query), () -> primary.query(query),
        AnalysisRecord::id, NEWEST_FIRST);
    return merged.size() > query.limit() ? merged.subList(0, query.limit()) : merged;
  }

  private boolean primaryAnswers() {
    try {
      primary.query(new AnalysisQuery(null, null, null, null, 1));
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public long deleteOlderThan(Instant cutoff) {
    return primary.deleteOlderThan(cutoff) + journal.deleteOlderThan(cutoff);
  }

  @Override
  public void close() {
    bookkeeping.close();
    primary.close();
    journal.close();
  }

}
