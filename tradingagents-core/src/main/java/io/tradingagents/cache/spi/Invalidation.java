package io.tradingagents.cache.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One message on an {@link InvalidationBus}: drop these keys, these namespaces, or everything, from your
 * in-process tier.
 *
 * @param origin the id of the cache instance that sent it (receivers ignore their own messages)
 * @param keys canonical keys to drop
 * @param namespacePrefixes namespace prefixes ({@code ta:<namespace>:}) whose keys to drop
 * @param all whether to drop every in-process entry (sent when a sender lost track of what it missed)
 */
public record Invalidation(String origin, List<String> keys, List<String> namespacePrefixes, boolean all) {

  /* Copies the lists. */
  public Invalidation {
    requireNonNull(origin, "origin");
    keys = List.copyOf(keys);
    namespacePrefixes = List.copyOf(namespacePrefixes);
  }

  /**
   * @return whether this is a marker: no keys, no prefixes, not everything, so nothing to drop (an
   *     {@link InvalidationLog} appends markers to mark a reader's starting position)
   */
  public boolean isMarker() {
    return keys.isEmpty() && namespacePrefixes.isEmpty() && !all;
  }
}
