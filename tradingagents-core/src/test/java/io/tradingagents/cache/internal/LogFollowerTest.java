package io.tradingagents.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingagents.cache.spi.Invalidation;
import io.tradingagents.cache.spi.InvalidationLog;
import io.tradingagents.cache.spi.TierKind;
import io.tradingagents.cache.testing.MemoryBackedTier;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The log follower against an in-memory log that can be trimmed and made unreachable. */
class LogFollowerTest {
  private final InMemoryLog log = new InMemoryLog();
  private final GuardedTier tier = new GuardedTier(new TierWithLog(log), Duration.ofSeconds(1), Clock.systemUTC());
  private final List<Invalidation> applied = new CopyOnWriteArrayList<>();
  private final List<String> dropped = new CopyOnWriteArrayList<>();
  private final LogFollower follower = new LogFollower(tier, "me", applied::add, dropped::add);

  private static Invalidation keys(String origin, String... keys) {
    return new Invalidation(origin, List.of(keys), List.of(), false);
  }

  @Test
  void catchUp_appliesOtherInstancesEntriesAfterThePosition_andSkipsItsOwn() {
    log.append("news", keys("other", "ta:news:before"));
    follower.follow("news");
    log.append("news", keys("other", "ta:news:a"));
    log.append("news", keys("me", "ta:news:mine"));
    log.append("news", keys("other", "ta:news:b"));

    assertThat(follower.catchUp()).isTrue();
    assertThat(follower.catchUp()).isTrue(); // nothing new: nothing applied twice

    assertThat(applied).extracting(i -> i.keys().get(0)).containsExactly("ta:news:a", "ta:news:b");
    assertThat(dropped).isEmpty();
  }

  @Test
  void catchUp_skipsOtherInstancesMarkers_whichDropNothing() {
    follower.follow("news");
    log.append("news", new Invalidation("other", List.of(), List.of(), false)); // another instance follows
    log.append("news", keys("other", "ta:news:a"));

    assertThat(follower.catchUp()).isTrue();

    assertThat(applied).extracting(Invalidation::keys).containsExactly(List.of("ta:news:a"));
  }

  @Test
  void catchUp_readsPastOnePage() {
    follower.follow("news");
    for (int i = 0; i < LogFollower.PAGE * 2 + 5; i++) {
      log.append("news", keys("other", "ta:news:k" + i));
    }

    assertThat(follower.catchUp()).isTrue();

    assertThat(applied).hasSize(LogFollower.PAGE * 2 + 5);
  }

  @Test
  void catchUp_positionTrimmedAway_dropsTheNamespaceOnce_andFollowsOnFromANewMarker() {
    follower.follow("news");
    follower.follow("quotes");
    log.append("news", keys("other", "ta:news:lost"));
    log.trimAll("news");

    assertThat(follower.catchUp()).isTrue();
    log.append("news", keys("other", "ta:news:after"));
    assertThat(follower.catchUp()).isTrue();

    assertThat(dropped).containsExactly("news");
    assertThat(applied).extracting(i -> i.keys().get(0)).containsExactly("ta:news:after");
    assertThat(follower.gaps).hasValue(1);
  }

  @Test
  void catchUp_afterTheLogsHistoryChanged_dropsEveryFollowedNamespaceOnce() {
    follower.follow("news");
    follower.follow("quotes");
    assertThat(follower.catchUp()).isTrue();
    log.append("news", keys("other", "ta:news:acknowledged-then-lost"));
    log.epoch = "history-2"; // a failover: the entry above may be gone, and nobody can tell

    assertThat(follower.catchUp()).isTrue();
    assertThat(follower.catchUp()).isTrue();

    assertThat(dropped).containsExactlyInAnyOrder("news", "quotes");
  }

  @Test
  void follow_whileTheLogIsUnreachable_dropsTheNamespaceAtTheNextCatchUp() {
    log.down = true;
    follower.follow("news");
    log.down = false;

    assertThat(follower.catchUp()).isTrue();
    log.append("news", keys("other", "ta:news:after"));
    assertThat(follower.catchUp()).isTrue();

    assertThat(dropped).containsExactly("news");
    assertThat(applied).hasSize(1);
  }

  @Test
  void catchUp_logUnreachable_reportsNotCaughtUp_andLosesNothing() {
    follower.follow("news");
    log.append("news", keys("other", "ta:news:a"));
    log.down = true;

    assertThat(follower.catchUp()).isFalse();
    log.down = false;
    tier.probe(); // the failures may have opened the breaker: the probe closes it, as in the engine
    assertThat(follower.catchUp()).isTrue();

    assertThat(applied).hasSize(1);
    assertThat(dropped).isEmpty();
  }

  /** A log per namespace in memory; {@link #down} makes every call fail. */
  static final class InMemoryLog implements InvalidationLog {
    private final Map<String, List<Entry>> streams = new ConcurrentHashMap<>();
    private long next;
    volatile boolean down;
    volatile String epoch = "history-1";

    @Override
    public String epoch() {
      check();
      return epoch;
    }

    private void check() {
      if (down) {
        throw new IllegalStateException("log unreachable (simulated)");
      }
    }

    @Override
    public synchronized String append(String namespace, Invalidation invalidation) {
      check();
      String position = String.valueOf(++next);
      streams.computeIfAbsent(namespace, n -> new ArrayList<>()).add(new Entry(position, invalidation));
      return position;
    }

    @Override
    public synchronized @Nullable List<Entry> readAfter(String namespace, String position, int max) {
      check();
      List<Entry> stream = streams.getOrDefault(namespace, List.of());
      for (int i = 0; i < stream.size(); i++) {
        if (stream.get(i).position().equals(position)) {
          return List.copyOf(stream.subList(i + 1, Math.min(stream.size(), i + 1 + max)));
        }
      }
      return null;
    }

    /** @return every entry of {@code namespace}'s log, oldest first */
    synchronized List<Entry> entries(String namespace) {
      return List.copyOf(streams.getOrDefault(namespace, List.of()));
    }

    synchronized void trimAll(String namespace) {
      streams.remove(namespace);
    }
  }

  /** A tier that offers the log. */
  private static final class TierWithLog extends MemoryBackedTier {
    private final InvalidationLog log;

    TierWithLog(InvalidationLog log) {
      super("redis", TierKind.REDIS);
      this.log = log;
    }

    @Override
    public Optional<InvalidationLog> invalidationLog() {
      return Optional.of(log);
    }
  }
}
