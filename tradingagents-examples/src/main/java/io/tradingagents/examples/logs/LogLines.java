package io.tradingagents.examples.logs;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads one log file line by line in bounded memory: gzip is recognised by its magic bytes (whatever the
 * file is called), bytes that are not UTF-8 are replaced rather than rejected, and a line longer than
 * {@link #MAX_LINE_CHARS} is cut there and flagged, so a file without line breaks costs no more heap
 * than one line. Not thread-safe.
 */
final class LogLines implements Closeable {
  /** Longest line kept; the rest of a longer line is skipped. */
  static final int MAX_LINE_CHARS = 64 * 1024;

  /** What is odd about a line, if anything. */
  enum Flag {
    /** A complete text line. */
    NONE,
    /** NUL bytes, bytes that are not UTF-8 or control characters: not text. */
    BINARY,
    /** Longer than {@link #MAX_LINE_CHARS}. */
    TOO_LONG,
    /** The last line of the file, with no line break after it (a write cut short, or still in progress). */
    NO_NEWLINE_AT_END
  }

  /**
   * One line.
   *
   * @param number 1-based line number in the (decompressed) file
   * @param text the line without its line break, at most {@link #MAX_LINE_CHARS} characters
   * @param flag what is odd about it
   */
  record Line(long number, String text, Flag flag) {}

  private final CountingStream counted;
  private final Reader reader;
  private final boolean gzip;
  private final char[] buffer = new char[16 * 1024];
  private int position;
  private int limit;
  private long number;
  private final StringBuilder line = new StringBuilder(256);

  private LogLines(CountingStream counted, Reader reader, boolean gzip) {
    this.counted = counted;
    this.reader = reader;
    this.gzip = gzip;
  }

  /**
   * @param file a plain or gzip-compressed log
   * @return the lines of the file
   * @throws IOException if the file cannot be opened, or claims to be gzip and has no valid header
   */
  static LogLines open(Path file) throws IOException {
    CountingStream counted = new CountingStream(Files.newInputStream(file));
    try {
      BufferedInputStream in = new BufferedInputStream(counted, 64 * 1024);
      in.mark(2);
      int first = in.read();
      int second = in.read();
      in.reset();
      boolean gzip = first == 0x1f && second == 0x8b;
      InputStream body = gzip ? new GZIPInputStream(in, 64 * 1024) : in;
      // InputStreamReader replaces malformed input with U+FFFD, which the binary check then sees.
      return new LogLines(counted, new InputStreamReader(body, StandardCharsets.UTF_8), gzip);
    } catch (IOException | RuntimeException e) {
      counted.close();
      throw e;
    }
  }

  /** @return whether the file is gzip-compressed */
  boolean isGzip() {
    return gzip;
  }

  /** @return compressed bytes read from the file so far (for progress) */
  long bytesRead() {
    return counted.count;
  }

  /** @return the number of the last line returned */
  long lineNumber() {
    return number;
  }

  /**
   * @return the next line, or {@code null} at the end of the file
   * @throws IOException if reading fails (e.g. corrupt gzip data); lines returned before stay valid
   */
  @Nullable Line next() throws IOException {
    line.setLength(0);
    boolean tooLong = false;
    boolean binary = false;
    boolean sawAny = false;
    while (true) {
      if (position == limit) {
        limit = reader.read(buffer, 0, buffer.length);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          if (!sawAny) {
            return null;
          }
          number++;
          return new Line(number, line.toString(), binary ? Flag.BINARY
              : tooLong ? Flag.TOO_LONG : Flag.NO_NEWLINE_AT_END);
        }
      }
      sawAny = true;
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        char c = buffer[position];
        if (c == '\u0000' || c == '\uFFFD' || (c < 0x20 && c != '\t' && c != '\r')) {
          binary = true;
        }
        position++;
      }
      int end = position;
      boolean newline = position < limit;
      if (newline) {
        position++; // the '\n'
      }
      int room = MAX_LINE_CHARS - line.length();
      if (end - start > room) {
        tooLong = true;
        line.append(buffer, start, Math.max(0, room));
      } else {
        line.append(buffer, start, end - start);
      }
      if (newline) {
        number++;
        int length = line.length();
        if (length > 0 && line.charAt(length - 1) == '\r') {
          line.setLength(length - 1);
        }
        return new Line(number, line.toString(), binary ? Flag.BINARY : tooLong ? Flag.TOO_LONG : Flag.NONE);
      }
    }
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }

  private static final class CountingStream extends FilterInputStream {
    long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
