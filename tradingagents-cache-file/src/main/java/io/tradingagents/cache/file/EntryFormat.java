package io.tradingagents.cache.file;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.tradingagents.cache.spi.TierEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The layout of one entry file, all integers big-endian:
 *
 * <pre>
 * offset  size  field
 *      0     4  magic "TACF" (0x54414346)
 *      4     2  format version (1)
 *      6     8  createdAt, epoch milliseconds
 *     14     8  expiresAt, epoch milliseconds
 *     22     4  key length K, in bytes
 *     26     K  key, UTF-8 (compared with the requested key on read)
 *   26+K     4  value length V, in bytes
 *   30+K     V  value
 * 30+K+V     4  CRC32C of every byte before it
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
final class EntryFormat {
  /** "TACF": TradingAgents Cache File. */
  static final int MAGIC = 0x54414346;
  /** The only version this code reads and writes. */
  static final short VERSION = 1;
  /** Bytes before the key: magic, version, createdAt, expiresAt, key length. */
  static final int HEAD_BYTES = 4 + 2 + 8 + 8 + 4;
  /** Bytes of a file with an empty key and an empty value. */
  static final int MIN_FILE_BYTES = HEAD_BYTES + 4 + 4;

  private EntryFormat() {
  }

  /** A decoded file: the key it was written for and the entry. */
  record Decoded(String key, TierEntry entry) {
  }

  /** The start of a file: enough to know its key and expiry without reading the value. */
  record Head(String key, long createdAtMillis, long expiresAtMillis) {
  }

  /** The content of a file is not a valid entry; the message says why. */
  static final class CorruptEntryException extends Exception {
    /** @param problem what is wrong, e.g. {@code checksum mismatch: ...}; no stack trace is kept */
    CorruptEntryException(String problem) {
      super(problem, null, false, false);
    }
  }

  /**
   * @param key the canonical key
   * @param entry the entry
   * @return the whole file content
   * @throws IllegalArgumentException if the entry is too large for one file (2 GiB)
   */
  static byte[] encode(String key, TierEntry entry) {
    byte[] keyBytes = key.getBytes(UTF_8);
    long size = (long) MIN_FILE_BYTES + keyBytes.length + entry.length();
    if (size > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("a cache entry must be smaller than 2 GiB but was " + size
          + " bytes; store smaller values");
    }
    ByteBuffer buf = ByteBuffer.allocate((int) size);
    buf.putInt(MAGIC).putShort(VERSION).putLong(entry.createdAtMillis()).putLong(entry.expiresAtMillis())
        .putInt(keyBytes.length).put(keyBytes)
        .putInt(entry.length()).put(entry.buffer(), entry.offset(), entry.length());
    buf.putInt(checksum(buf.array(), buf.position()));
    return buf.array();
  }

  /**
   * @param bytes a whole file
   * @return its key and entry
   * @throws CorruptEntryException if it is truncated, has trailing bytes, a bad magic number, an unknown
   *     version, a bad checksum or impossible times
   */
  static Decoded decode(byte[] bytes) throws CorruptEntryException {
    if (bytes.length < MIN_FILE_BYTES) {
      throw new CorruptEntryException("truncated: " + bytes.length + " bytes, an entry file has at least "
          + MIN_FILE_BYTES);
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    Head head = readHead(buf, bytes.length);
    int valueLength = buf.getInt();
    long expected = (long) buf.position() + valueLength + 4;
    if (valueLength < 0 || expected != bytes.length) {
      throw new CorruptEntryException((expected > bytes.length ? "truncated" : "trailing bytes")
          + ": value length " + valueLength + " needs a file of " + expected + " bytes but it has "
          + bytes.length);
    }
    int end = bytes.length - 4;
    int stored = buf.getInt(end);
    int actual = checksum(bytes, end);
    if (stored != actual) {
      throw new CorruptEntryException("checksum mismatch: stored " + Integer.toHexString(stored)
          + ", computed " + Integer.toHexString(actual));
    }
    byte[] value = Arrays.copyOfRange(bytes, buf.position(), end);
    return new Decoded(head.key(), new TierEntry(value, head.createdAtMillis(), head.expiresAtMillis()));
  }

  /**
   * Reads the magic, version, times and key of a file without reading its value. The checksum is not
   * verified (it covers the value); a reader of the whole file verifies it.
   *
   * @param file an entry file
   * @return its head
   * @throws java.nio.file.NoSuchFileException if the file does not exist (or vanished)
   * @throws IOException if it cannot be read
   * @throws CorruptEntryException if its head is not valid
   */
  static Head readHead(Path file) throws IOException, CorruptEntryException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < MIN_FILE_BYTES) {
        throw new CorruptEntryException("truncated: " + size + " bytes, an entry file has at least "
            + MIN_FILE_BYTES);
      }
      ByteBuffer head = ByteBuffer.allocate(HEAD_BYTES);
      readFully(channel, head);
      int keyLength = head.getInt(HEAD_BYTES - 4);
      if (keyLength < 0 || keyLength > size - MIN_FILE_BYTES) {
        throw new CorruptEntryException("key length " + keyLength + " does not fit in a file of " + size
            + " bytes");
      }
      ByteBuffer whole = ByteBuffer.allocate(HEAD_BYTES + keyLength).put(head.flip());
      readFully(channel, whole);
      return readHead(whole.flip(), size);
    }
  }

  private static Head readHead(ByteBuffer buf, long fileSize) throws CorruptEntryException {
    int magic = buf.getInt();
    if (magic != MAGIC) {
      throw new CorruptEntryException("bad magic number " + Integer.toHexString(magic) + ", expected "
          + Integer.toHexString(MAGIC));
    }
    short version = buf.getShort();
    if (version != VERSION) {
      throw new CorruptEntryException("unsupported format version " + version + ", this code reads "
          + VERSION);
    }
    long createdAt = buf.getLong();
    long expiresAt = buf.getLong();
    if (expiresAt < createdAt) {
      throw new CorruptEntryException("expiresAt " + expiresAt + " is before createdAt " + createdAt);
    }
    int keyLength = buf.getInt();
    if (keyLength < 0 || keyLength > fileSize - MIN_FILE_BYTES) {
      throw new CorruptEntryException("key length " + keyLength + " does not fit in a file of " + fileSize
          + " bytes");
    }
    String key = new String(buf.array(), buf.position(), keyLength, UTF_8);
    buf.position(buf.position() + keyLength);
    return new Head(key, createdAt, expiresAt);
  }

  private static void readFully(FileChannel channel, ByteBuffer buf) throws IOException,
      CorruptEntryException {
    while (buf.hasRemaining()) {
      if (channel.read(buf) < 0) {
        throw new CorruptEntryException("truncated: ended after " + buf.position() + " bytes of its head");
      }
    }
  }

  private static int checksum(byte[] bytes, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length);
    return (int) crc.getValue();
  }
}
