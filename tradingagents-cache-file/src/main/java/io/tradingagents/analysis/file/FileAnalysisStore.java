package io.tradingagents.analysis.file;

import static java.util.Objects.requireNonNull;

import io.tradingagents.analysis.AnalysisQuery;
import io.tradingagents.analysis.AnalysisRecord;
import io.tradingagents.analysis.AnalysisStore;
import io.tradingagents.cache.CacheException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jspecify.annotations.Nullable;

/**
 * An {@link AnalysisStore} in one append-only file of JSON lines, one {@link AnalysisRecord} per line (its
 * component names as fields, {@code createdAt} an ISO-8601 instant, the cost as
 * {@code {"amount":0.0420,"currency":"CNY"}}). Saving appends a line; the last line of an id is its current
 * version, and saving a record equal to the current version writes nothing.
 *
 * <p><b>Memory.</b> Every current record is held in memory, indexed by id and by creation time (newest
 * first), loaded at open and updated on each save; expect about twice the size of the current records'
 * JSON (module reports included). {@link #findById} is a hash lookup; {@link #latest} and {@link #query}
 * walk the records newest first from the end of the requested range and stop at the limit, so their cost
 * grows with the number of records they pass over. Keep the journal small with {@link #deleteOlderThan}.
 *
 * <p><b>Concurrency and durability</b> are those of {@link FileUsageStore}: many threads and processes may
 * save; lines never interleave; each process reads the lines others appended before it next reads or
 * writes; torn and damaged lines are skipped and reported once ({@link #skippedLines()}), never fatal.
 *
 * <p><b>Compaction.</b> {@link #deleteOlderThan} rewrites the journal with the current versions of the
 * records it keeps (dropping old records, superseded versions and damaged lines) into a temporary file,
 * forces it and renames it over the journal atomically, holding the locks; a crash leaves the old journal
 * or the new one, whole. Other processes notice the new file and reload it.
 *
 * <p>Thread-safe. {@link #close()} forces and closes the file; later calls throw
 * {@link IllegalStateException}.
 */
public final class FileAnalysisStore implements AnalysisStore {
  private static final Comparator<AnalysisRecord> OLDEST_FIRST =
      Comparator.comparing(AnalysisRecord::createdAt).thenComparing(AnalysisRecord::id);

  private final Journal<AnalysisRecord, Index> journal;

  /** Orders records newest first, then by id; a {@code null} id sorts before every id of its instant. */
  private record Key(Instant createdAt, @Nullable String id) implements Comparable<Key> {
    static Key of(AnalysisRecord record) {
      return new Key(record.createdAt(), record.id());
    }

    @Override
    public int compareTo(Key other) {
      int byTime = other.createdAt.compareTo(createdAt);
      if (byTime != 0) {
        return byTime;
      }
      if (id == null || other.id == null) {
        return id == null ? (other.id == null ? 0 : -1) : 1;
      }
      return id.compareTo(other.id);
    }
  }

  /**
   * The current version of each record, by id and newest first. {@link #apply} adds the new version to the
   * time index before making it current and removes the old one after, and readers keep only current
   * versions, so a concurrent reader sees one version of a record, never two or none.
   */
  private static final class Index extends CurrentVersions<AnalysisRecord> {
    private final NavigableMap<Key, AnalysisRecord> newestFirst = new ConcurrentSkipListMap<>();

    @Override
    String id(AnalysisRecord record) {
      return record.id();
    }

    @Override
    public void apply(AnalysisRecord record) {
      newestFirst.put(Key.of(record), record);
      AnalysisRecord old = replace(record);
      if (old != null && !Key.of(old).equals(Key.of(record))) {
        newestFirst.remove(Key.of(old));
      }
    }

    boolean isCurrent(AnalysisRecord record) {
      return get(record.id()) == record;
    }

    /** @return the records created before {@code to} (all if null), newest first */
    Iterable<AnalysisRecord> newestBefore(@Nullable Instant to) {
      return to == null ? newestFirst.values()
          : newestFirst.tailMap(new Key(to.minusNanos(1), null), true).values();
    }

    List<AnalysisRecord> createdSince(Instant cutoff) {
      return kept(record -> !record.createdAt().isBefore(cutoff), OLDEST_FIRST);
    }
  }

  /**
   * Opens the store, creating the file and its directories if missing, and reads every record into
   * memory.
   *
   * @param options the journal file and fsync policy
   * @throws NullPointerException if {@code options} is null
   * @throws CacheException if the file or its directory cannot be created, opened or read; the message
   *     names the file
   */
  public FileAnalysisStore(JournalOptions options) {
    this.journal = new Journal<>(options, "analysis", AnalysisRecord.class, Index::new);
  }

  /**
   * Saves the record as the current version of its id, appending a line unless it equals the current
   * version.
   *
   * @param record the record
   * @throws NullPointerException if {@code record} is null
   * @throws IllegalStateException if the store is closed
   * @throws IllegalArgumentException if the record's JSON is longer than 16 MiB
   * @throws CacheException if the file cannot be written or the thread was interrupted; saving again is
   *     safe
   */
  @Override
  public void save(AnalysisRecord record) {
    requireNonNull(record, "record");
    CurrentVersions.save(journal, record);
  }

  /**
   * @param id the record id
   * @return the current version of the record, or {@code null} if there is none
   * @throws NullPointerException if {@code id} is null
   * @throws IllegalStateException if the store is closed
   * @throws CacheException if the file changed and cannot be read
   */
  @Override
  public @Nullable AnalysisRecord findById(String id) {
    requireNonNull(id, "id");
    return CurrentVersions.current(journal, id);
  }

  /**
   * @param symbol the symbol, matched exactly
   * @param analysisType the type, matched exactly
   * @return the newest record of that symbol and type (of equally new ones, the smallest id), or
   *     {@code null} if there is none
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the store is closed
   * @throws CacheException if the file changed and cannot be read
   */
  @Override
  public @Nullable AnalysisRecord latest(String symbol, String analysisType) {
    requireNonNull(symbol, "symbol");
    requireNonNull(analysisType, "analysisType");
    List<AnalysisRecord> found = query(new AnalysisQuery(symbol, analysisType, null, null, 1));
    return found.isEmpty() ? null : found.get(0);
  }

  /**
   * @param query the filter; symbol and type match exactly
   * @return the matching records, newest first (equally new ones by id), at most {@code query.limit()};
   *     empty if none
   * @throws NullPointerException if {@code query} is null
   * @throws IllegalStateException if the store is closed
   * @throws CacheException if the file changed and cannot be read
   */
  @Override
  public List<AnalysisRecord> query(AnalysisQuery query) {
    requireNonNull(query, "query");
    journal.refresh();
    Index index = journal.index();
    List<AnalysisRecord> found = new ArrayList<>(Math.min(query.limit(), 64));
    for (AnalysisRecord record : index.newestBefore(query.to())) {
      if (query.from() != null && record.createdAt().isBefore(query.from())) {
        break;
      }
      if ((query.symbol() == null || query.symbol().equals(record.symbol()))
          && (query.analysisType() == null || query.analysisType().equals(record.analysisType()))
          && index.isCurrent(record)) {
        found.add(record);
        if (found.size() == query.limit()) {
          break;
        }
      }
    }
    return found;
  }

  /**
   * Deletes the records created before {@code cutoff} by compacting the journal (see the class comment).
   * Does not rewrite the file when there is nothing to drop.
   *
   * @param cutoff records created before this are deleted
   * @return how many records were deleted
   * @throws NullPointerException if {@code cutoff} is null
   * @throws IllegalStateException if the store is closed
   * @throws CacheException if the new file cannot be written or renamed; the journal is then unchanged
   */
  @Override
  public long deleteOlderThan(Instant cutoff) {
    requireNonNull(cutoff, "cutoff");
    return journal.compact(index -> index.createdSince(cutoff));
  }

  /** @return the journal file, absolute */
  public Path file() {
    return journal.file();
  }

  /** @return how many lines were skipped (torn or unreadable) since the store was opened */
  public long skippedLines() {
    return journal.skippedLines();
  }

  /** @return the last (at most 16) skipped lines, oldest first; empty if none */
  public List<SkippedLine> recentSkips() {
    return journal.recentSkips();
  }

  /** Forces the file to the device (unless the policy is {@link FsyncPolicy#NEVER}) and closes it. Idempotent. */
  @Override
  public void close() {
    journal.close();
  }

  @Override
  public String toString() {
    return "FileAnalysisStore{" + journal.file() + '}';
  }
}
