package io.tradingagents.analysis.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Splits a byte range of a file into {@code '\n'}-terminated lines with positional reads (so it never
 * moves a channel's position and several threads may scan one channel at once). UTF-8 never uses the byte
 * {@code '\n'} inside a multi-byte character, so splitting bytes is splitting characters.
 *
 * <p>Stateless; memory use is one 64 KiB chunk plus the longest line, and a line longer than
 * {@link #MAX_LINE_BYTES} is not held: it is reported as too long and skipped.
 */
final class LineScanner {
  /** Lines longer than this (twice the largest line a store writes) are skipped without being held. */
  static final int MAX_LINE_BYTES = 2 * JsonLines.MAX_LINE_BYTES;
  private static final int CHUNK_BYTES = 64 << 10;

  private LineScanner() {}

  /** Receives the lines of a scan, in file order. */
  interface Visitor {
    /**
     * @param buf holds the line
     * @param offset where the line starts in {@code buf}
     * @param length the line's length without its {@code '\n'}; may be 0
     * @param position where the line starts in the file
     * @param terminated whether it ends with {@code '\n'} ({@code false} only for the last line)
     * @throws IOException to stop the scan
     */
    void line(byte[] buf, int offset, int length, long position, boolean terminated) throws IOException;

    /**
     * A line longer than {@link #MAX_LINE_BYTES}, whose bytes were not kept.
     *
     * @param position where the line starts in the file
     * @param length its length without its {@code '\n'}
     * @param terminated whether it ends with {@code '\n'}
     * @throws IOException to stop the scan
     */
    void tooLong(long position, long length, boolean terminated) throws IOException;
  }

  /**
   * Reads {@code [from, limit)} and hands every line to {@code visitor}. Stops early, without error, if the
   * file ends before {@code limit}.
   *
   * @param channel a readable channel
   * @param from the first byte, which must start a line
   * @param limit the end of the range, exclusive
   * @param visitor receives the lines
   * @throws IOException if reading fails or the visitor throws
   */
  static void scan(FileChannel channel, long from, long limit, Visitor visitor) throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES);
    byte[] data = chunk.array();
    byte[] line = new byte[1024];
    int lineLength = 0;
    long overflow = -1; // length of a too-long line so far, or -1
    long lineStart = from;
    long position = from;
    while (position < limit) {
      chunk.clear();
      chunk.limit((int) Math.min(CHUNK_BYTES, limit - position));
      int read = channel.read(chunk, position);
      if (read <= 0) {
        break;
      }
      int start = 0;
      for (int i = 0; i < read; i++) {
        if (data[i] != '\n') {
          continue;
        }
        int piece = i - start;
        if (overflow >= 0) {
          visitor.tooLong(lineStart, overflow + piece, true);
        } else if (lineLength == 0) {
          visitor.line(data, start, piece, lineStart, true);
        } else if (lineLength + (long) piece > MAX_LINE_BYTES) {
          visitor.tooLong(lineStart, lineLength + (long) piece, true);
        } else {
          line = append(line, lineLength, data, start, piece);
          visitor.line(line, 0, lineLength + piece, lineStart, true);
        }
        lineLength = 0;
        overflow = -1;
        start = i + 1;
        lineStart = position + i + 1;
      }
      int rest = read - start;
      if (overflow >= 0) {
        overflow += rest;
      } else if (lineLength + (long) rest > MAX_LINE_BYTES) {
        overflow = lineLength + (long) rest;
        lineLength = 0;
      } else if (rest > 0) {
        line = append(line, lineLength, data, start, rest);
        lineLength += rest;
      }
      position += read;
    }
    if (overflow >= 0) {
      visitor.tooLong(lineStart, overflow, false);
    } else if (lineLength > 0) {
      visitor.line(line, 0, lineLength, lineStart, false);
    }
  }

  private static byte[] append(byte[] line, int length, byte[] data, int start, int count) {
    byte[] target = line;
    if (length + count > target.length) {
      target = Arrays.copyOf(line, Math.max(length + count, Math.min(MAX_LINE_BYTES, 2 * line.length)));
    }
    System.arraycopy(data, start, target, length, count);
    return target;
  }
}
