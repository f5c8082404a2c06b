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

  @Test
  void withStoredHeader_isItsOwnStoredForm_andReadsBackAsAViewOfTheSameArray() {
    byte[] buffer = new byte[TierEntry.STORED_HEADER + 5];
    System.arraycopy("quote".getBytes(UTF_8), 0, buffer, TierEntry.STORED_HEADER, 5);

    TierEntry entry = TierEntry.withStoredHeader(buffer, 1_700_000_000_123L, 1_700_000_600_456L);

    assertThat(entry.stored()).isSameAs(buffer);
    assertThat(buffer[0]).isEqualTo(TierEntry.STORED_FORMAT);
    assertThat(java.nio.ByteBuffer.wrap(buffer, 1, 16).getLong()).isEqualTo(1_700_000_000_123L);
    assertThat(java.nio.ByteBuffer.wrap(buffer, 9, 8).getLong()).isEqualTo(1_700_000_600_456L);
    assertThat(entry.value()).isEqualTo("quote".getBytes(UTF_8));
    TierEntry read = TierEntry.ofStored(buffer);
    assertThat(read).isEqualTo(entry);
    assertThat(read.buffer()).isSameAs(buffer);
    assertThat(read.stored()).isSameAs(buffer);
  }

  @Test
  void stored_ofAnyOtherEntry_isANewArrayInTheSameLayout() {
    TierEntry whole = new TierEntry("quote".getBytes(UTF_8), 10, 20);
    TierEntry view = new TierEntry(FRAMED, 3, 6, 10, 20);
    // A view at the header's offset whose bytes before it are not that header: copied, never trusted.
    TierEntry lookalike = new TierEntry(new byte[TierEntry.STORED_HEADER + 2], TierEntry.STORED_HEADER, 2, 10, 20);

    for (TierEntry entry : new TierEntry[] {whole, view, lookalike}) {
      byte[] stored = entry.stored();
      assertThat(stored).isNotSameAs(entry.buffer()).hasSize(TierEntry.STORED_HEADER + entry.length());
      assertThat(TierEntry.ofStored(stored)).isEqualTo(entry);
    }
  }

  @Test
  void ofStored_bytesNotInTheStoredForm_isNull() {
    byte[] valid = new TierEntry("v".getBytes(UTF_8), 10, 20).stored();
    byte[] otherFormat = valid.clone();
    otherFormat[0] = 2;
    byte[] expiresBeforeCreated = new TierEntry("v".getBytes(UTF_8), 10, 20).stored();
    expiresBeforeCreated[16] = 0; // expires-at 20 -> 0

    assertThat(TierEntry.ofStored(new byte[TierEntry.STORED_HEADER - 1])).isNull();
    assertThat(TierEntry.ofStored(otherFormat)).isNull();
    assertThat(TierEntry.ofStored(expiresBeforeCreated)).isNull();
    assertThat(TierEntry.ofStored(valid)).isNotNull();
  }
}
