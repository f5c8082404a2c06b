package io.tradingagents.cache;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * How long entries live, per {@link DataKind} and {@link Market}, plus the negative-caching and
 * stale-on-error windows.
 *
 * <p>The defaults are the reference deployment's table, with Hong Kong as a market of its own:
 *
 * <table>
 *   <caption>Default TTLs</caption>
 *   <tr><th>kind</th><th>US</th><th>A-share</th><th>Hong Kong</th></tr>
 *   <tr><td>stock data</td><td>2 h</td><td>1 h</td><td>1 h</td></tr>
 *   <tr><td>news</td><td>6 h</td><td>4 h</td><td>4 h</td></tr>
 *   <tr><td>fundamentals</td><td>24 h</td><td>12 h</td><td>12 h</td></tr>
 *   <tr><td>analysis</td><td>24 h</td><td>24 h</td><td>24 h</td></tr>
 *   <tr><td>any other kind</td><td colspan="3">1 h (see {@link Builder#defaultTtl})</td></tr>
 * </table>
 *
 * <p>Immutable and thread-safe.
 */
public final class TtlPolicy {
  private static final TtlPolicy DEFAULTS = builder().build();

  private final Map<DataKind, Duration[]> ttls;
  private final Duration defaultTtl;
  private final double jitter;
  private final Duration negativeTtl;
  private final Map<DataKind, Duration> staleWindows;
  private final Map<DataKind, ExpiryPolicy> expiries;

  private TtlPolicy(Builder b) {
    Map<DataKind, Duration[]> copy = new HashMap<>();
    b.ttls.forEach((k, v) -> copy.put(k, v.clone()));
    this.ttls = copy;
    this.defaultTtl = b.defaultTtl;
    this.jitter = b.jitter;
    this.negativeTtl = b.negativeTtl;
    this.staleWindows = Map.copyOf(b.staleWindows);
    this.expiries = Map.copyOf(b.expiries);
  }

  /** @return the reference table with no jitter, 30 s negative caching and stale windows of one TTL */
  public static TtlPolicy defaults() {
    return DEFAULTS;
  }

  /** @return a builder preloaded with {@link #defaults()} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @param kind the data kind
   * @param market the market
   * @return the configured TTL, before jitter
   */
  public Duration ttl(DataKind kind, Market market) {
    Duration[] byMarket = ttls.get(requireNonNull(kind, "kind"));
    Duration ttl = byMarket == null ? null : byMarket[requireNonNull(market, "market").ordinal()];
    return ttl != null ? ttl : defaultTtl;
  }

  /**
   * The TTL to apply to one write: {@link #ttl} shortened by a random fraction of up to
   * {@link #jitter()} so that entries written together do not all expire together. Never longer than
   * the configured TTL.
   *
   * @param key the key being written
   * @return the TTL for this write, positive
   */
  public Duration ttlForWrite(CacheKey key) {
    Duration ttl = ttl(key.kind(), key.market());
    if (jitter == 0) {
      return ttl;
    }
    long millis = ttl.toMillis();
    long cut = (long) (millis * jitter * ThreadLocalRandom.current().nextDouble());
    return Duration.ofMillis(Math.max(1, millis - cut));
  }

  /**
   * The TTL to apply to one write at {@code now}: until the instant chosen by the kind's
   * {@link ExpiryPolicy} if it has one and it gives an instant after {@code now}, otherwise
   * {@link #ttlForWrite(CacheKey)} from the flat table.
   *
   * @param key the key being written
   * @param now the cache clock's current instant
   * @return the TTL for this write, positive
   */
  public Duration ttlForWrite(CacheKey key, Instant now) {
    ExpiryPolicy expiry = expiries.get(key.kind());
    if (expiry != null) {
      Instant at = expiry.expiresAt(key, requireNonNull(now, "now"));
      if (at != null && at.isAfter(now)) {
        return Duration.between(now, at);
      }
    }
    return ttlForWrite(key);
  }

  /**
   * @param kind the data kind
   * @return the expiry policy registered for {@code kind}, or {@code null} if it uses the flat table
   */
  public @Nullable ExpiryPolicy expiry(DataKind kind) {
    return expiries.get(requireNonNull(kind, "kind"));
  }

  /** @return the jitter fraction, 0 (none) to 0.5 */
  public double jitter() {
    return jitter;
  }

  /** @return how long "the loader returned no data" is remembered; zero disables negative caching */
  public Duration negativeTtl() {
    return negativeTtl;
  }

  /**
   * How long after expiry a value may still be served when its loader fails.
   *
   * @param kind the data kind
   * @param market the market
   * @return the stale window; zero disables stale-on-error for this kind
   */
  public Duration staleWindow(DataKind kind, Market market) {
    Duration window = staleWindows.get(kind);
    return window != null ? window : ttl(kind, market);
  }

  @Override
  public String toString() {
    return "TtlPolicy{kinds=" + ttls.keySet() + ", defaultTtl=" + defaultTtl + ", jitter=" + jitter
        + ", negativeTtl=" + negativeTtl + ", expiryKinds=" + expiries.keySet() + '}';
  }

  /** Builds a {@link TtlPolicy}, starting from the reference defaults. Not thread-safe. */
  public static final class Builder {
    private final Map<DataKind, Duration[]> ttls = new HashMap<>();
    private Duration defaultTtl = Duration.ofHours(1);
    private double jitter;
    private Duration negativeTtl = Duration.ofSeconds(30);
    private final Map<DataKind, Duration> staleWindows = new HashMap<>();
    private final Map<DataKind, ExpiryPolicy> expiries = new HashMap<>();

    private Builder() {
      set(DataKind.STOCK_DATA, Duration.ofHours(2), Duration.ofHours(1), Duration.ofHours(1));
      set(DataKind.NEWS, Duration.ofHours(6), Duration.ofHours(4), Duration.ofHours(4));
      set(DataKind.FUNDAMENTALS, Duration.ofHours(24), Duration.ofHours(12), Duration.ofHours(12));
      set(DataKind.ANALYSIS, Duration.ofHours(24), Duration.ofHours(24), Duration.ofHours(24));
    }

    private void set(DataKind kind, Duration us, Duration cn, Duration hk) {
      Duration[] byMarket = new Duration[Market.values().length];
      byMarket[Market.US.ordinal()] = us;
      byMarket[Market.CHINA_A.ordinal()] = cn;
      byMarket[Market.HONG_KONG.ordinal()] = hk;
      ttls.put(kind, byMarket);
    }

    /**
     * Sets the TTL of one kind in one market.
     *
     * @param kind the data kind
     * @param market the market
     * @param ttl positive
     * @return this builder
     * @throws IllegalArgumentException if {@code ttl} is zero or negative
     */
    public Builder ttl(DataKind kind, Market market, Duration ttl) {
      requireNonNull(kind, "kind");
      requireNonNull(market, "market");
      ttls.computeIfAbsent(kind, k -> new Duration[Market.values().length])[market.ordinal()] =
          positive("ttl(" + kind + ", " + market.code() + ")", ttl);
      return this;
    }

    /**
     * Sets the TTL of one kind in every market.
     *
     * @param kind the data kind
     * @param ttl positive
     * @return this builder
     * @throws IllegalArgumentException if {@code ttl} is zero or negative
     */
    public Builder ttl(DataKind kind, Duration ttl) {
      for (Market market : Market.values()) {
        ttl(kind, market, ttl);
      }
      return this;
    }

    /**
     * @param ttl the TTL of kinds with no entry in the table; positive, default 1 h
     * @return this builder
     * @throws IllegalArgumentException if {@code ttl} is zero or negative
     */
    public Builder defaultTtl(Duration ttl) {
      this.defaultTtl = positive("defaultTtl", ttl);
      return this;
    }

    /**
     * @param fraction each write's TTL is shortened by a random fraction of up to this much; 0 to 0.5,
     *     default 0
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder jitter(double fraction) {
      if (!(fraction >= 0 && fraction <= 0.5)) {
        throw new IllegalArgumentException("jitter must be between 0 and 0.5 but was " + fraction);
      }
      this.jitter = fraction;
      return this;
    }

    /**
     * @param ttl how long a loader's "no data" ({@code null}) is remembered; zero disables, default 30 s
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder negativeTtl(Duration ttl) {
      this.negativeTtl = notNegative("negativeTtl", ttl);
      return this;
    }

    /**
     * @param kind the data kind
     * @param window how long after expiry a value may be served when the loader fails; zero disables,
     *     default one TTL of the kind
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder staleWindow(DataKind kind, Duration window) {
      staleWindows.put(requireNonNull(kind, "kind"), notNegative("staleWindow(" + kind + ")", window));
      return this;
    }

    /**
     * Makes one kind expire by a policy instead of the flat table, e.g.
     * {@link io.tradingagents.market.MarketExpiryPolicy} for stock data. The flat TTL of the kind stays the
     * fallback (when the policy returns {@code null}) and the default stale window.
     *
     * @param kind the data kind
     * @param policy decides each write's expiry
     * @return this builder
     */
    public Builder expiry(DataKind kind, ExpiryPolicy policy) {
      expiries.put(requireNonNull(kind, "kind"), requireNonNull(policy, "policy"));
      return this;
    }

    /**
     * Puts one kind back on the flat table.
     *
     * @param kind the data kind
     * @return this builder
     */
    public Builder flat(DataKind kind) {
      expiries.remove(requireNonNull(kind, "kind"));
      return this;
    }

    /** @return the policy; this builder stays usable */
    public TtlPolicy build() {
      return new TtlPolicy(this);
    }

    private static Duration positive(String name, Duration value) {
      requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive but was " + value);
      }
      return value;
    }

    private static Duration notNegative(String name, Duration value) {
      requireNonNull(value, name);
      if (value.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative but was " + value);
      }
      return value;
    }
  }
}
