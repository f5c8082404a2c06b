package io.tradingagents.analysis.file;

import static java.util.Objects.requireNonNull;

import io.tradingagents.analysis.UsageRecord;
import io.tradingagents.analysis.UsageStore;
import io.tradingagents.cache.CacheException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A {@link UsageStore} in one append-only file of JSON lines, one {@link UsageRecord} per line:
 *
 * <pre>{@code
 * {"id":"3f0c...","timestamp":"2025-03-01T08:15:30.250Z","provider":"openai","model":"gpt-4o-mini","inputTokens":1200,"outputTokens":350,"cost":{"amount":0.000390,"currency":"USD"},"sessionId":"s-1","analysisType":"fundamental","module":"news_analyst"}
 * }</pre>
 *
 * <p><b>Concurrency.</b> Any number of threads may append; lines never interleave and none is lost. Each
 * record is encoded before any lock is taken; the write of its line is serialized by an in-process lock
 * and an exclusive file lock, so several processes (JVMs) may append to one file too.
 *
 * <p><b>Idempotency.</b> A record whose id is already in the journal is ignored, whichever process wrote
 * it: the ids of all records are kept in memory (loaded at open; about 150 bytes per record with UUID ids,
 * so 150 MB per million records; start a new file, e.g. one per month, before that matters), and before
 * each write the store reads what other processes appended since its last look.
 *
 * <p><b>Durability.</b> Lines are forced to the device per the {@link FsyncPolicy}. A process killed
 * mid-write can leave a torn last line; it is skipped and reported once (a WARN naming the file and line
 * number, {@link #skippedLines()}, {@link #recentSkips()}), never fatal, and the next append starts on a
 * new line. A damaged line anywhere else is skipped and reported the same way.
 *
 * <p><b>Reads.</b> {@link #query} reads the whole file on each call (about 250 bytes per record), without
 * blocking appenders; {@link #count()} answers from memory.
 *
 * <p>Thread-safe. {@link #close()} forces and closes the file; later calls throw
 * {@link IllegalStateException}.
 */
public final class FileUsageStore implements UsageStore {
  private final Journal<UsageRecord, Ids> journal;

  /** The ids of the records in the journal. */
  private static final class Ids implements JournalIndex<UsageRecord> {
    private final Set<String> ids = ConcurrentHashMap.newKeySet();

    @Override
    public void apply(UsageRecord record) {
      ids.add(record.id());
    }

    @Override
    public int size() {
      return ids.size();
    }

    boolean contains(String id) {
      return ids.contains(id);
    }
  }

  /**
   * Opens the store, creating the file and its directories if missing, and reads the ids of its records.
   *
   * @param options the journal file and fsync policy
   * @throws NullPointerException if {@code options} is null
   * @throws CacheException if the file or its directory cannot be created, opened or read; the message
   *     names the file
   */
  public FileUsageStore(JournalOptions options) {
    this.journal = new Journal<>(options, "usage", UsageRecord.class, Ids::new);
  }

  /**
   * Appends the record unless its id is already stored. Returns once the line was handed to the operating
   * system, or also forced to the device under {@link FsyncPolicy#EVERY_RECORD}.
   *
   * @param record the record
   * @throws NullPointerException if {@code record} is null
   * @throws IllegalStateException if the store is closed
   * @throws IllegalArgumentException if the record's JSON is longer than 16 MiB
   * @throws CacheException if the file cannot be written (e.g. the disk is full) or the thread was
   *     interrupted; the record may then be missing, and appending it again is safe
   */
  @Override
  public void append(UsageRecord record) {
    requireNonNull(record, "record");
    if (journal.index().contains(record.id())) {
      return;
    }
    journal.append(record, ids -> !ids.contains(record.id()));
  }

  /**
   * Reads the records in a time range from the file.
   *
   * @param from earliest timestamp, inclusive, or {@code null}
   * @param to latest timestamp, exclusive, or {@code null}
   * @return the records whose timestamp is in the range, oldest first (records with equal timestamps in
   *     the order they were appended), each id once; empty if none
   * @throws IllegalArgumentException if {@code to} is before {@code from}
   * @throws IllegalStateException if the store is closed
   * @throws CacheException if the file cannot be read
   */
  @Override
  public List<UsageRecord> query(@Nullable Instant from, @Nullable Instant to) {
    if (from != null && to != null && to.isBefore(from)) {
      throw new IllegalArgumentException("to " + to + " is before from " + from + "; swap them");
    }
    List<UsageRecord> records = journal.readAll(record -> (from == null || !record.timestamp().isBefore(from))
        && (to == null || record.timestamp().isBefore(to)));
    Set<String> seen = new HashSet<>();
    records.removeIf(record -> !seen.add(record.id()));
    records.sort(Comparator.comparing(UsageRecord::timestamp));
    return records;
  }

  /**
   * @return how many distinct records the journal holds, including those other processes appended
   * @throws IllegalStateException if the store is closed
   * @throws CacheException if the file cannot be read
   */
  @Override
  public long count() {
    journal.refresh();
    return journal.index().size();
  }

  /**
   * Deletes the records whose timestamp is before {@code cutoff}, by compaction: the survivors are written
   * to a temporary file that is renamed over the journal (see {@link FileAnalysisStore}).
   *
   * @param cutoff records before this are deleted; {@link Instant#MAX} empties the journal
   * @return how many records were deleted
   * @throws IllegalStateException if the store is closed
   * @throws CacheException if the new file cannot be written; the journal is then unchanged
   */
  @Override
  public long deleteOlderThan(Instant cutoff) {
    requireNonNull(cutoff, "cutoff");
    return journal.compact(ids -> {
      List<UsageRecord> survivors = journal.readCurrent(r -> !r.timestamp().isBefore(cutoff));
      Set<String> seen = new HashSet<>();
      survivors.removeIf(r -> !seen.add(r.id()));
      return survivors;
    });
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

  /** @return how many times the file was forced to the device; for tests */
  long forceCount() {
    return journal.forceCount();
  }

  /** Forces the file to the device (unless the policy is {@link FsyncPolicy#NEVER}) and closes it. Idempotent. */
  @Override
  public void close() {
    journal.close();
  }

  @Override
  public String toString() {
    return "FileUsageStore{" + journal.file() + '}';
  }
}
