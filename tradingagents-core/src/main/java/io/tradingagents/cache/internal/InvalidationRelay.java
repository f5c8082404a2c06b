package io.tradingagents.cache.internal;

import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.spi.Invalidation;
import io.tradingagents.cache.spi.InvalidationBus;
import io.tradingagents.cache.spi.TierEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps in-process copies consistent across instances over a tier's {@link InvalidationBus} and, if the
 * tier has one, its {@link io.tradingagents.cache.spi.InvalidationLog}.
 *
 * <p>Outgoing: every put and invalidation is appended to the log of each namespace it touches, then
 * published on the bus (the low-latency wake-up); what cannot be sent is kept (up to {@value #MAX_PENDING}
 * keys, then the namespaces they belong to) and sent again after the next probe round.
 *
 * <p>Incoming: bus messages from other instances drop the named in-process entries at once. With a log,
 * correctness does not depend on the bus: after every probe round, and at once when a subscription comes
 * back, the log is read from this instance's position ({@link LogFollower}), so a lost subscription keeps
 * the in-process tier serving, and reconnecting drops exactly what changed meanwhile. How long copies are
 * served without the log is bounded by {@code maxServeWithoutLog} ({@code null}: for the whole outage;
 * zero: dropped as soon as the subscription is lost). Without a log, a lost or renewed subscription drops
 * every in-process copy, since messages sent meanwhile are lost.
 */
final class InvalidationRelay implements InvalidationBus.Listener {
  private static final Logger log = LoggerFactory.getLogger(InvalidationRelay.class);
  static final int MAX_PENDING = 10_000;

  private final String origin = UUID.randomUUID().toString();
  private final GuardedTier tier;
  private final LocalTier local;
  private final Set<String> pendingKeys = ConcurrentHashMap.newKeySet();
  private final Set<String> pendingPrefixes = ConcurrentHashMap.newKeySet();
  private volatile boolean hasPending;
  /** Also applies received invalidations to this instance's own lower tiers (local files). */
  private final Consumer<Invalidation> alsoLocally;
  private final @Nullable LogFollower follower;
  private final Runnable maintainNow;
  private final ScheduledExecutorService timer;
  private final @Nullable Duration maxServeWithoutLog;
  private final EngineMeters meters;
  private final AtomicBoolean firstSubscription = new AtomicBoolean(true);
  /** When the log was last read to its end, {@link System#nanoTime()}. */
  private volatile long caughtUpNanos = System.nanoTime();
  /** Whether the bus subscription is lost (from {@link #onDisconnected} to {@link #onResubscribed}). */
  private volatile boolean disconnected;
  /** Whether this outage's bounded-staleness drop was logged at WARN already. */
  private volatile boolean dropLogged;

  /**
   * @param tier the tier with the bus (and maybe the log)
   * @param local the in-process tier
   * @param alsoLocally applies received invalidations to this instance's files
   * @param maintainNow runs a probe round (repair, flush, catch-up) on the maintenance thread now
   * @param timer runs the bounded-staleness drop
   * @param maxServeWithoutLog how long to serve in-process copies without the log; null: unbounded
   * @param meters counts invalidations sent and received and bus reconnects
   */
  InvalidationRelay(GuardedTier tier, LocalTier local, Consumer<Invalidation> alsoLocally, Runnable maintainNow,
      ScheduledExecutorService timer, @Nullable Duration maxServeWithoutLog, EngineMeters meters) {
    this.tier = tier;
    this.local = local;
    this.alsoLocally = alsoLocally;
    this.maintainNow = maintainNow;
    this.timer = timer;
    this.maxServeWithoutLog = maxServeWithoutLog;
    this.meters = meters;
    this.follower = tier.invalidationLog == null ? null
        : new LogFollower(tier, origin, this::apply, local::invalidateNamespaceRemote);
  }

  /** @return whether the bus subscription is lost now: in-process copies may miss another instance's write */
  boolean disconnected() {
    return disconnected;
  }

  void start() {
    InvalidationBus bus = tier.bus;
    if (bus != null) {
      bus.subscribe(this);
    }
  }

  /** @return the follower of the log, if the tier has one (for tests) */
  @Nullable LogFollower follower() {
    return follower;
  }

  /**
   * Called before a shared entry of {@code key} is read or written, so that its namespace's log is
   * followed from before this instance can hold a copy.
   */
  void follow(CacheKey key) {
    LogFollower current = follower;
    if (current != null) {
      current.follow(key.namespace());
    }
  }

  /**
   * @param keys keys written or removed
   * @param reachedBusTier whether the write reached the tier that carries the bus; if not, publishing
   *     now would send other instances to re-read the old value, so the message waits until the tier has
   *     been repaired (the next probe round sends it)
   */
  void publishKeys(List<String> keys, boolean reachedBusTier) {
    Invalidation message = new Invalidation(origin, keys, List.of(), false);
    if (reachedBusTier) {
      send(message);
    } else {
      keep(message);
    }
  }

  /**
   * @return the tier whose writes carry their own log appends ({@link #writeAndLog}), or {@code null} if
   *     the relay's tier has no log (then writes are followed by {@link #publishKeys})
   */
  @Nullable GuardedTier logTier() {
    return follower == null ? null : tier;
  }

  /**
   * Writes entries of {@code keys} to the {@link #logTier()} with the invalidation of those keys appended
   * to its log in the same call (one round trip on Redis), then publishes it on the bus if the log does
   * not, or keeps it to send after the next probe round if the write or an append failed.
   *
   * @param entries the entries of {@code keys} that are stored (encoded) in the shared tiers
   * @return the write's outcome
   */
  GuardedTier.LoggedWrite writeAndLog(List<String> keys, Map<String, TierEntry> entries) {
    Invalidation message = new Invalidation(origin, keys, List.of(), false);
    GuardedTier.LoggedWrite outcome = tier.putAllAndAppend(entries, logParts(message));
    publishIfAppended(message, outcome == GuardedTier.LoggedWrite.LOGGED);
    return outcome;
  }

  void publishNamespace(String prefix, boolean reachedBusTier) {
    Invalidation message = new Invalidation(origin, List.of(), List.of(prefix), false);
    if (reachedBusTier) {
      send(message);
    } else {
      keep(message);
    }
  }

  /**
   * Sends what earlier publishes could not or should not yet send, then catches up with the log; called
   * after every probe round, that is after the tiers were repaired.
   */
  void afterProbe() {
    if (hasPending) {
      hasPending = false;
      List<String> keys = drain(pendingKeys);
      List<String> prefixes = drain(pendingPrefixes);
      if (!keys.isEmpty() || !prefixes.isEmpty()) {
        send(new Invalidation(origin, keys, prefixes, false));
      }
    }
    LogFollower current = follower;
    if (current != null && current.catchUp()) {
      caughtUpNanos = System.nanoTime();
    }
  }

  private void send(Invalidation message) {
    publishIfAppended(message, appendToLogs(message));
  }

  /**
   * Publishes {@code message} on the bus if its log appends were made and the log does not publish them
   * itself; keeps it to send again after the next probe round if the appends were not made or the publish
   * failed.
   */
  private void publishIfAppended(Invalidation message, boolean appended) {
    boolean published = tier.invalidationLog != null && tier.invalidationLog.appendAlsoPublishes();
    if (!appended || (!published && !tier.publish(message))) {
      keep(message);
    } else {
      meters.invalidationsSent.increment();
    }
  }

  /** @return whether every namespace's log took its part (true if there is no log) */
  private boolean appendToLogs(Invalidation message) {
    if (follower == null) {
      return true;
    }
    for (Map.Entry<String, Invalidation> part : logParts(message).entrySet()) {
      if (!tier.appendChangeToLog(part.getKey(), part.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** @return the part of {@code message} for each namespace it touches, by namespace */
  private Map<String, Invalidation> logParts(Invalidation message) {
    if (message.namespacePrefixes().isEmpty()) {
      String only = message.keys().isEmpty() ? null : namespaceOf(message.keys().get(0));
      if (only != null && message.keys().stream().allMatch(key -> sameNamespace(key, only))) {
        return Map.of(only, message); // the common case: one namespace, nothing to split
      }
    }
    Map<String, List<String>> keysByNamespace = new LinkedHashMap<>();
    Map<String, List<String>> prefixesByNamespace = new LinkedHashMap<>();
    for (String key : message.keys()) {
      String namespace = namespaceOf(key);
      if (namespace != null) {
        keysByNamespace.computeIfAbsent(namespace, n -> new ArrayList<>()).add(key);
      }
    }
    for (String prefix : message.namespacePrefixes()) {
      String namespace = namespaceOf(prefix);
      if (namespace != null) {
        prefixesByNamespace.computeIfAbsent(namespace, n -> new ArrayList<>()).add(prefix);
      }
    }
    Set<String> namespaces = new java.util.LinkedHashSet<>(keysByNamespace.keySet());
    namespaces.addAll(prefixesByNamespace.keySet());
    Map<String, Invalidation> parts = new LinkedHashMap<>();
    for (String namespace : namespaces) {
      parts.put(namespace, new Invalidation(origin, keysByNamespace.getOrDefault(namespace, List.of()),
          prefixesByNamespace.getOrDefault(namespace, List.of()), false));
    }
    return parts;
  }

  /** @return whether the canonical key {@code key} is in {@code namespace} */
  private static boolean sameNamespace(String key, String namespace) {
    int start = CacheKey.PREFIX.length();
    return key.startsWith(CacheKey.PREFIX) && key.startsWith(namespace, start)
        && key.length() > start + namespace.length() && key.charAt(start + namespace.length()) == ':';
  }

  private static List<String> drain(Set<String> pending) {
    List<String> into = new ArrayList<>();
    for (String item : List.copyOf(pending)) {
      pending.remove(item);
      into.add(item);
    }
    return into;
  }

  private void keep(Invalidation message) {
    if (pendingKeys.size() + message.keys().size() > MAX_PENDING) {
      // Too many keys to keep: keep their namespaces instead (few), which drops more but loses nothing.
      for (String key : List.copyOf(pendingKeys)) {
        pendingPrefixes.add(prefixOf(key));
      }
      message.keys().forEach(key -> pendingPrefixes.add(prefixOf(key)));
      pendingKeys.clear();
    } else {
      pendingKeys.addAll(message.keys());
    }
    pendingPrefixes.addAll(message.namespacePrefixes());
    hasPending = true;
  }

  /** @return the namespace of a canonical key or namespace prefix, or {@code null} if malformed */
  static @Nullable String namespaceOf(String keyOrPrefix) {
    int start = CacheKey.PREFIX.length();
    int end = keyOrPrefix.indexOf(':', start);
    return keyOrPrefix.startsWith(CacheKey.PREFIX) && end > start ? keyOrPrefix.substring(start, end) : null;
  }

  private static String prefixOf(String key) {
    String namespace = namespaceOf(key);
    return CacheKey.namespacePrefix(namespace == null ? CacheKey.DEFAULT_NAMESPACE : namespace);
  }

  @Override
  public void onInvalidation(Invalidation invalidation) {
    if (!invalidation.isMarker() && !origin.equals(invalidation.origin())) {
      apply(invalidation);
    }
  }

  private void apply(Invalidation invalidation) {
    meters.invalidationsReceived.increment();
    alsoLocally.accept(invalidation);
    if (invalidation.all()) {
      local.invalidateAllRemote();
      return;
    }
    for (String key : invalidation.keys()) {
      try {
        local.invalidateRemote(CacheKey.parse(key));
      } catch (IllegalArgumentException e) {
        log.debug("Ignoring an invalidation of a malformed key", e);
      }
    }
    for (String prefix : invalidation.namespacePrefixes()) {
      String namespace = prefix.substring(CacheKey.PREFIX.length(), Math.max(CacheKey.PREFIX.length(),
          prefix.length() - 1));
      local.invalidateNamespaceRemote(namespace);
    }
  }

  @Override
  public void onResubscribed() {
    if (!firstSubscription.compareAndSet(true, false)) {
      meters.busReconnects.increment();
    }
    disconnected = false;
    if (follower == null) {
      local.invalidateAllRemote();
      log.debug("Invalidation bus of tier {} (re)subscribed; in-process copies dropped", tier.name());
    } else {
      // Replay what this instance missed and catch up with the log now, not on the next probe tick.
      maintainNow.run();
      log.debug("Invalidation bus of tier {} (re)subscribed; catching up with the log", tier.name());
    }
  }

  @Override
  public void onDisconnected() {
    disconnected = true;
    dropLogged = false;
    Duration bound = maxServeWithoutLog;
    if (follower == null || (bound != null && bound.isZero())) {
      local.invalidateAllRemote();
      log.debug("Invalidation bus of tier {} lost; in-process copies dropped", tier.name());
      return;
    }
    if (bound != null) {
      checkStaleness(bound);
    } // else: serve in-process copies for the whole outage; the log is read on reconnection
  }

  /**
   * While the subscription is lost, drops every in-process copy once the log has not been read for
   * {@code bound} (the periodic catch-up keeps it fresh if only the subscription is gone).
   */
  private void checkStaleness(Duration bound) {
    if (!disconnected) {
      return;
    }
    long left = bound.toNanos() - (System.nanoTime() - caughtUpNanos);
    try {
      if (left > 0) {
        timer.schedule(() -> checkStaleness(bound), left, TimeUnit.NANOSECONDS);
        return;
      }
      local.invalidateAllRemote();
      caughtUpNanos = System.nanoTime(); // nothing left to be stale; check again one bound from now
      if (!dropLogged) {
        dropLogged = true;
        log.warn("The invalidation log of tier {} could not be read for {}; in-process copies dropped, and "
            + "dropped again every {} until it can (maxServeWithoutLog)", tier.name(), bound, bound);
      }
      timer.schedule(() -> checkStaleness(bound), bound.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("Cache closing; no bounded-staleness check scheduled", e);
    }
  }
}
