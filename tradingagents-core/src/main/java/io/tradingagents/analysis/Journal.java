package io.tradingagents.analysis;

import io.tradingagents.monitoring.ErrorCategory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bookkeeping shared by the journaled stores: whether the local journal holds records the primary
 * store has not seen, one lock so that a replay and a journal write never interleave, and a daemon thread
 * that tries the replay every interval.
 */
final class Journal implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Journal.class);

  private final String name;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicBoolean outage = new AtomicBoolean();
  private final AtomicBoolean replayFailing = new AtomicBoolean();
  private final java.util.Set<String> rejected = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService replayer;
  private volatile boolean pending;

  Journal(String name, boolean pending, Duration interval, Runnable replay) {
    requirePositive(interval);
    this.name = name;
    this.pending = pending;
    this.replayer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "tradingagents-" + name + "-replay");
      thread.setDaemon(true);
      return thread;
    });
    long millis = Math.max(1, interval.toMillis());
    replayer.scheduleWithFixedDelay(() -> {
      try {
        replay.run();
        replayFailing.set(false);
      } catch (RuntimeException e) {
        if (replayFailing.compareAndSet(false, true)) {
          log.atWarn().setMessage("Replay of the {} journal failed ({}); the journal keeps its records and the "
              + "replay is tried again every {}").addArgument(name).addArgument(e.toString()).addArgument(interval)
              .addKeyValue("event", "journal_replay_failed").addKeyValue("store", name)
              .addKeyValue("error_category", ErrorCategory.of(e)).log();
        } else {
          log.debug("Replay of the {} journal failed again", name, e);
        }
      }
    }, millis, millis, TimeUnit.MILLISECONDS);
  }

  boolean pending() {
    return pending;
  }

  /**
   * Reads both stores and merges them by id: the journal first (it holds the later version, and a replay
   * between the two reads moves records into the primary, never out of both), then the primary. While the
   * primary fails, the journal alone answers.
   *
   * @return the merged records in {@code order}
   * @throws RuntimeException the primary's failure, if the journal has nothing to answer with either
   */
  <R> List<R> read(Supplier<List<R>> fromJournal, Supplier<List<R>> fromPrimary, Function<R, String> id,
      Comparator<? super R> order) {
    Map<String, R> byId = new LinkedHashMap<>();
    boolean journalRead = pending;
    if (journalRead) {
      fromJournal.get().forEach(r -> byId.put(id.apply(r), r));
    }
    try {
      fromPrimary.get().forEach(r -> byId.putIfAbsent(id.apply(r), r));
    } catch (RuntimeException e) {
      if (!journalRead) {
        fromJournal.get().forEach(r -> byId.putIfAbsent(id.apply(r), r));
      }
      if (byId.isEmpty()) {
        throw e;
      }
    }
    List<R> merged = new ArrayList<>(byId.values());
    merged.sort(order);
    return merged;
  }

  /**
   * Replays one record. If the primary refuses it while it answers otherwise ({@code primaryAnswers}), the
   * record can never be stored there (a value it cannot hold, a validation rule): it is left in the
   * journal, reported once at ERROR, and does not block the others.
   *
   * @return whether the record reached the primary
   * @throws RuntimeException if the primary is down: the replay stops, nothing is lost
   */
  boolean replayOne(String id, Runnable primaryWrite, java.util.function.BooleanSupplier primaryAnswers) {
    try {
      primaryWrite.run();
      return true;
    } catch (RuntimeException e) {
      if (!primaryAnswers.getAsBoolean()) {
        throw e;
      }
      if (rejected.add(id)) {
        log.atError().setMessage("The primary {} store refuses record {} ({}); it stays in the local journal, "
            + "which is not emptied while it holds it: store it by hand or remove it from the journal")
            .addArgument(name).addArgument(id).addArgument(e.toString())
            .addKeyValue("event", "journal_record_refused").addKeyValue("store", name)
            .addKeyValue("error_category", ErrorCategory.of(e)).log();
      }
      return false;
    }
  }

  /**
   * Writes to the primary, or to the journal if the primary fails or the journal still holds records the
   * primary has not seen (then the primary is not even tried: no waiting on a dead server per record).
   */
  void write(Runnable primaryWrite, Runnable journalWrite) {
    if (!pending) {
      try {
        primaryWrite.run();
        return;
      } catch (RuntimeException e) {
        if (outage.compareAndSet(false, true)) {
          log.atWarn().setMessage("The primary {} store failed ({}); records go to the local journal and are "
              + "replayed when it recovers").addArgument(name).addArgument(e.toString())
              .addKeyValue("event", "journal_fallback").addKeyValue("store", name)
              .addKeyValue("error_category", ErrorCategory.of(e)).log();
        }
      }
    }
    lock.lock();
    try {
      journalWrite.run();
      pending = true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs {@code replay} (copy every journal record to the primary, then empty the journal) under the lock.
   *
   * @return how many records were replayed, 0 if there was nothing to do
   * @throws RuntimeException if the primary is still down (the journal keeps everything)
   */
  int replay(Supplier<Integer> replay) {
    if (!pending) {
      return 0;
    }
    lock.lock();
    try {
      int replayed = replay.get();
      pending = false;
      outage.set(false);
      log.atInfo().setMessage("Replayed {} records of the {} journal into the primary store").addArgument(replayed)
          .addArgument(name).addKeyValue("event", "journal_replayed").addKeyValue("store", name)
          .addKeyValue("records", replayed).log();
      return replayed;
    } finally {
      lock.unlock();
    }
  }

  private static void requirePositive(Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("replayInterval must be positive but was " + interval);
    }
  }

  @Override
  public void close() {
    replayer.shutdownNow();
  }
}
