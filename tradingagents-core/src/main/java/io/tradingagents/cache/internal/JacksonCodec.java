package io.tradingagents.cache.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.tradingagents.cache.spi.CacheCodec;
import java.io.IOException;

/**
 * The default codec: Jackson JSON with java.time support, no default typing (a value decodes only into
 * the type the caller names), and unknown properties rejected so that a value written by a different
 * version of a class is a miss rather than a silently half-filled object. Its read limits are raised so
 * that anything the cache accepts for writing decodes: strings and property names as long as the largest
 * entry (the cache's maximum entry size bounds them), nesting as deep as Jackson writes (1,000 levels).
 */
public final class JacksonCodec implements CacheCodec {
  /** The id in entry headers. */
  public static final byte ID = 1;

  private final ObjectMapper mapper;

  /** A codec with the library's default mapper. */
  public JacksonCodec() {
    this(JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(Integer.MAX_VALUE)
                .maxNameLength(Integer.MAX_VALUE)
                .build())
            .build())
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .build());
  }

  /**
   * A codec with the caller's mapper; do not enable default typing on it.
   *
   * @param mapper the mapper
   */
  public JacksonCodec(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  @Override
  public String name() {
    return "jackson-json";
  }

  @Override
  public byte id() {
    return ID;
  }

  @Override
  public byte[] encode(Object value) throws IOException {
    return mapper.writeValueAsBytes(value);
  }

  /** Writes the JSON to {@code out} through Jackson's recycled buffers, without building an array. */
  @Override
  public void encode(Object value, java.io.OutputStream out) throws IOException {
    mapper.writeValue(out, value);
  }

  @Override
  public <V> V decode(byte[] bytes, int offset, int length, Class<V> type) throws IOException {
    V value = mapper.readValue(bytes, offset, length, type);
    if (value == null) {
      throw new IOException("stored JSON is null, not a " + type.getName());
    }
    return value;
  }

  @Override
  public Object decode(byte[] bytes, int offset, int length, java.lang.reflect.Type type) throws IOException {
    Object value = mapper.readValue(bytes, offset, length, mapper.getTypeFactory().constructType(type));
    if (value == null) {
      throw new IOException("stored JSON is null, not a " + type.getTypeName());
    }
    return value;
  }
}
