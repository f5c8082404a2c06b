package io.tradingagents.analysis.file;

/**
 * A store's in-memory view of its journal, rebuilt from the file at open and updated with every line
 * read or appended. {@link #apply} is called by one thread at a time (under the journal's lock), in file
 * order; reads may run concurrently with it.
 *
 * @param <T> the record type
 */
interface JournalIndex<T> {
  /**
   * Takes in one record read from or appended to the journal. What a repeated id means is the store's
   * choice (the usage store keeps the first, the analysis and session stores the last).
   *
   * @param record the record
   */
  void apply(T record);

  /** @return how many distinct records (ids) the index holds */
  int size();
}
