package io.tradingagents.examples.logs;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads log files into a {@link LogReport}. Every file is streamed; a line that is not an event is
 * skipped and counted with its reason and line number (binary, too long, cut short at the end of the file,
 * neither format); a file that cannot be opened or whose gzip data is corrupt is reported with what could
 * be read before the failure. Nothing a file contains makes it throw.
 *
 * <p>Not thread-safe; one analyzer per run.
 */
public final class LogAnalyzer {
  /** Inputs larger than this get a progress line on a terminal. */
  static final long PROGRESS_THRESHOLD_BYTES = 50L << 20;

  private final ZoneId zone;
  private final Duration slowThreshold;
  private final @Nullable Instant since;
  private final @Nullable PrintStream progress;
  private final long progressThreshold;

  /**
   * @param zone the zone of usage by day and hour, and of plain-pattern times without an offset
   * @param slowThreshold operations whose {@code duration_ms} exceeds this are reported as slow
   * @param since events before this are skipped (counted), or {@code null} for all
   * @param progress where to draw a progress line for large inputs (a terminal), or {@code null}
   */
  public LogAnalyzer(ZoneId zone, Duration slowThreshold, @Nullable Instant since, @Nullable PrintStream progress) {
    this(zone, slowThreshold, since, progress, PROGRESS_THRESHOLD_BYTES);
  }

  LogAnalyzer(ZoneId zone, Duration slowThreshold, @Nullable Instant since, @Nullable PrintStream progress,
      long progressThreshold) {
    this.zone = zone;
    this.slowThreshold = slowThreshold;
    this.since = since;
    this.progress = progress;
    this.progressThreshold = progressThreshold;
  }

  /**
   * @param files the logs, plain or gzip
   * @return the report
   */
  public LogReport analyze(List<Path> files) {
    LogAnalysis analysis = new LogAnalysis(zone, slowThreshold, since);
    LogParser parser = new LogParser(zone);
    long total = 0;
    for (Path file : files) {
      try {
        total += Files.size(file);
      } catch (IOException e) {
        // reported when the file is opened
      }
    }
    Progress bar = progress != null && total > progressThreshold ? new Progress(progress, total) : null;
    long done = 0;
    for (Path file : files) {
      done += analyzeFile(file, analysis, parser, bar, done);
    }
    if (bar != null) {
      bar.finish();
    }
    return new LogReport(analysis);
  }

  private long analyzeFile(Path file, LogAnalysis analysis, LogParser parser, @Nullable Progress bar, long before) {
    String name = file.toString();
    long lines = 0;
    long events = analysis.events + analysis.beforeSince;
    long skipped = analysis.skipped;
    boolean gzip = false;
    String error = null;
    LogLines reader = null;
    try {
      reader = LogLines.open(file);
      gzip = reader.isGzip();
      LogRecord pending = null;
      long pendingLine = 0;
      boolean inTrace = false;
      LogLines.Line line;
      while ((line = reader.next()) != null) {
        lines++;
        analysis.lines++;
        if (bar != null && (lines & 0x3fff) == 0) {
          bar.update(before + reader.bytesRead());
        }
        LogAnalysis.Where where = new LogAnalysis.Where(name, line.number());
        if (line.flag() == LogLines.Flag.BINARY) {
          analysis.skip(where, "binary");
          continue;
        }
        if (line.flag() == LogLines.Flag.TOO_LONG) {
          analysis.skip(where, "longer than " + LogLines.MAX_LINE_CHARS + " characters");
          continue;
        }
        String text = line.text();
        if (text.isBlank()) {
          continue;
        }
        LogRecord record = parser.parse(text);
        if (record != null) {
          if (pending != null) {
            analysis.accept(pending, new LogAnalysis.Where(name, pendingLine));
          }
          pending = record;
          pendingLine = line.number();
          inTrace = false;
          continue;
        }
        if (pending != null && !text.startsWith("{") && (inTrace || LogParser.isContinuation(text))) {
          analysis.continuationLines++;
          if (!inTrace && pending.throwable() == null && !Character.isWhitespace(text.charAt(0))) {
            pending = new LogRecord(pending.timestamp(), pending.level(), pending.logger(), pending.message(),
                pending.fields(), text.strip());
          }
          inTrace = true;
          continue;
        }
        analysis.skip(where, line.flag() == LogLines.Flag.NO_NEWLINE_AT_END ? "truncated (cut short at end of file)"
            : text.startsWith("{") ? "malformed JSON" : "not a log line");
      }
      if (pending != null) {
        analysis.accept(pending, new LogAnalysis.Where(name, pendingLine));
      }
    } catch (IOException | RuntimeException e) {
      long at = reader == null ? 0 : reader.lineNumber();
      error = (reader == null ? "cannot read: " : "read failed after line " + at + ": ") + describe(e);
    } finally {
      if (reader != null) {
        try {
          reader.close();
        } catch (IOException e) {
          // already read everything we could
        }
      }
    }
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      size = 0;
    }
    analysis.files.add(new LogAnalysis.FileResult(name, gzip, lines,
        analysis.events + analysis.beforeSince - events, analysis.skipped - skipped, error));
    return size;
  }

  private static String describe(Throwable e) {
    String type = e.getClass().getSimpleName();
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.io.EOFException) {
      return "unexpected end of compressed data";
    }
    return e.getMessage() == null ? type : type + ": " + e.getMessage();
  }

  /** A progress line redrawn at most twice a second. */
  private static final class Progress {
    private final PrintStream out;
    private final long total;
    private long lastDraw;

    Progress(PrintStream out, long total) {
      this.out = out;
      this.total = total;
      this.lastDraw = System.nanoTime() - 1_000_000_000L; // draw the first update at once
    }

    void update(long done) {
      long now = System.nanoTime();
      if (now - lastDraw < 500_000_000L) {
        return;
      }
      lastDraw = now;
      out.printf(Locale.ROOT, "\ranalyzing: %d of %d MB (%d%%)", done >> 20, total >> 20,
          total == 0 ? 100 : Math.min(100, done * 100 / total));
      out.flush();
    }

    void finish() {
      out.print("\r\033[K");
      out.flush();
    }
  }
}
