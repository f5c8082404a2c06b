package io.tradingagents.analysis.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a journal's lines into an index and keeps track of where the file's last line stands: how many
 * lines ending in {@code '\n'} were read, and where an unterminated last line starts. Such a line is read
 * once: if it decodes it is a record (its JSON object is complete), otherwise a torn tail, reported; when
 * a later append terminates it, it is counted but not read again.
 *
 * <p>Not thread-safe: used under the journal's lock.
 *
 * @param <T> the record type
 */
final class JournalReader<T> {
  private static final Logger log = LoggerFactory.getLogger(JournalReader.class);

  private final Path file;
  private final JsonLines<T> codec;
  private final SkipLog skips;
  private long lines;
  private long tailOffset = -1;

  /**
   * @param file the journal, for messages
   * @param codec decodes lines
   * @param skips reports lines that do not decode
   */
  JournalReader(Path file, JsonLines<T> codec, SkipLog skips) {
    this.file = file;
    this.codec = codec;
    this.skips = skips;
  }

  /** Forgets what was read, before reading the file from its start. */
  void reset() {
    lines = 0;
    tailOffset = -1;
  }

  /** @return whether the file ends without {@code '\n'}, so the next append must write one first */
  boolean endsMidLine() {
    return tailOffset >= 0;
  }

  /** @return the number of lines read, the unterminated last one included */
  long lineCount() {
    return lines + (tailOffset >= 0 ? 1 : 0);
  }

  /**
   * Notes that the journal appended one line (after a {@code '\n'} if {@link #endsMidLine()}).
   */
  void appended() {
    lines += tailOffset >= 0 ? 2 : 1;
    tailOffset = -1;
  }

  /**
   * Notes that the file was rewritten with {@code count} whole lines.
   *
   * @param count the number of lines
   */
  void rewritten(long count) {
    lines = count;
    tailOffset = -1;
  }

  /**
   * Reads the lines of {@code [end, limit)} into {@code index}, starting at the unterminated last line
   * read before, if any, without reading that line again.
   *
   * @param channel a readable channel of the file
   * @param end how far the file was read before (0 after {@link #reset()})
   * @param limit the file's size now
   * @param index receives the records
   * @throws IOException if reading fails
   */
  void read(FileChannel channel, long end, long limit, JournalIndex<T> index) throws IOException {
    long knownTail = tailOffset;
    tailOffset = -1;
    skips.scanStarted();
    LineScanner.scan(channel, knownTail >= 0 ? knownTail : end, limit, new LineScanner.Visitor() {
      @Override
      public void line(byte[] buf, int offset, int length, long position, boolean terminated) {
        long number = count(position, terminated);
        if (position == knownTail || length == 0) {
          return;
        }
        T record;
        try {
          record = codec.decode(buf, offset, length);
        } catch (IOException | RuntimeException e) {
          skips.skipped(number, position, !terminated, JsonLines.reason(e));
          return;
        }
        if (!terminated) {
          log.debug("The last line of {} has no newline but is a whole record; the next append adds one", file);
        }
        index.apply(record);
      }

      @Override
      public void tooLong(long position, long length, boolean terminated) {
        long number = count(position, terminated);
        if (position != knownTail) {
          skips.skipped(number, position, !terminated, "the line is " + length
              + " bytes long, over the limit of " + LineScanner.MAX_LINE_BYTES);
        }
      }
    });
    skips.scanEnded();
  }

  /** Counts a line; returns its number. */
  private long count(long position, boolean terminated) {
    long number = lines + 1;
    if (terminated) {
      lines++;
    } else {
      tailOffset = position;
    }
    return number;
  }
}
