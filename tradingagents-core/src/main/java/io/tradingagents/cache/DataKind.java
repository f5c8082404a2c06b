package io.tradingagents.cache;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * The kind of data a cache entry holds; it selects the TTL (with the {@link Market}) and appears in the
 * readable part of every {@link CacheKey}. The four kinds of the reference deployment are constants;
 * applications define their own with {@link #of(String)}.
 *
 * <p>Instances are immutable and compare by name.
 */
public final class DataKind {
  /** Quotes and price history. */
  public static final DataKind STOCK_DATA = new DataKind("stock_data");
  /** News articles and sentiment. */
  public static final DataKind NEWS = new DataKind("news");
  /** Financial statements and ratios. */
  public static final DataKind FUNDAMENTALS = new DataKind("fundamentals");
  /** Analysis results (reports written by the agents). */
  public static final DataKind ANALYSIS = new DataKind("analysis");

  private final String name;

  private DataKind(String name) {
    this.name = name;
  }

  /**
   * Returns the kind with this name; the four built-in names return their constants.
   *
   * @param name 1 to 32 characters: lower-case ASCII letters, digits and {@code _}, starting with a
   *     letter; upper case is folded to lower case
   * @return the kind
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is not a valid kind name
   */
  public static DataKind of(String name) {
    requireNonNull(name, "name");
    String normalized = name.strip().toLowerCase(Locale.ROOT);
    if (!isValidName(normalized)) {
      throw new IllegalArgumentException("DataKind name must be 1-32 characters of a-z, 0-9 and '_', "
          + "starting with a letter, but was '" + name + "'");
    }
    switch (normalized) {
      case "stock_data": return STOCK_DATA;
      case "news": return NEWS;
      case "fundamentals": return FUNDAMENTALS;
      case "analysis": return ANALYSIS;
      default: return new DataKind(normalized);
    }
  }

  private static boolean isValidName(String name) {
    if (name.isEmpty() || name.length() > 32 || name.charAt(0) < 'a' || name.charAt(0) > 'z') {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /** @return the lower-case name, as it appears in keys and configuration */
  public String name() {
    return name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DataKind && ((DataKind) o).name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}
