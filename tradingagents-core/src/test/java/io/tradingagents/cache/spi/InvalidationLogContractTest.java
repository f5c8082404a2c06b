package io.tradingagents.cache.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link InvalidationLog} must have, which the engine's log follower relies on. Each
 * log's tests extend this class once and implement {@link #createLog()} and {@link #loseHistory}; the same
 * assertions then run against every log.
 */
public abstract class InvalidationLogContractTest {
  private static final String NAMESPACE = "contract";
  /** The log under test, fresh for every test. */
  protected InvalidationLog log;

  /**
   * @return a log with nothing appended to {@value #NAMESPACE} yet
   * @throws Exception if it cannot be created
   */
  protected abstract InvalidationLog createLog() throws Exception;

  /**
   * Loses what the log holds of a namespace, as trimming past every reader or a server restarted without
   * its data does.
   *
   * @param namespace the namespace
   * @throws Exception if it cannot be done
   */
  protected abstract void loseHistory(String namespace) throws Exception;

  @BeforeEach
  void openLog() throws Exception {
    log = createLog();
  }

  private static Invalidation marker(String origin) {
    return new Invalidation(origin, List.of(), List.of(), false);
  }

  private static Invalidation change(String origin, String... keys) {
    return new Invalidation(origin, List.of(keys), List.of(), false);
  }

  /** @return every change after {@code position}, read in pages of {@code page} */
  private List<Invalidation> changesAfter(String position, int page) {
    List<Invalidation> changes = new ArrayList<>();
    String at = position;
    List<InvalidationLog.Entry> read;
    do {
      read = log.readAfter(NAMESPACE, at, page);
      assertThat(read).as("the position %s is held", at).isNotNull();
      assertThat(read).hasSizeLessThanOrEqualTo(page);
      for (InvalidationLog.Entry entry : read) {
        if (!entry.invalidation().isMarker()) {
          changes.add(entry.invalidation());
        }
        at = entry.position();
      }
    } while (read.size() == page);
    return changes;
  }

  @Test
  void aMarkersPosition_isFollowedByEveryChangeAppendedAfterIt_andNothingBefore() {
    log.appendChange(NAMESPACE, change("other", "ta:contract:before"));
    String start = log.append(NAMESPACE, marker("me"));
    log.appendChange(NAMESPACE, change("other", "ta:contract:a"));
    log.append(NAMESPACE, change("other", "ta:contract:b"));
    log.append(NAMESPACE, marker("third")); // another reader starts following
    log.appendChange(NAMESPACE, new Invalidation("other", List.of(), List.of("ta:contract:"), false));

    assertThat(changesAfter(start, 100)).containsExactlyInAnyOrder(change("other", "ta:contract:a"),
        change("other", "ta:contract:b"), new Invalidation("other", List.of(), List.of("ta:contract:"), false));
  }

  @Test
  void readingInPages_returnsFewerThanMaxOnlyAtTheEnd_andEveryChangeOnce() {
    String start = log.append(NAMESPACE, marker("me"));
    List<Invalidation> appended = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      Invalidation change = change("other", "ta:contract:k" + i);
      log.appendChange(NAMESPACE, change);
      appended.add(change);
    }

    assertThat(changesAfter(start, 7)).containsExactlyInAnyOrderElementsOf(appended);
    assertThat(changesAfter(start, 1)).containsExactlyInAnyOrderElementsOf(appended);
  }

  @Test
  void theLastPositionRead_hasNothingAfterIt_untilTheNextAppend() {
    String start = log.append(NAMESPACE, marker("me"));
    log.appendChange(NAMESPACE, change("other", "ta:contract:a"));
    log.append(NAMESPACE, marker("third")); // another reader starts following
    List<InvalidationLog.Entry> read = log.readAfter(NAMESPACE, start, 100);
    assertThat(read).isNotEmpty();
    String end = read.get(read.size() - 1).position();

    assertThat(log.readAfter(NAMESPACE, end, 10)).isEmpty();
    log.appendChange(NAMESPACE, change("other", "ta:contract:b"));
    assertThat(changesAfter(end, 10)).containsExactly(change("other", "ta:contract:b"));
  }

  @Test
  void aPositionTheLogNoLongerHolds_readsAsNull() throws Exception {
    String start = log.append(NAMESPACE, marker("me"));
    log.appendChange(NAMESPACE, change("other", "ta:contract:a"));

    loseHistory(NAMESPACE);
    log.appendChange(NAMESPACE, change("other", "ta:contract:b"));

    assertThat(log.readAfter(NAMESPACE, start, 10)).isNull();
  }
}
