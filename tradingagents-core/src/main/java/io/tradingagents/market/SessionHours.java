package io.tradingagents.market;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.LocalTime;
import org.jspecify.annotations.Nullable;

/**
 * A market's regular trading hours from one date on, in its local time: open, an optional break (the
 * lunch break of Shanghai and Hong Kong) and close. A calendar holds a list of these so that hours can
 * change over time (Hong Kong moved its open and its lunch break in 2011 and 2012).
 *
 * @param effectiveFrom the first date these hours apply to
 * @param open the session's open
 * @param breakStart the start of the break, or {@code null} for no break
 * @param breakEnd the end of the break, or {@code null} for no break
 * @param close the session's close
 */
public record SessionHours(LocalDate effectiveFrom, LocalTime open, @Nullable LocalTime breakStart,
    @Nullable LocalTime breakEnd, LocalTime close) {

  /**
   * Checks the hours are in order.
   *
   * @throws IllegalArgumentException if open, break start, break end and close are not strictly
   *     increasing, or only one of the break times is given
   */
  public SessionHours {
    requireNonNull(effectiveFrom, "effectiveFrom");
    requireNonNull(open, "open");
    requireNonNull(close, "close");
    if ((breakStart == null) != (breakEnd == null)) {
      throw new IllegalArgumentException("a break needs both its start and its end but was "
          + breakStart + " - " + breakEnd + "; give both or neither");
    }
    boolean ordered = breakStart == null ? open.isBefore(close)
        : open.isBefore(breakStart) && breakStart.isBefore(breakEnd) && breakEnd.isBefore(close);
    if (!ordered) {
      throw new IllegalArgumentException("session hours must be increasing (open < break start < break end"
          + " < close) but were " + open + (breakStart == null ? "" : " " + breakStart + " " + breakEnd)
          + " " + close);
    }
  }

  /** @return whether the session has a break */
  public boolean hasBreak() {
    return breakStart != null;
  }
}
