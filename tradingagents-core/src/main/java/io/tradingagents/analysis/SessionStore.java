package io.tradingagents.analysis;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Where user sessions are kept; the session id is unique. Thread-safe. */
public interface SessionStore extends AutoCloseable {

  /** @param session saved, replacing a session with the same id */
  void save(SessionRecord session);

  /**
   * @param sessionId the id
   * @return the session, or {@code null}
   */
  @Nullable SessionRecord find(String sessionId);

  /**
   * @param sessionId the id
   * @param at the time of the activity
   * @return whether the session exists (and was updated)
   */
  boolean touch(String sessionId, Instant at);

  /**
   * @param cutoff sessions whose last activity is before this are deleted
   * @return how many were deleted
   */
  long deleteInactiveSince(Instant cutoff);

  /** Releases the store's resources. Idempotent. */
  @Override
  void close();
}
