package io.tradingagents.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.spi.Invalidation;
import io.tradingagents.cache.testing.MutableClock;
import io.tradingagents.cache.testing.SharedMemoryTier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Messages that carry the versions of their writes (sent when they may arrive before the writes are
 * stored, as from a Redis Cluster): the receiver drops its copies as for any message and, for
 * {@link Invalidation#VERSION_HOLD}, keeps no older value it reads from the shared tier in memory.
 */
class VersionedInvalidationTest {
  private static final CacheKey KEY = CacheKey.of(DataKind.FUNDAMENTALS, "600519");

  private final MutableClock clock = new MutableClock();
  private final SharedMemoryTier server = new SharedMemoryTier(clock);
  private final SharedMemoryTier.Connection connA = server.connection();
  private final SharedMemoryTier.Connection connB = server.connection();
  private final SharedMemoryTier.Connection other = server.connection();
  private final AdaptiveCache a = instance(connA);
  private final AdaptiveCache b = instance(connB);

  private AdaptiveCache instance(SharedMemoryTier.Connection connection) {
    return AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock).tier(connection)
        .probeInterval(Duration.ofMinutes(1)).build();
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
  }

  /** @return reads of B answered from its memory */
  private long memoryHitsOfB() {
    return b.stats().tiers().get(0).hits();
  }

  /** A message from a writer whose write of {@code KEY} at {@code version} may not be stored yet. */
  private void announce(long version) {
    other.publish(new Invalidation("another-instance", List.of(KEY.asString()), List.of(), false,
        List.of(version)));
  }

  @Test
  void aMessageAheadOfItsWrite_dropsTheOlderCopy_andTheOldValueReadMeanwhileIsNotKept() {
    a.put(KEY, "old");
    assertThat(b.get(KEY, String.class)).isEqualTo("old"); // into B's memory
    clock.advance(Duration.ofSeconds(1));
    long version = clock.millis();

    announce(version); // the writer's node has not stored "new" yet

    long before = memoryHitsOfB();
    assertThat(b.get(KEY, String.class)).as("the shared tier still holds the old value").isEqualTo("old");
    assertThat(b.get(KEY, String.class)).isEqualTo("old");
    assertThat(memoryHitsOfB()).as("the old value read after the message was not kept").isEqualTo(before);

    connA.cut(); // the write lands without another message: B must find it on its next read
    a.put(KEY, "new");
    assertThat(b.get(KEY, String.class)).isEqualTo("new");
    assertThat(b.get(KEY, String.class)).isEqualTo("new");
    assertThat(memoryHitsOfB()).as("a value as new as announced is kept").isEqualTo(before + 1);
  }

  @Test
  void aCopyAsNewAsTheAnnouncedVersion_isDroppedToo_andReadBack() {
    a.put(KEY, "v1");
    long version = clock.millis();
    assertThat(b.get(KEY, String.class)).isEqualTo("v1");

    announce(version); // a late message for the very write B holds: B cannot tell it from a write of the same ms

    long before = memoryHitsOfB();
    assertThat(b.get(KEY, String.class)).isEqualTo("v1");
    assertThat(b.get(KEY, String.class)).isEqualTo("v1");
    assertThat(memoryHitsOfB()).as("dropped, read back, and kept: it is as new as announced").isEqualTo(before + 1);
  }


  @Test
  void theHoldEnds_afterVersionHold_evenIfTheAnnouncedWriteNeverLands() {
    a.put(KEY, "old");
    announce(clock.millis() + 1_000);
    assertThat(b.get(KEY, String.class)).isEqualTo("old");
    long before = memoryHitsOfB();
    b.get(KEY, String.class);
    assertThat(memoryHitsOfB()).isEqualTo(before);

    clock.advance(Invalidation.VERSION_HOLD);

    b.get(KEY, String.class); // read and kept: the writer replays and announces a lost write again
    assertThat(b.get(KEY, String.class)).isEqualTo("old");
    assertThat(memoryHitsOfB()).isEqualTo(before + 1);
  }

  @Test
  void anUnversionedMessage_dropsEvenANewerCopy() {
    a.put(KEY, "v1");
    assertThat(b.get(KEY, String.class)).isEqualTo("v1");

    other.publish(new Invalidation("another-instance", List.of(KEY.asString()), List.of(), false));

    long before = memoryHitsOfB();
    assertThat(b.get(KEY, String.class)).isEqualTo("v1");
    assertThat(memoryHitsOfB()).as("dropped, read from the shared tier").isEqualTo(before);
  }

  @Test
  void tooManyKeysHeldBack_keepsNoValueReadFromASharedTier_untilTheHoldEnds() {
    LocalTier local = new LocalTier(1 << 20, clock, io.tradingagents.cache.TtlPolicy.defaults());
    long version = clock.millis() + 1_000;
    for (int i = 0; i <= LocalTier.MAX_HOLDS; i++) {
      local.invalidateRemote(CacheKey.of(DataKind.NEWS, "S" + i), version, Invalidation.VERSION_HOLD);
    }
    assertThat(local.holds()).as("the table is emptied instead of growing").isZero();
    CacheKey unrelated = CacheKey.of(DataKind.STOCK_DATA, "AAPL");

    local.fill(unrelated, "newer", String.class, version + 1, version + 60_000, 10, local.epoch(unrelated));
    assertThat(local.getIfPresent(unrelated)).as("not kept: its announcement may have been forgotten").isNull();

    clock.advance(Invalidation.VERSION_HOLD);
    local.fill(unrelated, "newer", String.class, version + 1, version + 60_000, 10, local.epoch(unrelated));
    assertThat(local.getIfPresent(unrelated)).isNotNull();
  }

  @Test
  void expiredHolds_areForgottenByTheMaintenanceRound() {
    LocalTier local = new LocalTier(1 << 20, clock, io.tradingagents.cache.TtlPolicy.defaults());
    local.invalidateRemote(KEY, clock.millis(), Invalidation.VERSION_HOLD);
    local.cleanUp();
    assertThat(local.holds()).isEqualTo(1);

    clock.advance(Invalidation.VERSION_HOLD);
    local.cleanUp();

    assertThat(local.holds()).isZero();
  }

  @Test
  void versions_mustBeOnePerKey() {
    assertThatThrownBy(() -> new Invalidation("o", List.of("ta:a:k1", "ta:a:k2"), List.of(), false, List.of(1L)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 versions for 2 keys");
    Invalidation versioned = new Invalidation("o", List.of("ta:a:k1"), List.of(), false, List.of(5L));
    assertThat(versioned.withoutVersions().versions()).isEmpty();
    assertThat(versioned.withoutVersions().keys()).containsExactly("ta:a:k1");
  }
}
