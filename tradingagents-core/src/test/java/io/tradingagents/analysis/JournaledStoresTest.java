package io.tradingagents.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The primary store fails for part of a run (fault injection); nothing may be lost or duplicated. */
class JournaledStoresTest {
  private static final Instant T0 = Instant.parse("2024-06-03T01:30:00Z");

  /** A usage store that throws while {@code down}, as a client does when its server is gone. */
  private static final class FlakyUsageStore implements UsageStore {
    final InMemoryUsageStore delegate = new InMemoryUsageStore();
    volatile boolean down;
    /** Ids the primary refuses while it answers (a value it cannot hold). */
    final Set<String> refuses = new HashSet<>();

    private void check() {
      if (down) {
        throw new IllegalStateException("primary unreachable (simulated)");
      }
    }

    @Override
    public void append(UsageRecord record) {
      check();
      if (refuses.contains(record.id())) {
        throw new IllegalArgumentException("record " + record.id() + " cannot be stored (simulated)");
      }
      delegate.append(record);
    }

    @Override
    public List<UsageRecord> query(@Nullable Instant from, @Nullable Instant to) {
      check();
      return delegate.query(from, to);
    }

    @Override
    public long count() {
      check();
      return delegate.count();
    }

    @Override
    public long deleteOlderThan(Instant cutoff) {
      check();
      return delegate.deleteOlderThan(cutoff);
    }

    @Override
    public void close() {
      // nothing held
    }
  }

  private static UsageRecord usage(int i) {
    return new UsageRecord("u-" + i, T0.plusSeconds(i), "openai", "gpt-4o-mini", 100, 50,
        new Money(new BigDecimal("0.001"), Money.currency("USD")), null, "technical", "news_analyst");
  }

  @Test
  void primaryDownForPartOfTenThousandRecords_holdsExactlyTenThousandAfterRecovery() {
    FlakyUsageStore primary = new FlakyUsageStore();
    InMemoryUsageStore journal = new InMemoryUsageStore();
    try (JournaledUsageStore store = new JournaledUsageStore(primary, journal, Duration.ofMinutes(10))) {
      for (int i = 0; i < 10_000; i++) {
        primary.down = i >= 3_000 && i < 7_000;
        store.append(usage(i));
      }
      // from the first failure on, records go to the journal until it is replayed
      assertThat(journal.count()).isEqualTo(7_000);
      assertThat(primary.delegate.count()).isEqualTo(3_000);
      primary.down = true;
      assertThat(store.query(null, null)).hasSize(7_000); // the journal answers while the primary is down
      assertThatThrownBy(store::replay).isInstanceOf(IllegalStateException.class);
      assertThat(journal.count()).isEqualTo(7_000); // a failed replay keeps everything

      primary.down = false;
      assertThat(store.replay()).isEqualTo(7_000);
      store.replay(); // a second replay is a no-op

      assertThat(primary.delegate.count()).isEqualTo(10_000);
      Set<String> ids = new HashSet<>();
      primary.delegate.query(null, null).forEach(r -> ids.add(r.id()));
      assertThat(ids).hasSize(10_000);
      assertThat(journal.count()).isZero();
      assertThat(store.count()).isEqualTo(10_000);
    }
  }

  @Test
  void aRecordThePrimaryRefuses_staysInTheJournal_andDoesNotHoldUpTheOthers() {
    FlakyUsageStore primary = new FlakyUsageStore();
    InMemoryUsageStore journal = new InMemoryUsageStore();
    try (JournaledUsageStore store = new JournaledUsageStore(primary, journal, Duration.ofMinutes(10))) {
      primary.down = true;
      for (int i = 0; i < 10; i++) {
        store.append(usage(i));
      }
      primary.down = false;
      primary.refuses.add("u-3");

      assertThat(store.replay()).isEqualTo(9);
      store.append(usage(10)); // the refused record no longer sends writes to the journal

      assertThat(primary.delegate.count()).isEqualTo(10);
      assertThat(journal.query(null, null)).extracting(UsageRecord::id).containsExactly("u-3");
    }
  }

  @Test
  void analysisSavedDuringAnOutage_isFoundAtOnce_andReachesThePrimaryOnRecovery() {
    InMemoryAnalysisStore inner = new InMemoryAnalysisStore();
    boolean[] down = {false};
    AnalysisStore primary = new AnalysisStore() {
      private AnalysisStore live() {
        if (down[0]) {
          throw new IllegalStateException("primary unreachable (simulated)");
        }
        return inner;
      }

      @Override
      public void save(AnalysisRecord record) {
        live().save(record);
      }

      @Override
      public @Nullable AnalysisRecord findById(String id) {
        return live().findById(id);
      }

      @Override
      public @Nullable AnalysisRecord latest(String symbol, String analysisType) {
        return live().latest(symbol, analysisType);
      }

      @Override
      public List<AnalysisRecord> query(AnalysisQuery query) {
        return live().query(query);
      }

      @Override
      public long deleteOlderThan(Instant cutoff) {
        return live().deleteOlderThan(cutoff);
      }

      @Override
      public void close() {
        // nothing held
      }
    };
    InMemoryAnalysisStore journal = new InMemoryAnalysisStore();
    try (JournaledAnalysisStore store = new JournaledAnalysisStore(primary, journal, Duration.ofMinutes(10))) {
      AnalysisRecord before = AnalysisRecord.builder("600519", "fundamental", T0).decision("HOLD").build();
      store.save(before);
      down[0] = true;
      AnalysisRecord during = AnalysisRecord.builder("600519", "fundamental", T0.plusSeconds(60))
          .decision("BUY").confidence(0.7).build();
      store.save(during);

      assertThat(store.findById(during.id())).isEqualTo(during);
      assertThat(store.latest("600519", "fundamental")).isEqualTo(during); // answered while it is down
      assertThat(store.query(AnalysisQuery.forSymbol("600519", 10))).containsExactly(during);
      down[0] = false;
      assertThat(store.latest("600519", "fundamental")).isEqualTo(during);
      assertThat(store.replay()).isEqualTo(1);

      assertThat(inner.findById(during.id())).isEqualTo(during);
      assertThat(store.query(AnalysisQuery.forSymbol("600519", 10))).containsExactly(during, before);
    }
  }
}
