package io.tradingagents.cache.internal;

import io.tradingagents.cache.CacheSerializationException;
import io.tradingagents.cache.spi.CacheCodec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
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
 * 21     ...  payload
 * </pre>
 *
 * Stores that give no integrity check of their own (files) add a checksum around this.
 */
final class Envelope {
  static final int HEADER = 21;
  private static final byte MAGIC_0 = 'T';
  private static final byte MAGIC_1 = 'A';
  private static final byte VERSION = 1;
  private static final byte FLAG_DEFLATED = 1;
  /** A deflated payload that claims to inflate past this is rejected rather than exhausting memory. */
  private static final int MAX_INFLATED = 256 << 20;

  private final CacheCodec codec;
  private final int compressionThreshold;

  Envelope(CacheCodec codec, int compressionThreshold) {
    this.codec = codec;
    this.compressionThreshold = compressionThreshold;
  }

  CacheCodec codec() {
    return codec;
  }

  byte[] encode(Object value, long createdAt, long expiresAt) {
    byte[] payload;
    try {
      payload = codec.encode(value);
    } catch (Exception e) {
      throw new CacheSerializationException("Codec " + codec.name() + " cannot encode a "
          + value.getClass().getName() + "; make the type serializable by the codec or configure "
          + "another codec", e);
    }
    byte flags = 0;
    if (payload.length > compressionThreshold) {
      byte[] deflated = deflate(payload);
      if (deflated.length < payload.length) {
        payload = deflated;
        flags = FLAG_DEFLATED;
      }
    }
    return ByteBuffer.allocate(HEADER + payload.length)
        .put(MAGIC_0).put(MAGIC_1).put(VERSION).put(codec.id()).put(flags)
        .putLong(createdAt).putLong(expiresAt).put(payload).array();
  }

  /**
   * @throws UndecodableException if the bytes are not an envelope of this codec or do not decode
   */
  <V> V decode(byte[] bytes, Class<V> type) throws UndecodableException {
    if (bytes.length < HEADER || bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1) {
      throw new UndecodableException("not a tradingagents-cache entry");
    }
    if (bytes[2] != VERSION) {
      throw new UndecodableException("unknown format version " + bytes[2]);
    }
    if (bytes[3] != codec.id()) {
      throw new UndecodableException("written by codec id " + bytes[3] + ", this cache uses "
          + codec.name() + " (id " + codec.id() + ")");
    }
    try {
      if ((bytes[4] & FLAG_DEFLATED) != 0) {
        byte[] inflated = inflate(bytes, HEADER, bytes.length - HEADER);
        return codec.decode(inflated, 0, inflated.length, type);
      }
      return codec.decode(bytes, HEADER, bytes.length - HEADER, type);
    } catch (Exception e) {
      // The codec's message may quote the stored value: name the failure, keep the details for DEBUG.
      throw new UndecodableException("does not decode into " + type.getName() + " ("
          + e.getClass().getSimpleName() + ")", e);
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
  static final class UndecodableException extends Exception {
    private static final long serialVersionUID = 1L;

    UndecodableException(String message) {
      super(message, null, false, false);
    }

    UndecodableException(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }
}
