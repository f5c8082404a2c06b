package io.tradingagents.cache.spi;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * One message on an {@link InvalidationBus} (and one entry of an {@link InvalidationLog}): drop these keys,
 * these namespaces, or everything, from your in-process tier.
 *
 * <p>A message may carry the <em>versions</em> of the writes it announces (their
 * {@link TierEntry#createdAtMillis()}, one per key). A tier sends them when its message may reach other
 * instances before the writes are stored ({@link CacheTier#putAllAndAppend}: a Redis Cluster, whose nodes
 * run their commands independently). A receiver drops the named copies as for any message and, for
 * {@link #VERSION_HOLD}, refuses to keep in memory a value of the key older than the version, as read from
 * a shared tier that may not have stored the write yet.
 *
 * @param origin the id of the cache instance that sent it (receivers ignore their own messages)
 * @param keys canonical keys to drop
 * @param namespacePrefixes namespace prefixes ({@code ta:<namespace>:}) whose keys to drop
 * @param all whether to drop every in-process entry (sent when a sender lost track of what it missed)
 * @param versions empty, or the version written of each of {@code keys}, in the same order
 */
public record Invalidation(String origin, List<String> keys, List<String> namespacePrefixes, boolean all,
    List<Long> versions) {

  /**
   * How long a receiver refuses to keep in memory a value older than a version it was told of, unless it
   * reads that version or a newer one first: far longer than a write may take to be stored, which the
   * writing tier's timeouts bound (a write that times out is replayed and announced again).
   */
  public static final Duration VERSION_HOLD = Duration.ofSeconds(30);

  /**
   * Copies the lists.
   *
   * @throws IllegalArgumentException if {@code versions} is neither empty nor as long as {@code keys}
   */
  public Invalidation {
    requireNonNull(origin, "origin");
    keys = List.copyOf(keys);
    namespacePrefixes = List.copyOf(namespacePrefixes);
    versions = List.copyOf(versions);
    if (!versions.isEmpty() && versions.size() != keys.size()) {
      throw new IllegalArgumentException("versions must be empty or one per key, but there are "
          + versions.size() + " versions for " + keys.size() + " keys");
    }
  }

  /** A message without versions, for writes already stored and for removals. */
  public Invalidation(String origin, List<String> keys, List<String> namespacePrefixes, boolean all) {
    this(origin, keys, namespacePrefixes, all, List.of());
  }

  /** @return this message without its versions */
  public Invalidation withoutVersions() {
    return versions.isEmpty() ? this : new Invalidation(origin, keys, namespacePrefixes, all);
  }
}
