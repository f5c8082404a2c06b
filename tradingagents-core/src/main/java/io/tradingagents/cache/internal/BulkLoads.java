package io.tradingagents.cache.internal;

import io.tradingagents.cache.BulkCacheLoader;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.CacheLoadException;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk loads ({@code getAll} with a {@link BulkCacheLoader}): one batch read, then one loader call for the
 * keys still missing, its values stored in one batch per tier. Single-flight per key is the blocking
 * path's own: each missing key gets a {@link Loads.Flight} in {@link Loads#inflight}; keys already in
 * flight are awaited after this call's own keys are loaded and their flights completed (so two bulk loads
 * of overlapping keys never wait for each other in a cycle). What follows a load (counts, negative caching,
 * stale-on-error) is {@link Loads#loaded} and {@link Loads#failed}, per key.
 */
final class BulkLoads {
  private static final Logger log = LoggerFactory.getLogger(DefaultAdaptiveCache.class);

  /** A loaded value to store, with its TTL and the type it is stored as. */
  record Write(Object value, Duration ttl, ValueType declared) {}

  /** Stores loaded values in one batch per tier; see {@link DefaultAdaptiveCache#storeLoaded}. */
  interface BatchStore {
    /** @return the keys whose value could not be encoded, with why; the others were stored */
    Map<CacheKey, RuntimeException> putAll(Map<CacheKey, Write> writes);
  }

  private final Loads loads;
  private final Reads reads;
  private final EngineCounters counters;
  private final EngineMeters meters;
  private final Savings savings;
  private final CrossInstanceLoads crossInstanceLoads;
  private final BatchStore store;
  /** Whether a bulk loader's unasked keys were already reported. */
  private final AtomicBoolean extraKeysLogged = new AtomicBoolean();

  BulkLoads(Loads loads, Reads reads, EngineCounters counters, EngineMeters meters, Savings savings,
      CrossInstanceLoads crossInstanceLoads, BatchStore store) {
    this.loads = loads;
    this.reads = reads;
    this.counters = counters;
    this.meters = meters;
    this.savings = savings;
    this.crossInstanceLoads = crossInstanceLoads;
    this.store = store;
  }

  /** One call's state: what it found and loaded, what failed, and the flights it owns. */
  private static final class Call {
    final ValueType type;
    final BulkCacheLoader<?> loader;
    final Map<CacheKey, Object> results = new HashMap<>();
    final Map<CacheKey, Throwable> failures = new LinkedHashMap<>();
    final Map<CacheKey, Loads.Flight> owned = new LinkedHashMap<>();

    Call(ValueType type, BulkCacheLoader<?> loader) {
      this.type = type;
      this.loader = loader;
    }
  }

  @SuppressWarnings("unchecked")
  <V> Map<CacheKey, V> getAll(Collection<CacheKey> keys, ValueType type, BulkCacheLoader<? extends V> loader) {
    Set<CacheKey> asked = new LinkedHashSet<>();
    for (CacheKey key : java.util.Objects.requireNonNull(keys, "keys")) {
      asked.add(java.util.Objects.requireNonNull(key, "keys contains null"));
    }
    long start = System.nanoTime();
    Reads.Batch<Object> batch = reads.readBatch(asked, type);
    batch.found.keySet().forEach(savings::avoided);
    batch.negative.forEach(savings::avoided);
    Call call = new Call(type, loader);
    call.results.putAll(batch.found);
    if (!batch.missing.isEmpty() || !batch.mismatched.isEmpty()) {
      try {
        loadMissing(call, batch.missing, batch.mismatched);
      } finally {
        meters.missPath(start);
      }
    }
    if (!call.failures.isEmpty()) {
      throw failure(call.failures, asked.size());
    }
    Map<CacheKey, V> answer = new LinkedHashMap<>();
    for (CacheKey key : asked) {
      Object value = call.results.get(key);
      if (value != null) {
        answer.put(key, (V) value);
      }
    }
    return answer;
  }

  private void loadMissing(Call call, Set<CacheKey> missing, Set<CacheKey> mismatched) {
    Map<CacheKey, Loads.Flight> awaited = new LinkedHashMap<>();
    try {
      for (CacheKey key : missing) {
        Loads.Flight mine = new Loads.Flight(call.type);
        Loads.Flight running = loads.inflight.putIfAbsent(key, mine);
        if (running == null) {
          call.owned.put(key, mine);
        } else if (running.owner == Thread.currentThread()) {
          throw new IllegalStateException("The loader of " + key + " asked the cache for " + key
              + " itself; a loader must not read the key it is loading");
        } else {
          awaited.put(key, running);
        }
      }
      loadOwned(call);
    } catch (RuntimeException | Error e) {
      abandon(call, e);
      throw e;
    }
    Set<CacheKey> uncached = new LinkedHashSet<>(mismatched);
    awaited.forEach((key, running) -> {
      meters.coalescedLoads.increment();
      try {
        Object result = Loads.await(key, running);
        savings.avoided(key); // another caller's load answered this one
        if (result == LocalTier.NEGATIVE) {
          return;
        }
        if (running.type == call.type || call.type.accepts(result, null)) {
          call.results.put(key, result);
        } else {
          uncached.add(key); // loaded as another type: load it for this caller, as a mismatch
        }
      } catch (RuntimeException e) {
        call.failures.put(key, e);
      }
    });
    if (!uncached.isEmpty()) {
      loadUncached(call, uncached);
    }
  }

  /** Loads the keys this call owns, through the cross-instance locks, and completes their flights. */
  private void loadOwned(Call call) {
    Set<CacheKey> pending = call.owned.keySet(); // copied only if some key finished just before
    for (CacheKey key : call.owned.keySet()) {
      Object done = loads.finishedJustBefore(key, call.type);
      if (done != null) {
        if (pending == call.owned.keySet()) {
          pending = new LinkedHashSet<>(call.owned.keySet());
        }
        pending.remove(key);
        complete(call, key, done);
      }
    }
    if (pending.isEmpty()) {
      return;
    }
    crossInstanceLoads.runAll(pending, keys -> reads.rereadShared(keys, call.type),
        found -> found.forEach((key, value) -> complete(call, key, value)), keys -> callLoader(call, keys));
  }

  /** Calls the loader once for {@code keys}, stores what it returned in one batch, completes the flights. */
  private void callLoader(Call call, Set<CacheKey> keys) {
    long start = System.nanoTime();
    Map<CacheKey, ?> loaded;
    try {
      loaded = invoke(call.loader, keys);
    } catch (Exception e) {
      keys.forEach(key -> fail(call, key, e, start));
      return;
    }
    Map<CacheKey, Write> writes = new LinkedHashMap<>();
    Loads.Store collect = (k, v, ttl, declared) -> writes.put(k, new Write(v, ttl, declared));
    Map<CacheKey, Object> values = new LinkedHashMap<>();
    for (CacheKey key : keys) {
      Object value = loaded.get(key);
      if (value != null && !call.type.accepts(value, null)) {
        fail(call, key, wrongType(key, value, call.type), start);
      } else {
        values.put(key, loads.loaded(key, call.type, value, start, collect));
      }
    }
    Map<CacheKey, RuntimeException> refused = store.putAll(writes);
    values.forEach((key, value) -> {
      RuntimeException error = refused.get(key);
      if (error == null) {
        complete(call, key, value);
      } else {
        finish(call, key, error);
      }
    });
  }

  /**
   * Keys holding a value of another type: loaded in one call for this caller, not stored, as
   * {@link Loads#uncached} does for one key.
   */
  private void loadUncached(Call call, Set<CacheKey> keys) {
    loads.warnMismatchOnce(keys.iterator().next(), call.type);
    Map<CacheKey, ?> loaded;
    try {
      loaded = invoke(call.loader, keys);
    } catch (Exception e) {
      counters.loadFailures.add(keys.size());
      keys.forEach(key -> call.failures.put(key, new CacheLoadException(key, e)));
      return;
    }
    for (CacheKey key : keys) {
      Object value = loaded.get(key);
      if (value != null && !call.type.accepts(value, null)) {
        counters.loadFailures.increment();
        call.failures.put(key, new CacheLoadException(key, wrongType(key, value, call.type)));
      } else {
        counters.loads.increment();
        if (value != null) {
          call.results.put(key, value);
        }
      }
    }
  }

  /**
   * @return the loader's values of the keys asked for
   * @throws Exception the loader's, or a {@link NullPointerException} if it returned no map
   */
  private Map<CacheKey, ?> invoke(BulkCacheLoader<?> loader, Set<CacheKey> keys) throws Exception {
    Map<CacheKey, ?> loaded;
    try {
      loaded = loader.loadAll(Collections.unmodifiableSet(keys));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw e;
    }
    if (loaded == null) {
      throw new NullPointerException("The BulkCacheLoader returned null instead of a map for " + keys.size()
          + (keys.size() == 1 ? " key" : " keys") + "; return an empty map when the upstream has no data");
    }
    if (!keys.containsAll(loaded.keySet())) {
      warnExtraKeys(loaded.keySet(), keys);
    }
    return loaded;
  }

  private void warnExtraKeys(Set<CacheKey> returned, Set<CacheKey> asked) {
    if (extraKeysLogged.compareAndSet(false, true)) {
      CacheKey extra = returned.stream().filter(key -> !asked.contains(key)).findFirst().orElseThrow();
      log.atWarn().setMessage("A BulkCacheLoader returned keys it was not asked for (such as {}); they are "
          + "ignored, neither cached nor returned. Return only the keys passed to loadAll (keys of another "
          + "shape, e.g. another date range, are other keys). Logged once per cache").addArgument(extra).log();
    } else {
      log.debug("A BulkCacheLoader returned keys it was not asked for; ignored");
    }
  }

  private static IllegalArgumentException wrongType(CacheKey key, Object value, ValueType type) {
    return new IllegalArgumentException("The BulkCacheLoader returned a " + value.getClass().getName()
        + " for " + key + ", which is not a " + type.name + "; that key is not cached. Return values of the "
        + "type passed to getAll");
  }

  /** A failed load of one key: its stale value if it has one (stale-on-error), else a failure. */
  private void fail(Call call, CacheKey key, Throwable error, long start) {
    try {
      complete(call, key, loads.failed(key, call.type, error, start));
    } catch (CacheLoadException e) {
      finish(call, key, e);
    }
  }

  /** Completes an owned flight with its value (or {@link LocalTier#NEGATIVE}). */
  private void complete(Call call, CacheKey key, Object result) {
    Loads.Flight flight = call.owned.get(key);
    if (flight != null) {
      loads.inflight.remove(key, flight);
      flight.complete(result);
    }
    if (result != LocalTier.NEGATIVE) {
      call.results.put(key, result);
    }
  }

  /** Fails an owned flight: its waiters get {@code error}, as a single load's do. */
  private void finish(Call call, CacheKey key, RuntimeException error) {
    Loads.Flight flight = call.owned.get(key);
    if (flight != null) {
      loads.inflight.remove(key, flight); // first: a caller that comes after the failure loads again
      flight.completeExceptionally(error);
    }
    call.failures.put(key, error);
  }

  /** Something unexpected ended the call: no owned flight may stay open (its waiters would hang). */
  private void abandon(Call call, Throwable error) {
    call.owned.forEach((key, flight) -> {
      if (!flight.isDone()) {
        loads.inflight.remove(key, flight);
        flight.completeExceptionally(error);
      }
    });
  }

  private static CacheLoadException failure(Map<CacheKey, Throwable> failures, int asked) {
    Throwable first = failures.values().iterator().next();
    Throwable cause = first instanceof CacheLoadException && first.getCause() != null ? first.getCause() : first;
    CacheLoadException bulk = new CacheLoadException(failures.keySet(), asked, cause);
    failures.values().stream().map(f -> f instanceof CacheLoadException && f.getCause() != null ? f.getCause() : f)
        .distinct().filter(f -> f != cause).limit(10).forEach(bulk::addSuppressed);
    return bulk;
  }
}
