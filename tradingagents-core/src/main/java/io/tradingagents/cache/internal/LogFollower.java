package io.tradingagents.cache.internal;

import io.tradingagents.cache.spi.Invalidation;
import io.tradingagents.cache.spi.InvalidationLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the {@link InvalidationLog} of every namespace this instance holds shared entries of, from the
 * position it has reached, so that nothing another instance wrote is missed, whatever happened to the
 * pub/sub messages. A namespace is followed from before its first shared read or write (a marker appended
 * to its log gives the starting position); {@link #catchUp()} reads every followed log from its position
 * and hands each entry of another instance to {@code apply} (markers, which drop nothing, are skipped). Where the log no longer holds the position
 * (trimmed past it, or lost with a restarted server), the namespace's in-process copies are dropped
 * instead, said at WARN once per run of catch-ups that find such gaps; so are those of a namespace that could not be followed (the log
 * was unreachable when it was first used), said at DEBUG; and so are those of every followed namespace
 * when the log's {@linkplain InvalidationLog#epoch() epoch} changes (a failover or restart that may have
 * lost acknowledged writes), said at WARN. Thread-safe: {@link #follow} runs on callers' threads, {@link #catchUp} on the maintenance
 * thread (a concurrent second catch-up returns at once).
 */
final class LogFollower {
  private static final Logger log = LoggerFactory.getLogger(LogFollower.class);
  /** Entries read per call. */
  static final int PAGE = 1_000;

  private final GuardedTier tier;
  private final String origin;
  private final Consumer<Invalidation> apply;
  private final Consumer<String> dropNamespace;
  private final Invalidation marker;
  private final Map<String, String> positions = new ConcurrentHashMap<>();
  /** Namespaces read or written while their log could not be reached: their position is unknown. */
  private final Set<String> unfollowed = ConcurrentHashMap.newKeySet();
  private final ReentrantLock catchingUp = new ReentrantLock();
  /** Whether the last catch-up found a gap: a run of them is said once at WARN (guarded by the lock). */
  private boolean inGap;
  /** The log's epoch at the last catch-up, or null before the first (guarded by the lock). */
  private @org.jspecify.annotations.Nullable String epoch;
  /** Namespaces whose copies were dropped because the log had lost this instance's position. */
  final AtomicLong gaps = new AtomicLong();

  /**
   * @param tier the tier with the log
   * @param origin this instance's id; its own entries are skipped
   * @param apply acts on another instance's entry
   * @param dropNamespace drops every in-process copy of a namespace
   */
  LogFollower(GuardedTier tier, String origin, Consumer<Invalidation> apply, Consumer<String> dropNamespace) {
    this.tier = tier;
    this.origin = origin;
    this.apply = apply;
    this.dropNamespace = dropNamespace;
    this.marker = new Invalidation(origin, List.of(), List.of(), false);
  }

  /**
   * Makes sure {@code namespace} is followed before a shared entry of it is read or written: the first
   * time, appends a marker whose position is where reading starts. If the log cannot be reached, the
   * namespace is noted and its copies are dropped at the next catch-up.
   */
  void follow(String namespace) {
    if (positions.containsKey(namespace) || unfollowed.contains(namespace)) {
      return;
    }
    String position = tier.appendToLog(namespace, marker);
    if (position == null) {
      unfollowed.add(namespace);
    } else {
      positions.putIfAbsent(namespace, position);
    }
  }

  /** @return whether some namespace is followed, or waits to be */
  boolean isFollowing() {
    return !positions.isEmpty() || !unfollowed.isEmpty();
  }

  /**
   * Reads every followed namespace's log from its position and applies what other instances changed.
   *
   * @return whether every namespace is caught up (false if the log could not be reached, or another
   *     catch-up was running)
   */
  boolean catchUp() {
    if (!catchingUp.tryLock()) {
      return false;
    }
    try {
      if (!sameHistory()) {
        return false;
      }
      List<String> lost = new ArrayList<>();
      for (String namespace : Set.copyOf(unfollowed)) {
        if (!restart(namespace)) {
          return false;
        }
        unfollowed.remove(namespace);
        log.debug("Now following the invalidation log of namespace {}; its copies, read while the log was "
            + "unreachable, were dropped", namespace);
      }
      for (String namespace : Set.copyOf(positions.keySet())) {
        Boolean caughtUp = read(namespace);
        if (caughtUp == null) {
          return false;
        }
        if (!caughtUp) {
          lost.add(namespace);
        }
      }
      if (!lost.isEmpty()) {
        gaps.addAndGet(lost.size());
        if (!inGap) {
          log.warn("The invalidation log of {} no longer reaches back to this instance's position for "
              + "namespaces {} (cut off for longer than the log holds, the server lost it, or more writes "
              + "per probe interval than it holds): their in-process copies were dropped", tier.tier, lost);
        } else {
          log.debug("The invalidation log of {} was trimmed past this instance's position again for {}",
              tier.tier, lost);
        }
      }
      inGap = !lost.isEmpty();
      return true;
    } finally {
      catchingUp.unlock();
    }
  }

  /**
   * Reads the log's epoch; if it changed since the last catch-up (a failover or restart may have lost
   * acknowledged writes and their entries), restarts every followed namespace, dropping its copies.
   *
   * @return false if the log could not be reached
   */
  private boolean sameHistory() {
    String now = tier.logEpoch();
    if (now == null) {
      return false;
    }
    if (epoch != null && !now.isEmpty() && !now.equals(epoch)) {
      List<String> namespaces = List.copyOf(positions.keySet());
      for (String namespace : namespaces) {
        if (!restart(namespace)) {
          return false;
        }
      }
      gaps.addAndGet(namespaces.size());
      log.warn("The history of {} changed (a failover or a restart): writes it acknowledged may be lost, so "
          + "the in-process copies of namespaces {} were dropped", tier.tier, namespaces);
    }
    if (!now.isEmpty()) {
      epoch = now;
    }
    return true;
  }

  /** @return true when caught up, false when the position was gone (copies dropped), null on failure */
  private Boolean read(String namespace) {
    String position = positions.get(namespace);
    while (position != null) {
      GuardedTier.LogRead read = tier.readLog(namespace, position, PAGE);
      if (read.failed()) {
        return null;
      }
      List<InvalidationLog.Entry> entries = read.entries();
      if (entries == null) {
        return restart(namespace) ? Boolean.FALSE : null;
      }
      for (InvalidationLog.Entry entry : entries) {
        if (!entry.invalidation().isMarker() && !origin.equals(entry.invalidation().origin())) {
          apply.accept(entry.invalidation());
        }
        position = entry.position();
      }
      positions.put(namespace, position);
      if (entries.size() < PAGE) {
        return Boolean.TRUE;
      }
    }
    return Boolean.TRUE;
  }

  /** Starts following a namespace afresh: a new marker first, then its copies dropped. */
  private boolean restart(String namespace) {
    String position = tier.appendToLog(namespace, marker);
    if (position == null) {
      return false;
    }
    positions.put(namespace, position);
    dropNamespace.accept(namespace);
    return true;
  }
}
