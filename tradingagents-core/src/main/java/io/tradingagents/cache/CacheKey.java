package io.tradingagents.cache;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Identifies one cached value: namespace, {@link DataKind}, {@link Market}, symbol, and the request
 * parameters that change the answer (upstream source, date range, anything else).
 *
 * <p>Its canonical form ({@link #asString()}) is stable across JVMs and releases and readable where it
 * matters for operators: {@code ta:<namespace>:<kind>:<market>:<symbol>:<hash>}, for example
 * {@code ta:default:stock_data:us:AAPL:3b5d...}. The hash is 128 bits of SHA-256 over the source, the
 * date range and the parameters sorted by name, so parameter order never matters, and two requests
 * that differ in date range or source never share an entry.
 *
 * <p>Instances are immutable and thread-safe; build them once and reuse them on hot paths.
 */
public final class CacheKey {
  /** The prefix of every canonical key; tiers use it to touch nothing but our own entries. */
  public static final String PREFIX = "ta:";
  /** The namespace used when none is given. */
  public static final String DEFAULT_NAMESPACE = "default";

  private static final int MAX_SYMBOL_LENGTH = 64;

  private final String namespace;
  private final DataKind kind;
  private final Market market;
  private final String symbol;
  private final @Nullable String source;
  private final @Nullable LocalDate from;
  private final @Nullable LocalDate to;
  private final Map<String, String> params;
  private final String canonical;

  private CacheKey(Builder b, String symbol, Market market) {
    this.namespace = b.namespace;
    this.kind = b.kind;
    this.market = market;
    this.symbol = symbol;
    this.source = b.source;
    this.from = b.from;
    this.to = b.to;
    this.params = b.params == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(b.params));
    this.canonical = KeyDigest.canonical(namespace, kind.name(), market.code(), symbol, source, from, to,
        params);
  }

  private CacheKey(String namespace, DataKind kind, Market market, String symbol, String canonical) {
    this.namespace = namespace;
    this.kind = kind;
    this.market = market;
    this.symbol = symbol;
    this.source = null;
    this.from = null;
    this.to = null;
    this.params = Map.of();
    this.canonical = canonical;
  }

  /**
   * Reads a canonical key back, e.g. from an invalidation message or an admin tool. The result equals the
   * key that produced the string, but the hashed parts are not recoverable: its {@link #source()},
   * {@link #from()} and {@link #to()} are {@code null} and its {@link #params()} empty.
   *
   * @param canonical a string made by {@link #asString()}
   * @return the key
   * @throws IllegalArgumentException if {@code canonical} is not a canonical key
   */
  public static CacheKey parse(String canonical) {
    requireNonNull(canonical, "canonical");
    String[] parts = canonical.startsWith(PREFIX) ? canonical.substring(PREFIX.length()).split(":", -1)
        : new String[0];
    if (parts.length != 5 || !parts[4].matches("[0-9a-f]{32}")) {
      throw new IllegalArgumentException("'" + canonical + "' is not a canonical cache key; expected "
          + "ta:<namespace>:<kind>:<market>:<symbol>:<32 hex digits>");
    }
    String symbol = Builder.checkSymbol(parts[3]);
    if (!symbol.equals(parts[3])) {
      throw new IllegalArgumentException("'" + canonical + "' has a symbol that is not normalized");
    }
    return new CacheKey(Builder.checkNamespace(parts[0]), DataKind.of(parts[1]), Market.parse(parts[2]),
        symbol, canonical);
  }

  /**
   * A key with no source, no dates and no parameters, in the default namespace, market detected.
   *
   * @param kind the data kind
   * @param symbol the ticker symbol
   * @return the key
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the symbol is blank or malformed (see {@link Builder#symbol})
   */
  public static CacheKey of(DataKind kind, String symbol) {
    return builder(kind, symbol).build();
  }

  /**
   * Starts a key.
   *
   * @param kind the data kind
   * @param symbol the ticker symbol: 1 to 64 characters, no whitespace, control characters or
   *     {@code : * ? [ ]}; letters are upper-cased ({@code aapl} and {@code AAPL} are one key)
   * @return a builder
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the symbol is blank or malformed
   */
  public static Builder builder(DataKind kind, String symbol) {
    return new Builder(kind, symbol);
  }

  /** @return the canonical form {@code ta:<namespace>:<kind>:<market>:<symbol>:<hash>} */
  public String asString() {
    return canonical;
  }

  /** @return the namespace prefix every key in {@code namespace} starts with */
  public static String namespacePrefix(String namespace) {
    return PREFIX + Builder.checkNamespace(namespace) + ':';
  }

  /** @return the namespace */
  public String namespace() {
    return namespace;
  }

  /** @return the data kind */
  public DataKind kind() {
    return kind;
  }

  /** @return the market, stated or detected */
  public Market market() {
    return market;
  }

  /** @return the normalized symbol */
  public String symbol() {
    return symbol;
  }

  /** @return the upstream source, or {@code null} if none was given */
  public @Nullable String source() {
    return source;
  }

  /** @return the first day of the date range, or {@code null} if none was given */
  public @Nullable LocalDate from() {
    return from;
  }

  /** @return the last day of the date range, or {@code null} if none was given */
  public @Nullable LocalDate to() {
    return to;
  }

  /** @return the extra parameters, sorted by name, unmodifiable */
  public Map<String, String> params() {
    return params;
  }

  @Override
  public boolean equals(Object o) {
    return this == o || (o instanceof CacheKey && ((CacheKey) o).canonical.equals(canonical));
  }

  @Override
  public int hashCode() {
    return canonical.hashCode(); // String caches its own hash
  }

  @Override
  public String toString() {
    return canonical;
  }

  /**
   * Builds a {@link CacheKey}. Not thread-safe; {@link #build()} may be called more than once.
   *
   * <p><b>Reuse per symbol.</b> A builder kept for one symbol (per thread) and given a new source or date
   * range before each {@link #build()} skips the builder's allocation, the symbol's validation and the
   * market's detection:
   *
   * <pre>{@code
   * CacheKey.Builder daily = CacheKey.builder(DataKind.STOCK_DATA, "600519").source("tushare");
   * CacheKey q1 = daily.dateRange(jan2, mar29).build();
   * CacheKey q2 = daily.dateRange(apr1, jun28).build();
   * }</pre>
   *
   * <p>Settings only accumulate: a source, a date range or a parameter can be replaced, never removed.
   * For keys without one of them, keep another builder (or call {@link CacheKey#builder} again).
   */
  public static final class Builder {
    private final DataKind kind;
    private final String symbol;
    private String namespace = DEFAULT_NAMESPACE;
    private @Nullable Market market;
    private @Nullable String source;
    private @Nullable LocalDate from;
    private @Nullable LocalDate to;
    private @Nullable TreeMap<String, String> params;
    private @Nullable Market detected;

    private Builder(DataKind kind, String symbol) {
      this.kind = requireNonNull(kind, "kind");
      this.symbol = checkSymbol(symbol);
    }

    /**
     * @param namespace 1 to 64 characters of letters, digits, {@code _ . -}; default {@code default}
     * @return this builder
     * @throws IllegalArgumentException if the namespace is malformed
     */
    public Builder namespace(String namespace) {
      this.namespace = checkNamespace(namespace);
      return this;
    }

    /**
     * @param market the market; default {@link Market#detect(String)} of the symbol
     * @return this builder
     */
    public Builder market(Market market) {
      this.market = requireNonNull(market, "market");
      return this;
    }

    /**
     * @param source the upstream the data comes from (e.g. {@code yfinance}, {@code tushare}); entries of
     *     different sources never mix
     * @return this builder
     * @throws IllegalArgumentException if the source is blank
     */
    public Builder source(String source) {
      requireNonNull(source, "source");
      if (source.isBlank()) {
        throw new IllegalArgumentException("source must not be blank");
      }
      this.source = source.strip();
      return this;
    }

    /**
     * @param from first day, inclusive
     * @param to last day, inclusive
     * @return this builder
     * @throws IllegalArgumentException if {@code to} is before {@code from}
     */
    public Builder dateRange(LocalDate from, LocalDate to) {
      requireNonNull(from, "from");
      requireNonNull(to, "to");
      if (to.isBefore(from)) {
        throw new IllegalArgumentException("date range end " + to + " is before its start " + from);
      }
      this.from = from;
      this.to = to;
      return this;
    }

    /**
     * Adds a request parameter that changes the answer (e.g. {@code interval=1d}). Order does not matter.
     *
     * @param name non-blank name
     * @param value value
     * @return this builder
     * @throws IllegalArgumentException if the name is blank
     */
    public Builder param(String name, String value) {
      requireNonNull(name, "name");
      requireNonNull(value, "value");
      if (name.isBlank()) {
        throw new IllegalArgumentException("parameter name must not be blank");
      }
      if (params == null) {
        params = new TreeMap<>();
      }
      params.put(name, value);
      return this;
    }

    /** @return the key */
    public CacheKey build() {
      Market keyMarket = market;
      if (keyMarket == null) {
        keyMarket = detected;
        if (keyMarket == null) {
          keyMarket = Market.detect(symbol);
          detected = keyMarket;
        }
      }
      return new CacheKey(this, symbol, keyMarket);
    }

    static String checkNamespace(String namespace) {
      requireNonNull(namespace, "namespace");
      boolean ok = !namespace.isEmpty() && namespace.length() <= 64;
      for (int i = 0; ok && i < namespace.length(); i++) {
        char c = namespace.charAt(i);
        ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '_' || c == '.' || c == '-';
      }
      if (!ok) {
        throw new IllegalArgumentException("namespace must be 1-64 characters of letters, digits, "
            + "'_', '.' and '-', but was '" + namespace + "'");
      }
      return namespace;
    }

    static String checkSymbol(String symbol) {
      requireNonNull(symbol, "symbol");
      String s = symbol.strip().toUpperCase(Locale.ROOT);
      if (s.isEmpty()) {
        throw new IllegalArgumentException("symbol must not be blank");
      }
      if (s.codePointCount(0, s.length()) > MAX_SYMBOL_LENGTH) {
        throw new IllegalArgumentException("symbol must be at most " + MAX_SYMBOL_LENGTH
            + " characters but had " + s.codePointCount(0, s.length()));
      }
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (Character.isWhitespace(c) || Character.isISOControl(c) || c == ':' || c == '*' || c == '?'
            || c == '[' || c == ']') {
          throw new IllegalArgumentException("symbol must not contain whitespace, control characters or "
              + "': * ? [ ]', but was '" + symbol.replaceAll("\\p{Cntrl}", "?") + "'");
        }
      }
      return s;
    }
  }
}
