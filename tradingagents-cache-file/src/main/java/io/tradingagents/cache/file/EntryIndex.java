package io.tradingagents.cache.file;

import io.tradingagents.cache.file.EntryDirectory.StoredFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this process knows of the entry files without listing the directory: each file's size and when it
 * was last written or read. Puts, hits and deletions keep it current; a sweep's listing reconciles it with
 * the directory, which picks up files other processes wrote or deleted. Eviction picks its victims here,
 * so a full cache is never listed, stat-ed and sorted on the path of a {@code put}.
 *
 * <p>Memory: one map entry (the file's {@link Path} and a small record) per entry file.
 *
 * <p>Thread-safe, lock-free.
 */
final class EntryIndex {
  /** One indexed file: its size and its last use, epoch milliseconds. */
  record Indexed(long size, long lastUsedMillis) {
  }

  /** One file with its index record, for eviction. */
  record Candidate(Path path, Indexed indexed) {
  }

  private final Map<Path, Indexed> files = new ConcurrentHashMap<>();

  /** @return the number of files indexed */
  int size() {
    return files.size();
  }

  /**
   * Records a write or a hit.
   *
   * @param file the entry file
   * @param size its size
   * @param usedMillis when it was used
   */
  void used(Path file, long size, long usedMillis) {
    files.put(file, new Indexed(size, usedMillis));
  }

  /** @param file an entry file that was deleted */
  void removed(Path file) {
    files.remove(file);
  }

  /**
   * Forgets {@code file} only if its record is still {@code indexed} (no write or hit since).
   *
   * @param file the file
   * @param indexed the record it had
   * @return whether it was forgotten
   */
  boolean removeIfUnchanged(Path file, Indexed indexed) {
    return files.remove(file, indexed);
  }

  /**
   * @param file the file
   * @param indexed the record it had when chosen
   * @return whether it still has that record
   */
  boolean isUnchanged(Path file, Indexed indexed) {
    return files.get(file) == indexed;
  }

  /**
   * Reconciles the index with a listing: every listed file is indexed (keeping a later use this process
   * saw), and files indexed before the listing started but not listed (deleted by another process) are
   * forgotten.
   *
   * @param listed the entry files listed (no temporary ones)
   * @param listingStartedMillis when the listing started; entries used since are kept even if not listed
   */
  void reconcile(Collection<StoredFile> listed, long listingStartedMillis) {
    Set<Path> seen = new HashSet<>(listed.size() * 2);
    for (StoredFile file : listed) {
      seen.add(file.path());
      files.merge(file.path(), new Indexed(file.size(), file.lastModifiedMillis()),
          EntryIndex::later);
    }
    files.entrySet().removeIf(e -> !seen.contains(e.getKey())
        && e.getValue().lastUsedMillis() < listingStartedMillis);
  }

  private static Indexed later(Indexed known, Indexed found) {
    if (found.lastUsedMillis() > known.lastUsedMillis()) {
      return found;
    }
    return known.size() == found.size() ? known : new Indexed(found.size(), known.lastUsedMillis());
  }

  /** @return every indexed file, least recently used first */
  List<Candidate> oldestFirst() {
    List<Candidate> all = new ArrayList<>(files.size());
    files.forEach((path, indexed) -> all.add(new Candidate(path, indexed)));
    all.sort(Comparator.comparingLong(c -> c.indexed().lastUsedMillis()));
    return all;
  }
}
