package io.tradingagents.spring;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.Market;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The key {@link CacheKeyGenerator} makes from a method's arguments: the parts of a {@link CacheKey}
 * without its namespace (the cache's name) and, unless {@link CacheKind} stated it, without its data kind
 * (the cache's kind). {@link AdaptiveSpringCache} completes it; the completed key is remembered, so a key
 * object reused on a hot path is hashed once. Making one checks its parts but builds no {@link CacheKey}
 * (the digest is computed once, in the cache's namespace).
 *
 * <p>Immutable apart from that memo, and thread-safe. Two keys are equal when their parts are.
 */
public final class MethodCacheKey {
  private final @Nullable DataKind kind;
  private final String symbol;
  private final @Nullable Market market;
  private final @Nullable String source;
  private final @Nullable LocalDate from;
  private final @Nullable LocalDate to;
  private final Map<String, String> params;
  /** The last key completed (it carries the namespace and kind it was completed with). */
  private volatile @Nullable CacheKey completed;

  /**
   * @param kind the data kind stated with {@link CacheKind}, or {@code null} to use the cache's
   * @param symbol the symbol
   * @param market the market stated by an argument, or {@code null} to detect it from the symbol
   * @param source the upstream source, or {@code null}
   * @param from first day, or {@code null}
   * @param to last day, or {@code null} (given exactly when {@code from} is)
   * @param params other arguments by parameter name
   * @throws IllegalArgumentException if the symbol is malformed or only one of {@code from}, {@code to}
   *     is given (checked by {@link CacheKey.Builder})
   */
  public MethodCacheKey(@Nullable DataKind kind, String symbol, @Nullable Market market, @Nullable String source,
      @Nullable LocalDate from, @Nullable LocalDate to, Map<String, String> params) {
    this.kind = kind;
    this.symbol = requireNonNull(symbol, "symbol");
    this.market = market;
    this.source = source;
    this.from = from;
    this.to = to;
    this.params = Map.copyOf(new TreeMap<>(params));
    if ((from == null) != (to == null)) {
      throw new IllegalArgumentException("a date range needs both ends, but got from=" + from + " to=" + to);
    }
    // Validate the parts now, where the method call is, rather than in the cache: the builder's setters
    // check them; building the key (its canonical form and digest) waits for the cache's namespace.
    builder(CacheKey.DEFAULT_NAMESPACE, kind != null ? kind : DataKind.STOCK_DATA);
  }

  /**
   * @param namespace the cache's namespace
   * @param cacheKind the cache's data kind, used unless this key states its own
   * @return the complete key
   */
  public CacheKey toCacheKey(String namespace, DataKind cacheKind) {
    DataKind effective = kind != null ? kind : cacheKind;
    CacheKey memo = completed;
    if (memo != null && memo.namespace().equals(namespace) && memo.kind().equals(effective)) {
      return memo;
    }
    CacheKey key = builder(namespace, effective).build();
    completed = key;
    return key;
  }

  private CacheKey.Builder builder(String namespace, DataKind effective) {
    CacheKey.Builder builder = CacheKey.builder(effective, symbol).namespace(namespace);
    if (market != null) {
      builder.market(market);
    }
    if (source != null) {
      builder.source(source);
    }
    if (from != null && to != null) {
      builder.dateRange(from, to);
    }
    params.forEach(builder::param);
    return builder;
  }

  /** @return the data kind stated with {@link CacheKind}, or {@code null} */
  public @Nullable DataKind kind() {
    return kind;
  }

  /** @return the symbol */
  public String symbol() {
    return symbol;
  }

  @Override
  public boolean equals(Object o) {
    return this == o || (o instanceof MethodCacheKey other && Objects.equals(kind, other.kind)
        && symbol.equals(other.symbol) && Objects.equals(market, other.market)
        && Objects.equals(source, other.source) && Objects.equals(from, other.from)
        && Objects.equals(to, other.to) && params.equals(other.params));
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, symbol, market, source, from, to, params);
  }

  @Override
  public String toString() {
    return "MethodCacheKey[" + (kind != null ? kind + ":" : "") + symbol
        + (market != null ? " market=" + market : "") + (source != null ? " source=" + source : "")
        + (from != null ? " " + from + ".." + to : "") + (params.isEmpty() ? "" : " " + params) + "]";
  }
}
