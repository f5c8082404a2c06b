package io.tradingagents.cache.spi;

/**
 * Turns values into bytes for the shared tiers and back. The default is Jackson JSON; a value is only
 * ever decoded into the type the caller names (no polymorphic typing, never Java serialization).
 * Implementations are thread-safe.
 */
public interface CacheCodec {

  /** @return a short name for status output, e.g. {@code jackson-json} */
  String name();

  /**
   * @return the id written into every entry's header, so a reader with another codec sees a miss rather
   *     than garbage (it counts a decode failure and removes the entry, as it does corrupt bytes: instances
   *     on different codecs remove each other's entries, so switch codecs on every instance at once or
   *     in another namespace); 1 to 63 are reserved for the library, custom codecs use 64 to 127
   */
  byte id();

  /**
   * @param value a non-null value
   * @return its encoding
   * @throws Exception if the value cannot be encoded
   */
  byte[] encode(Object value) throws Exception;

  /**
   * Writes the value's encoding to {@code out}, the same bytes {@link #encode(Object)} returns. The engine
   * encodes through this method straight into the entry it stores; a codec that can write to a stream
   * should override it to save a copy of every value. The default writes {@link #encode(Object)}.
   *
   * @param value a non-null value
   * @param out where to write; the codec need not close it
   * @throws Exception if the value cannot be encoded
   */
  default void encode(Object value, java.io.OutputStream out) throws Exception {
    out.write(encode(value));
  }

  /**
   * @param bytes the buffer
   * @param offset where the encoding starts
   * @param length its length
   * @param type the type to decode into
   * @param <V> the value type
   * @return the value, never null
   * @throws Exception if the bytes do not decode into {@code type}
   */
  <V> V decode(byte[] bytes, int offset, int length, Class<V> type) throws Exception;

  /**
   * Decodes into a generic type such as {@code List<Quote>} (see {@link io.tradingagents.cache.TypeRef}).
   * The default handles a plain class and refuses anything else; a codec that can build generic types
   * overrides it.
   *
   * @param bytes the buffer
   * @param offset where the encoding starts
   * @param length its length
   * @param type the type to decode into
   * @return the value, never null
   * @throws Exception if the bytes do not decode into {@code type}
   */
  default Object decode(byte[] bytes, int offset, int length, java.lang.reflect.Type type) throws Exception {
    if (type instanceof Class) {
      return decode(bytes, offset, length, (Class<?>) type);
    }
    throw new UnsupportedOperationException("Codec " + name() + " decodes classes only, not "
        + type.getTypeName() + "; use the default Jackson codec or override decode(.., Type)");
  }
}
