package io.tradingagents.analysis.file;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.tradingagents.cache.CacheSerializationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encodes records as one line of JSON each and decodes them back. The JSON object has the record's
 * component names as fields; instants are ISO-8601 strings ({@code "2025-01-02T03:04:05.123Z"}), decimal
 * amounts plain numbers with their scale kept ({@code 0.0150}, never {@code 1.5E-2}), currencies their ISO
 * code, enums their name. Unknown fields are ignored (a newer writer may add some); a missing primitive or
 * a trailing token is an error. Jackson escapes line breaks inside strings, so a line never contains
 * {@code '\n'}.
 *
 * <p>Thread-safe and immutable.
 *
 * @param <T> the record type
 */
final class JsonLines<T> {
  private static final Logger log = LoggerFactory.getLogger(JsonLines.class);
  /**
   * The largest encoded line accepted, 16 MiB: larger lines could not be read back (Jackson limits a
   * string to 20 million characters), so they are refused when written.
   */
  static final int MAX_LINE_BYTES = 16 << 20;
  private static final int MAX_REASON_CHARS = 200;

  private final Class<T> type;
  private final ObjectReader reader;
  private final ObjectWriter writer;

  /** @param type the record type */
  JsonLines(Class<T> type) {
    this.type = requireNonNull(type, "type");
    JsonMapper mapper = JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
    this.reader = mapper.readerFor(type);
    this.writer = mapper.writerFor(type);
  }

  /**
   * @param record the record
   * @return its JSON and a final {@code '\n'}
   * @throws CacheSerializationException if Jackson cannot encode it
   * @throws IllegalArgumentException if the line would be longer than {@link #MAX_LINE_BYTES}
   */
  byte[] encode(T record) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try {
      writer.writeValue(out, record);
    } catch (IOException e) {
      throw new CacheSerializationException("Cannot encode a " + type.getSimpleName() + " as JSON ("
          + reason(e) + "); this is a bug in the record type or its Jackson configuration", e);
    }
    out.write('\n');
    if (out.size() > MAX_LINE_BYTES) {
      throw new IllegalArgumentException("A " + type.getSimpleName() + " must encode to at most "
          + MAX_LINE_BYTES + " bytes of JSON but this one is " + out.size()
          + " bytes; shorten its largest text (e.g. a module report)");
    }
    return out.toByteArray();
  }

  /**
   * @param buf the bytes
   * @param offset where the line starts
   * @param length its length, without the {@code '\n'}
   * @return the record
   * @throws IOException if the bytes are not JSON or not a valid record (Jackson's exceptions; a record's
   *     own validation arrives as a {@link ValueInstantiationException})
   */
  T decode(byte[] buf, int offset, int length) throws IOException {
    return reader.readValue(buf, offset, length);
  }

  /**
   * Decodes the lines of {@code [0, limit)} of a file, skipping (with a DEBUG line) those that do not
   * decode: the journal reported them at WARN when it first read them.
   *
   * @param channel a readable channel of the file
   * @param limit where to stop
   * @param keep which records to add
   * @param records receives the records kept, in file order
   * @param file the file, for messages
   * @throws IOException if reading fails
   */
  void readAll(FileChannel channel, long limit, Predicate<? super T> keep, List<T> records, Path file)
      throws IOException {
    LineScanner.scan(channel, 0, limit, new LineScanner.Visitor() {
      @Override
      public void line(byte[] buf, int offset, int length, long position, boolean terminated) {
        if (length == 0) {
          return;
        }
        T record;
        try {
          record = decode(buf, offset, length);
        } catch (IOException | RuntimeException e) {
          log.debug("Skipping the line at byte {} of {} again: {}", position, file, reason(e));
          return;
        }
        if (keep.test(record)) {
          records.add(record);
        }
      }

      @Override
      public void tooLong(long position, long length, boolean terminated) {
        log.debug("Skipping the {}-byte line at byte {} of {} again", length, position, file);
      }
    });
  }

  /**
   * @param e a failure
   * @return a short, single-line description of it for logs and {@link SkippedLine#reason()}
   */
  static String reason(Exception e) {
    Throwable shown = e instanceof ValueInstantiationException && e.getCause() != null ? e.getCause() : e;
    String message = shown instanceof JsonProcessingException
        ? ((JsonProcessingException) shown).getOriginalMessage() : shown.getMessage();
    String text = shown.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    text = text.replaceAll("\\s+", " ").strip();
    return text.length() <= MAX_REASON_CHARS ? text : text.substring(0, MAX_REASON_CHARS - 3) + "...";
  }
}
