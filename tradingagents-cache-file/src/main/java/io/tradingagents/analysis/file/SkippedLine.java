package io.tradingagents.analysis.file;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * A journal line that was skipped because it could not be read as a record: a torn last line left by a
 * writer that died mid-append, or a damaged or foreign line. It is reported once per store (a WARN log
 * line and this record), then ignored; the other lines are read normally.
 *
 * @param file the journal
 * @param lineNumber the line number, counting from 1
 * @param byteOffset where the line starts in the file
 * @param tornTail whether it was the last line and had no newline (a write cut short)
 * @param reason why it could not be read: the parser's message, at most 200 characters
 */
public record SkippedLine(Path file, long lineNumber, long byteOffset, boolean tornTail, String reason) {
  /**
   * @throws NullPointerException if {@code file} or {@code reason} is null
   */
  public SkippedLine {
    requireNonNull(file, "file");
    requireNonNull(reason, "reason");
  }
}
