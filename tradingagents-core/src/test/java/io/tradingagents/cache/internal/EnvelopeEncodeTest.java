package io.tradingagents.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingagents.cache.CacheEntryTooLargeException;
import io.tradingagents.cache.spi.CacheCodec;
import io.tradingagents.cache.spi.TierEntry;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link Envelope#encode} writes the codec's output straight into the stored entry, through a buffer kept
 * per thread: entries are in the stored form, round-trip (compressed or not), and a codec that encodes
 * another value while writing (a nested encode on the same thread) cannot corrupt either.
 */
class EnvelopeEncodeTest {
  private static final ValueType STRING = ValueType.of(String.class);

  @Test
  void encode_isTheStoredForm_andDecodesBack_compressedOrNot() throws Exception {
    Envelope envelope = new Envelope(new JacksonCodec(), 1024, 1 << 20);
    String small = "quote";
    String large = "x".repeat(200_000); // past the buffer kept per thread, and deflated

    for (String value : List.of(small, large, small)) {
      TierEntry entry = envelope.encode(value, 10, 20, STRING);

      assertThat(entry.stored()).isSameAs(entry.buffer());
      assertThat(entry.offset()).isEqualTo(TierEntry.STORED_HEADER);
      assertThat(entry.createdAtMillis()).isEqualTo(10);
      assertThat(entry.expiresAtMillis()).isEqualTo(20);
      assertThat(envelope.decode(entry.buffer(), entry.offset(), entry.length(), STRING)).isEqualTo(value);
    }
    assertThat(envelope.encode(large, 10, 20, STRING).length()).as("deflated").isLessThan(5_000);
  }

  @Test
  void encode_payloadOverTheMaximum_isRefused_andTheNextEncodeOnTheThreadWorks() throws Exception {
    Envelope envelope = new Envelope(new JacksonCodec(), 1 << 20, 100);

    assertThatThrownBy(() -> envelope.encode("y".repeat(101), 10, 20, STRING))
        .isInstanceOf(CacheEntryTooLargeException.class);

    TierEntry entry = envelope.encode("fits", 10, 20, STRING);
    assertThat(envelope.decode(entry.buffer(), entry.offset(), entry.length(), STRING)).isEqualTo("fits");
  }

  @Test
  void payloadSize_isTheCodecsLength() {
    Envelope envelope = new Envelope(new JacksonCodec(), 1 << 20, 1 << 20);

    assertThat(envelope.payloadSize("quote")).isEqualTo("\"quote\"".length());
  }

  @Test
  void nestedEncodeOnTheSameThread_bothEntriesWhole() throws Exception {
    AtomicReference<Envelope> self = new AtomicReference<>();
    AtomicReference<TierEntry> inner = new AtomicReference<>();
    CacheCodec codec = new CacheCodec() {
      @Override
      public String name() {
        return "nesting";
      }

      @Override
      public byte id() {
        return 64;
      }

      @Override
      public byte[] encode(Object value) {
        return value.toString().getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public void encode(Object value, OutputStream out) throws Exception {
        out.write("outer-".getBytes(StandardCharsets.UTF_8));
        if (value.equals("outer")) { // a codec that encodes something else half-way through
          inner.set(self.get().encode("inner", 1, 2, STRING));
        }
        out.write(value.toString().getBytes(StandardCharsets.UTF_8));
      }

      @Override
      public <V> V decode(byte[] bytes, int offset, int length, Class<V> type) {
        return type.cast(new String(bytes, offset, length, StandardCharsets.UTF_8));
      }
    };
    Envelope envelope = new Envelope(codec, 1 << 20, 1 << 20);
    self.set(envelope);

    TierEntry outer = envelope.encode("outer", 10, 20, STRING);

    assertThat(envelope.decode(outer.buffer(), outer.offset(), outer.length(), STRING))
        .isEqualTo("outer-outer");
    TierEntry nested = inner.get();
    assertThat(envelope.decode(nested.buffer(), nested.offset(), nested.length(), STRING))
        .isEqualTo("outer-inner");
  }
}
