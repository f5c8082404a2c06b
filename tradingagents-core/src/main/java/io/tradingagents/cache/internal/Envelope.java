package io.tradingagents.cache.internal;

import io.tradingagents.cache.CacheEntryTooLargeException;
import io.tradingagents.cache.CacheSerializationException;
import io.tradingagents.cache.spi.CacheCodec;
import io.tradingagents.cache.spi.TierEntry;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The header every encoded value carries in the shared tiers:
 *
 * <pre>
 * offset size
 * 0      2    magic 'T' 'A'
 * 2      1    format version (1)
 * 3      1    codec id
 * 4      1    flags (bit 0: payload deflated)
 * 5      8    created-at, epoch ms
 * 13     8    expires-at, epoch ms
 * 21     2    (format 2) length n of the stored type's name, unsigned
 * 23     n    (format 2) the stored type's class name, UTF-8
 * 23+n   ...  payload
 * </pre>
 *
 * Format 1 (no type name) is still read. The type name tells a read with another type (a
 * {@link TypeMismatchException}: the entry is left alone) from bytes that are corrupt or no longer decode
 * (an {@link UndecodableException}: the entry is removed). A payload longer than the maximum entry size is
 * refused when written, so that every stored entry can be read back. Stores that give no integrity check
 * of their own (files) add a checksum around this.
 */
final class Envelope {
  static final int HEADER = 21;
  /** The largest maximum entry size that can be configured: no payload inflates past it. */
  static final int MAX_INFLATED = 256 << 20;
  private static final byte MAGIC_0 = 'T';
  private static final byte MAGIC_1 = 'A';
  private static final byte VERSION_1 = 1;
  private static final byte VERSION = 2;
  private static final byte FLAG_DEFLATED = 1;

  private final CacheCodec codec;
  private final int compressionThreshold;
  private final int maxEntryBytes;
  /** Per requested type: whether a stored class name is assignable to it (absent: not loadable here). */
  private static final ClassValue<ConcurrentHashMap<String, Boolean>> ASSIGNABLE = new ClassValue<>() {
    @Override
    protected ConcurrentHashMap<String, Boolean> computeValue(Class<?> type) {
      return new ConcurrentHashMap<>();
    }
  };

  Envelope(CacheCodec codec, int compressionThreshold, int maxEntryBytes) {
    this.codec = codec;
    this.compressionThreshold = compressionThreshold;
    this.maxEntryBytes = maxEntryBytes;
  }

  CacheCodec codec() {
    return codec;
  }

  /**
   * @return the size of the value's encoding before compression (counted as the codec writes it, not
   *     stored)
   * @throws CacheSerializationException if the codec cannot encode the value
   */
  int payloadSize(Object value) {
    Counter counter = new Counter();
    payload(value, counter);
    return counter.count;
  }

  private void payload(Object value, java.io.OutputStream out) {
    try {
      codec.encode(value, out);
    } catch (Exception e) {
      throw new CacheSerializationException("Codec " + codec.name() + " cannot encode a "
          + value.getClass().getName() + "; make the type serializable by the codec or configure "
          + "another codec", e);
    }
  }

  /**
   * Encodes a value into the entry the shared tiers store: one new array that holds room for the stored
   * form's header ({@link TierEntry#withStoredHeader}, so a tier that stores that form sends the array as
   * is), this envelope's header, the type name and the payload. The codec writes into a buffer kept per
   * thread, so the value is copied once, into that array.
   *
   * @param declared the type the value is stored as (recorded in the entry): its class, or the generic
   *     type it was loaded or put with
   * @throws CacheSerializationException if the codec cannot encode the value, or its encoding is larger
   *     than the maximum entry size
   */
  TierEntry encode(Object value, long createdAt, long expiresAt, ValueType declared) {
    Buffer buffer = Buffer.take();
    try {
      payload(value, buffer);
      int length = buffer.count;
      if (length > maxEntryBytes) {
        throw new CacheEntryTooLargeException(value.getClass().getName(), length, maxEntryBytes);
      }
      byte[] payload = buffer.bytes;
      byte flags = 0;
      if (length > compressionThreshold) {
        byte[] deflated = deflate(payload, length);
        if (deflated.length < length) {
          payload = deflated;
          length = deflated.length;
          flags = FLAG_DEFLATED;
        }
      }
      byte[] typeName = declared.name.getBytes(StandardCharsets.UTF_8);
      int start = TierEntry.STORED_HEADER;
      byte[] entry = ByteBuffer.allocate(start + HEADER + 2 + typeName.length + length).position(start)
          .put(MAGIC_0).put(MAGIC_1).put(VERSION).put(codec.id()).put(flags)
          .putLong(createdAt).putLong(expiresAt)
          .putShort((short) typeName.length).put(typeName).put(payload, 0, length).array();
      return TierEntry.withStoredHeader(entry, createdAt, expiresAt);
    } finally {
      buffer.release();
    }
  }

  /** Counts the bytes written to it, keeping none. */
  private static final class Counter extends java.io.OutputStream {
    int count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }

  /**
   * A growable buffer the codec writes a payload into; one is kept per thread (up to {@link #KEEP}
   * bytes), and a nested encode on the same thread (a codec that reads the cache) gets a new one.
   */
  private static final class Buffer extends java.io.OutputStream {
    /** The largest buffer kept for the thread's next encode; larger ones are left to the collector. */
    static final int KEEP = 64 << 10;
    private static final ThreadLocal<Buffer> KEPT = ThreadLocal.withInitial(Buffer::new);
    byte[] bytes = new byte[4096];
    int count;
    private boolean inUse;

    static Buffer take() {
      Buffer kept = KEPT.get();
      Buffer buffer = kept.inUse ? new Buffer() : kept;
      buffer.inUse = true;
      buffer.count = 0;
      return buffer;
    }

    void release() {
      inUse = false;
      if (bytes.length > KEEP) {
        bytes = new byte[4096];
      }
    }

    @Override
    public void write(int b) {
      ensure(1);
      bytes[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      ensure(len);
      System.arraycopy(b, off, bytes, count, len);
      count += len;
    }

    private void ensure(int more) {
      if (more > bytes.length - count) {
        long needed = (long) count + more;
        if (needed > Integer.MAX_VALUE - 16) {
          throw new IllegalStateException("a value's encoding cannot exceed 2 GiB");
        }
        bytes = java.util.Arrays.copyOf(bytes, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 16,
            2L * bytes.length)));
      }
    }
  }

  /**
   * @throws TypeMismatchException if the entry holds a value of a type that is not a {@code type}
   * @throws UndecodableException if the bytes are not an envelope of this codec or do not decode
   */
  Object decode(byte[] bytes, ValueType type) throws UndecodableException {
    return decode(bytes, 0, bytes.length, type);
  }

  /**
   * Decodes the envelope in {@code length} bytes of {@code bytes} from {@code offset}, straight from that
   * range: a stored type name equal to the one asked for is compared in place, and an uncompressed payload
   * goes to the codec without a copy.
   *
   * @throws TypeMismatchException if the entry holds a value of a type that is not a {@code type}
   * @throws UndecodableException if the bytes are not an envelope of this codec or do not decode
   */
  Object decode(byte[] bytes, int offset, int length, ValueType type) throws UndecodableException {
    int end = offset + length;
    if (length < HEADER || bytes[offset] != MAGIC_0 || bytes[offset + 1] != MAGIC_1) {
      throw new UndecodableException("not a tradingagents-cache entry");
    }
    byte version = bytes[offset + 2];
    if (version != VERSION && version != VERSION_1) {
      throw new UndecodableException("unknown format version " + version);
    }
    if (bytes[offset + 3] != codec.id()) {
      throw new UndecodableException("written by codec id " + bytes[offset + 3] + ", this cache uses "
          + codec.name() + " (id " + codec.id() + ")");
    }
    int payload = offset + HEADER;
    String stored = null;
    if (version == VERSION) {
      if (length < HEADER + 2) {
        throw new UndecodableException("is truncated");
      }
      int name = offset + HEADER + 2;
      int nameLength = ((bytes[name - 2] & 0xff) << 8) | (bytes[name - 1] & 0xff);
      payload = name + nameLength;
      if (payload > end) {
        throw new UndecodableException("is truncated");
      }
      if (!isName(type.name, bytes, name, nameLength)) { // the hot path reads its own type: no String
        stored = new String(bytes, name, nameLength, StandardCharsets.UTF_8);
        checkType(stored, type);
      }
    }
    try {
      if ((bytes[offset + 4] & FLAG_DEFLATED) != 0) {
        byte[] inflated = inflate(bytes, payload, end - payload);
        return codec.decode(inflated, 0, inflated.length, type.type);
      }
      return codec.decode(bytes, payload, end - payload, type.type);
    } catch (Exception e) {
      if (stored != null && type.isGeneric() && !stored.equals(type.name)) {
        // A plain class read with a generic type whose arguments do not fit: not this reader's entry.
        throw new TypeMismatchException("holds a " + stored + ", which does not decode into " + type.name);
      }
      // The codec's message may quote the stored value: name the failure, keep the details for DEBUG.
      throw new UndecodableException("does not decode into " + type.name + " ("
          + e.getClass().getSimpleName() + ")", e);
    }
  }

  /** @return whether the bytes are {@code name}, which is all ASCII (false for any other name) */
  private static boolean isName(String name, byte[] bytes, int offset, int length) {
    if (name.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = name.charAt(i);
      if (c >= 0x80 || bytes[offset + i] != (byte) c) {
        return false;
      }
    }
    return true;
  }

  /**
   * The stored type must be the one read, or a class assignable to the class read. An entry stored with
   * a generic type is read by that type, or by a class its raw class is assignable to.
   */
  private static void checkType(String stored, ValueType type) throws TypeMismatchException {
    if (stored.equals(type.name)) {
      return;
    }
    int arguments = stored.indexOf('<');
    if (arguments >= 0 && type.isGeneric()) {
      throw new TypeMismatchException("holds a " + stored + ", not a " + type.name);
    }
    checkType(arguments >= 0 ? stored.substring(0, arguments) : stored, type.raw);
  }

  /**
   * A stored type that is loadable here and not assignable to {@code type} is a mismatch. One that cannot
   * be loaded (renamed or removed since it was written) is decoded into {@code type} as before: it either
   * decodes or is removed as undecodable.
   */
  private static void checkType(String stored, Class<?> type) throws TypeMismatchException {
    if (stored.equals(type.getName())) {
      return;
    }
    ConcurrentHashMap<String, Boolean> known = ASSIGNABLE.get(type);
    Boolean assignable = known.get(stored);
    if (assignable == null) {
      try {
        ClassLoader loader = type.getClassLoader() != null ? type.getClassLoader()
            : Envelope.class.getClassLoader();
        assignable = type.isAssignableFrom(Class.forName(stored, false, loader));
      } catch (ClassNotFoundException | LinkageError e) {
        return;
      }
      if (known.size() < 256) { // bounded: type names come from stored bytes
        known.put(stored, assignable);
      }
    }
    if (!assignable) {
      throw new TypeMismatchException("holds a " + stored + ", not a " + type.getName());
    }
  }

  private static byte[] deflate(byte[] input, int length) {
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    try {
      deflater.setInput(input, 0, length);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(length / 2 + 64);
      byte[] buf = new byte[8192];
      while (!deflater.finished()) {
        out.write(buf, 0, deflater.deflate(buf));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  private static byte[] inflate(byte[] input, int offset, int length) throws DataFormatException {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(input, offset, length);
      ByteArrayOutputStream out = new ByteArrayOutputStream(length * 3);
      byte[] buf = new byte[8192];
      while (!inflater.finished()) {
        int n = inflater.inflate(buf);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new DataFormatException("truncated deflate stream");
        }
        out.write(buf, 0, n);
        if (out.size() > MAX_INFLATED) {
          throw new DataFormatException("inflates past " + MAX_INFLATED + " bytes");
        }
      }
      return out.toByteArray();
    } finally {
      inflater.end();
    }
  }

  /** A stored value that cannot be decoded: a miss, removed and counted. Carries no stack trace. */
  static class UndecodableException extends Exception {
    private static final long serialVersionUID = 1L;

    UndecodableException(String message) {
      super(message, null, false, false);
    }

    UndecodableException(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }

  /** A stored value of another type than the one asked for: a counted miss; the entry is kept. */
  static final class TypeMismatchException extends UndecodableException {
    private static final long serialVersionUID = 1L;

    TypeMismatchException(String message) {
      super(message);
    }
  }
}
