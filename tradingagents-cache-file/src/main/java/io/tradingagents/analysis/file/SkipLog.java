package io.tradingagents.analysis.file;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts and reports a journal's skipped lines: a WARN each (at most 16 per scan, then DEBUG and one
 * summary WARN, so a badly damaged file cannot flood the log), a total, and the last 16 as
 * {@link SkippedLine}s. Scans run under the journal's lock; the counters may be read from any thread.
 */
final class SkipLog {
  private static final Logger log = LoggerFactory.getLogger(SkipLog.class);
  private static final int RECENT = 16;
  private static final int WARNINGS_PER_SCAN = 16;

  private final Path file;
  private final String kind;
  private final AtomicLong total = new AtomicLong();
  private final Deque<SkippedLine> recent = new ArrayDeque<>(); // guarded by itself
  private int warningsLeft; // guarded by the journal's lock
  private long totalAtScanStart;

  /**
   * @param file the journal
   * @param kind what it holds, for messages
   */
  SkipLog(Path file, String kind) {
    this.file = file;
    this.kind = kind;
  }

  /** @return lines skipped since open */
  long total() {
    return total.get();
  }

  /** @return the last (at most 16) skipped lines, oldest first */
  List<SkippedLine> recent() {
    synchronized (recent) {
      return List.copyOf(recent);
    }
  }

  /** Starts a scan: the next 16 skips are logged at WARN. */
  void scanStarted() {
    warningsLeft = WARNINGS_PER_SCAN;
    totalAtScanStart = total.get();
  }

  /** Ends a scan, summarising the skips that were logged at DEBUG only. */
  void scanEnded() {
    long unlogged = total.get() - totalAtScanStart - WARNINGS_PER_SCAN;
    if (unlogged > 0) {
      log.atWarn().setMessage("Skipped {} more unreadable lines of the {} journal {} (logged at DEBUG); see "
          + "recentSkips()").addArgument(unlogged).addArgument(kind).addArgument(file)
          .addKeyValue("event", "journal_line_skipped").addKeyValue("store", String.valueOf(kind))
          .addKeyValue("reason", "more_lines").log();
    }
  }

  /**
   * Records and reports one skipped line.
   *
   * @param lineNumber its number, from 1
   * @param position its byte offset
   * @param torn whether it is an unterminated last line
   * @param reason why it was skipped
   */
  void skipped(long lineNumber, long position, boolean torn, String reason) {
    total.incrementAndGet();
    synchronized (recent) {
      if (recent.size() == RECENT) {
        recent.removeFirst();
      }
      recent.addLast(new SkippedLine(file, lineNumber, position, torn, reason));
    }
    boolean warn = warningsLeft > 0;
    warningsLeft--;
    if (!warn) {
      log.debug("Skipped line {} of the {} journal {} (byte offset {}): {}", lineNumber, kind, file, position,
          reason);
    } else if (torn) {
      log.atWarn().setMessage("Skipped the torn last line {} of the {} journal {} (byte offset {}): a writer "
          + "stopped in the middle of a record (a crash or kill). The other records are intact and the next "
          + "append starts on a new line. Cause: {}").addArgument(lineNumber).addArgument(kind).addArgument(file)
          .addArgument(position).addArgument(reason).addKeyValue("event", "journal_line_skipped")
          .addKeyValue("store", String.valueOf(kind)).addKeyValue("reason", "torn_line").log();
    } else {
      log.atWarn().setMessage("Skipped line {} of the {} journal {} (byte offset {}): it is not a valid record "
          + "({}). The other records are intact; the line stays in the file until the next compaction")
          .addArgument(lineNumber).addArgument(kind).addArgument(file).addArgument(position).addArgument(reason)
          .addKeyValue("event", "journal_line_skipped").addKeyValue("store", String.valueOf(kind))
          .addKeyValue("reason", "invalid_record").log();
    }
  }
}
