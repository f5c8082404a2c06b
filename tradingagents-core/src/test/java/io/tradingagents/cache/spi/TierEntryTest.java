package io.tradingagents.cache.spi;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** An entry that is a view of part of a larger buffer behaves as one holding a copy of that part. */
class TierEntryTest {
  private static final byte[] FRAMED = "HEADERvalue!TRAILER".getBytes(UTF_8);

  @Test
  void view_equalsAndHashesLikeAWholeArrayEntry_andCopiesOnlyWhenAskedForValue() {
    TierEntry view = new TierEntry(FRAMED, 6, 6, 10, 20);
    TierEntry whole = new TierEntry("value!".getBytes(UTF_8), 10, 20);

    assertThat(view).isEqualTo(whole).hasSameHashCodeAs(whole);
    assertThat(view.buffer()).isSameAs(FRAMED);
    assertThat(view.offset()).isEqualTo(6);
    assertThat(view.length()).isEqualTo(6);
    assertThat(new String(view.value(), UTF_8)).isEqualTo("value!");
    assertThat(whole.value()).isSameAs(whole.buffer()); // a whole-array entry hands out its array
    assertThat(view).isNotEqualTo(new TierEntry(FRAMED, 0, 6, 10, 20));
    assertThat(view.toString()).isEqualTo("TierEntry{6 bytes, createdAt=10, expiresAt=20}");
  }

  @Test
  void rangeOutsideTheBuffer_orExpiryBeforeCreation_isRefused() {
    assertThatThrownBy(() -> new TierEntry(FRAMED, 15, 5, 10, 20)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> new TierEntry(FRAMED, -1, 2, 10, 20)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> new TierEntry(FRAMED, 0, 2, 20, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expiresAtMillis 10 is before");
  }
}
