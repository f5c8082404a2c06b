package io.tradingagents.analysis;

import static io.tradingagents.analysis.Checks.notBlank;
import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A user session of the analysis application.
 *
 * @param sessionId unique id
 * @param userId the user, or {@code null}
 * @param createdAt when it started
 * @param lastActivity when it was last used
 * @param attributes small string attributes
 */
public record SessionRecord(String sessionId, @Nullable String userId, Instant createdAt, Instant lastActivity,
    Map<String, String> attributes) {

  /*
   * @throws IllegalArgumentException if the id is blank or {@code lastActivity} is before {@code createdAt}
   */
  public SessionRecord {
    notBlank(sessionId, "sessionId");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(lastActivity, "lastActivity");
    if (lastActivity.isBefore(createdAt)) {
      throw new IllegalArgumentException("lastActivity " + lastActivity + " is before createdAt " + createdAt);
    }
    attributes = Map.copyOf(attributes);
  }
}
