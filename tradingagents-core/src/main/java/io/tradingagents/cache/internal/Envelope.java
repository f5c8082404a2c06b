package io.tradingagents.cache.internal;

import io.tradingagents.cache.CacheEntryTooLargeException;
import io.tradingagents.cache.CacheSerializationException;
import io.tradingagents.cache.spi.CacheCodec;
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
   * @return the size of the value's encoding before compression
   * @throws CacheSerializationException if the codec cannot encode the value
   */
  int payloadSize(Object value) {
    return payload(value).length;
  }

  private byte[] payload(Object value) {
    try {
      return codec.encode(value);
    } catch (Exception e) {
      throw new CacheSerializationException("Codec " + codec.name() + " cannot encode a "
          + value.getClass().getName() + "; make the type serializable by the codec or configure "
          + "another codec", e);
    }
  }

  /**
   * @throws CacheSerializationException if the codec cannot encode the value, or its encoding is larger
   *     than the maximum entry size
   */
  byte[] encode(Object value, long createdAt, long expiresAt) {
    return encode(value, createdAt, expiresAt, ValueType.ofValue(value));
  }

  /**
   * @param declared the type the value is stored as (recorded in the entry): its class, or the generic
   *     type it was loaded or put with
   * @throws CacheSerializationException if the codec cannot encode the value, or its encoding is larger
   *     than the maximum entry size
   */
  byte[] encode(Object value, long createdAt, long expiresAt, ValueType declared) {
    byte[] payload = payload(value);
    if (payload.length > maxEntryBytes) {
      throw new CacheEntryTooLargeException(value.getClass().getName(), payload.length, maxEntryBytes);
    }
    byte flags = 0;
    if (payload.length > compressionThreshold) {
      byte[] deflated = deflate(payload);
      if (deflated.length < payload.length) {
        payload = deflated;
        flags = FLAG_DEFLATED;
      }
    }
    byte[] typeName = declared.name.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(HEADER + 2 + typeName.length + payload.length)
        .put(MAGIC_0).put(MAGIC_1).put(VERSION).put(codec.id()).put(flags)
        .putLong(createdAt).putLong(expiresAt)
        .putShort((short) typeName.length).put(typeName).put(payload).array();
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

  private static byte[] deflate(byte[] input) {
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    try {
      deflater.setInput(input);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(input.length / 2 + 64);
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
