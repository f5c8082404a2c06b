package io.tradingagents.analysis;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A usage store that loses nothing when its primary (MongoDB) is down: an append that fails goes to a local
 * journal (the append-only file store), and so do the appends after it, without waiting on the primary,
 * until a background thread has replayed the journal into the primary (once it answers) and emptied it. Replays are idempotent because appends are idempotent by record id.
 * Reads merge both, so records are visible while they wait. A record the primary refuses while it answers
 * (it can never be stored there) stays in the journal, is reported at ERROR, and does not hold up the others.
 *
 * <p>The journal must belong to this store alone: one journal file per process, used by nothing else (not
 * as a usage store of its own, not by another instance). A replay empties it.
 *
 * <p>Thread-safe; {@link #close()} closes both.
 */
public final class JournaledUsageStore implements UsageStore {
  private final UsageStore primary;
  private final UsageStore journal;
  private final Journal bookkeeping;

  /**
   * @param primary the system of record
   * @param journal the local journal
   * @param replayInterval how often a replay is tried while the journal holds records
   */
  public JournaledUsageStore(UsageStore primary, UsageStore journal, Duration replayInterval) {
    this.primary = requireNonNull(primary, "primary");
    this.journal = requireNonNull(journal, "journal");
    this.bookkeeping = new Journal("usage", journal.count() > 0, replayInterval, this::replay);
  }

  @Override
  public void append(UsageRecord record) {
    requireNonNull(record, "record");
    bookkeeping.write(() -> primary.append(record), () -> journal.append(record));
  }

  /**
   * Copies the journal into the primary now and empties it.
   *
   * @return how many records were replayed
   * @throws RuntimeException if the primary is still down (nothing is lost)
   */
  public int replay() {
    return bookkeeping.replay(() -> {
      List<UsageRecord> refused = new ArrayList<>();
      int replayed = 0;
      for (UsageRecord record : journal.query(null, null)) {
        if (bookkeeping.replayOne(record.id(), () -> primary.append(record), this::primaryAnswers)) {
          replayed++;
        } else {
          refused.add(record);
        }
      }
      journal.deleteOlderThan(Instant.MAX);
      refused.forEach(journal::append); // kept, reported, and no longer in the way of the others
      return replayed;
    });
  }

  private boolean primaryAnswers() {
    try {
      primary.count();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public List<UsageRecord> query(@Nullable Instant from, @Nullable Instant to) {
    return bookkeeping.read(() -> journal.query(from, to), () -> primary.query(from, to), UsageRecord::id,
        Comparator.comparing(UsageRecord::timestamp));
  }

  @Override
  public long count() {
    return bookkeeping.pending() ? query(null, null).size() : primary.count();
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
