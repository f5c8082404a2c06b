package io.tradingagents.analysis.file;

import static java.util.Objects.requireNonNull;

import io.tradingagents.analysis.SessionRecord;
import io.tradingagents.analysis.SessionStore;
import io.tradingagents.cache.CacheException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SessionStore} in one append-only file of JSON lines, one {@link SessionRecord} per line; the
 * last line of a session id is its current version. {@link #touch} appends a new version, so the file
 * grows with activity: {@link #deleteInactiveSince} compacts it (dropping inactive sessions, superseded
 * versions and damaged lines), and should run periodically. Every current session is held in memory.
 *
 * <p>Concurrency, durability and compaction are those of {@link FileAnalysisStore}.
 *
 * <p>Thread-safe. {@link #close()} forces and closes the file; later calls throw
 * {@link IllegalStateException}.
 */
public final class FileSessionStore implements SessionStore {
  private static final int MAX_TOUCH_ATTEMPTS = 100;

  private final Journal<SessionRecord, Sessions> journal;

  /** The current version of each session. */
  private static final class Sessions extends CurrentVersions<SessionRecord> {
    @Override
    String id(SessionRecord session) {
      return session.sessionId();
    }

    List<SessionRecord> activeSince(Instant cutoff) {
      return kept(session -> !session.lastActivity().isBefore(cutoff),
          Comparator.comparing(SessionRecord::createdAt).thenComparing(SessionRecord::sessionId));
    }
  }

  /**
   * Opens the store, creating the file and its directories if missing, and reads every session into
   * memory.
   *
   * @param options the journal file and fsync policy
   * @throws NullPointerException if {@code options} is null
   * @throws CacheException if the file or its directory cannot be created, opened or read; the message
   *     names the file
   */
  public FileSessionStore(JournalOptions options) {
    this.journal = new Journal<>(options, "session", SessionRecord.class, Sessions::new);
  }

  /**
   * Saves the session as the current version of its id, appending a line unless it equals the current
   * version.
   *
   * @param session the session
   * @throws NullPointerException if {@code session} is null
   * @throws IllegalStateException if the store is closed
   * @throws CacheException if the file cannot be written or the thread was interrupted; saving again is
   *     safe
   */
  @Override
  public void save(SessionRecord session) {
    requireNonNull(session, "session");
    CurrentVersions.save(journal, session);
  }

  /**
   * @param sessionId the id
   * @return the current version of the session, or {@code null} if there is none
   * @throws NullPointerException if {@code sessionId} is null
   * @throws IllegalStateException if the store is closed
   * @throws CacheException if the file changed and cannot be read
   */
  @Override
  public @Nullable SessionRecord find(String sessionId) {
    requireNonNull(sessionId, "sessionId");
    return CurrentVersions.current(journal, sessionId);
  }

  /**
   * Moves the session's last activity forward to {@code at} (never backward), appending a new version if
   * it changed.
   *
   * @param sessionId the id
   * @param at the time of the activity
   * @return whether the session exists
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the store is closed
   * @throws CacheException if the file cannot be read or written, or other writers kept changing the
   *     session
   */
  @Override
  public boolean touch(String sessionId, Instant at) {
    requireNonNull(sessionId, "sessionId");
    requireNonNull(at, "at");
    for (int attempt = 0; attempt < MAX_TOUCH_ATTEMPTS; attempt++) {
      SessionRecord current = find(sessionId);
      if (current == null) {
        return false;
      }
      if (!at.isAfter(current.lastActivity())) {
        return true;
      }
      SessionRecord touched = new SessionRecord(sessionId, current.userId(), current.createdAt(), at,
          current.attributes());
      if (journal.append(touched, sessions -> sessions.get(sessionId) == current)) {
        return true;
      }
      // another thread or process changed the session after we read it: read it again
    }
    throw new CacheException("Session " + sessionId + " in " + journal.file() + " changed "
        + MAX_TOUCH_ATTEMPTS + " times while being touched; retry later");
  }

  /**
   * Deletes sessions whose last activity is before {@code cutoff}, compacting the journal (see
   * {@link FileAnalysisStore}). Does not rewrite the file when there is nothing to drop.
   *
   * @param cutoff sessions whose last activity is before this are deleted
   * @return how many were deleted
   * @throws NullPointerException if {@code cutoff} is null
   * @throws IllegalStateException if the store is closed
   * @throws CacheException if the new file cannot be written or renamed; the journal is then unchanged
   */
  @Override
  public long deleteInactiveSince(Instant cutoff) {
    requireNonNull(cutoff, "cutoff");
    return journal.compact(sessions -> sessions.activeSince(cutoff));
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
    return "FileSessionStore{" + journal.file() + '}';
  }
}
