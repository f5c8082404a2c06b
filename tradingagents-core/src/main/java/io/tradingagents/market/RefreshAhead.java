package io.tradingagents.market;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.DataKind;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Refresh-ahead: which data kinds a cache reloads in the background before their entries expire, and how
 * gently. Given to {@link io.tradingagents.cache.AdaptiveCacheBuilder#refreshAhead(RefreshAhead)} or read
 * from the {@code TA_CACHE_REFRESH_*} settings ({@link RefreshAheadSettings}).
 *
 * <p>Keys of these kinds that were read recently with a loader ({@code get(key, type, loader)}) form a
 * bounded hot set that forgets keys not read for {@link #hotWindow()}. A background round, every
 * {@link #tick()}, reloads each hot key with the loader of its last read:
 *
 * <ul>
 *   <li>{@link #lead()} (minus a per-key jitter of up to {@link #jitter()}) before its entry expires, so
 *       that readers never see it expire and no reader waits for the upstream;
 *   <li>while its market is closed, only if the entry would expire before the next open; an entry that
 *       lasts past the next open is reloaded {@link #preOpenLead()} (minus the jitter) before the open
 *       instead, as the market's {@link TradingCalendar} says;
 *   <li>at most {@link #maxConcurrent()} at once, and at most {@link #ratePerSecond(String)} loads per
 *       second per upstream source (the key's {@code source}; a token bucket per source), so that a
 *       rate-limited API is respected;
 *   <li>by one instance: with a tier that offers a distributed lock, an instance that cannot take the
 *       key's refresh lock skips it and picks the new value up through the shared tiers;
 *   <li>a refresh that fails keeps the old value (served until it expires, then stale-on-error within its
 *       stale window) and is retried after {@link #firstBackoff()}, doubling up to {@link #maxBackoff()}.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class RefreshAhead {
  private final Set<DataKind> kinds;
  private final Duration lead;
  private final Duration jitter;
  private final Duration preOpenLead;
  private final int maxConcurrent;
  private final double defaultRate;
  private final Map<String, Double> rates;
  private final int hotKeys;
  private final Duration hotWindow;
  private final Duration firstBackoff;
  private final Duration maxBackoff;
  private final Duration tick;
  private final TradingCalendars calendars;

  private RefreshAhead(Builder b) {
    this.kinds = Set.copyOf(b.kinds);
    this.lead = b.lead;
    this.jitter = b.jitter;
    this.preOpenLead = b.preOpenLead;
    this.maxConcurrent = b.maxConcurrent;
    this.defaultRate = b.defaultRate;
    this.rates = Map.copyOf(b.rates);
    this.hotKeys = b.hotKeys;
    this.hotWindow = b.hotWindow;
    this.firstBackoff = b.firstBackoff;
    this.maxBackoff = b.maxBackoff;
    this.tick = b.tick;
    this.calendars = b.calendars != null ? b.calendars : TradingCalendars.shipped();
  }

  /** @return a builder with the defaults and no kinds */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the kinds refreshed ahead */
  public Set<DataKind> kinds() {
    return kinds;
  }

  /** @return how long before expiry a hot key is reloaded */
  public Duration lead() {
    return lead;
  }

  /** @return the largest per-key jitter taken off the reload time */
  public Duration jitter() {
    return jitter;
  }

  /** @return how long before the next session opens an entry lasting past the open is reloaded */
  public Duration preOpenLead() {
    return preOpenLead;
  }

  /** @return the most reloads running at once */
  public int maxConcurrent() {
    return maxConcurrent;
  }

  /**
   * @param source a key's upstream source ({@code CacheKey.source()}), or {@code null}
   * @return reloads per second allowed for that source
   */
  public double ratePerSecond(@Nullable String source) {
    Double rate = source == null ? null : rates.get(source);
    return rate != null ? rate : defaultRate;
  }

  /** @return the hot set's bound, in keys */
  public int hotKeys() {
    return hotKeys;
  }

  /** @return how long a key stays hot after its last read */
  public Duration hotWindow() {
    return hotWindow;
  }

  /** @return the wait after a first failed reload */
  public Duration firstBackoff() {
    return firstBackoff;
  }

  /** @return the longest wait between failed reloads */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** @return how often the background round runs */
  public Duration tick() {
    return tick;
  }

  /** @return the calendars that say when each market opens */
  public TradingCalendars calendars() {
    return calendars;
  }

  @Override
  public String toString() {
    return "RefreshAhead{kinds=" + kinds + ", lead=" + lead + ", jitter=" + jitter + ", preOpenLead="
        + preOpenLead + ", maxConcurrent=" + maxConcurrent + ", ratePerSecond=" + defaultRate + ", rates="
        + rates + ", hotKeys=" + hotKeys + ", hotWindow=" + hotWindow + ", backoff=" + firstBackoff + ".."
        + maxBackoff + ", tick=" + tick + '}';
  }

  /** Builds a {@link RefreshAhead}; setters validate at once. Not thread-safe. */
  public static final class Builder {
    private final Set<DataKind> kinds = new LinkedHashSet<>();
    private Duration lead = Duration.ofSeconds(30);
    private Duration jitter = Duration.ofSeconds(10);
    private Duration preOpenLead = Duration.ofMinutes(5);
    private int maxConcurrent = 4;
    private double defaultRate = 5;
    private final Map<String, Double> rates = new HashMap<>();
    private int hotKeys = 10_000;
    private Duration hotWindow = Duration.ofHours(1);
    private Duration firstBackoff = Duration.ofSeconds(5);
    private Duration maxBackoff = Duration.ofMinutes(10);
    private Duration tick = Duration.ofSeconds(1);
    private @Nullable TradingCalendars calendars;

    private Builder() {}

    /**
     * @param kinds kinds to refresh ahead, added to those given before; none by default
     * @return this builder
     * @throws NullPointerException if a kind is null
     */
    public Builder kinds(DataKind... kinds) {
      for (DataKind kind : kinds) {
        this.kinds.add(requireNonNull(kind, "kind"));
      }
      return this;
    }

    /**
     * @param lead how long before expiry a hot key is reloaded; default 30 s, between 1 s and 1 h
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder lead(Duration lead) {
      this.lead = range("lead", lead, Duration.ofSeconds(1), Duration.ofHours(1));
      return this;
    }

    /**
     * @param jitter the largest random (per key, stable) time taken off a reload time so that keys written
     *     together are not reloaded together; default 10 s, between 0 and 1 h
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder jitter(Duration jitter) {
      this.jitter = range("jitter", jitter, Duration.ZERO, Duration.ofHours(1));
      return this;
    }

    /**
     * @param preOpenLead how long before the next open an entry that lasts past it is reloaded; default
     *     5 min, between 0 and 12 h
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder preOpenLead(Duration preOpenLead) {
      this.preOpenLead = range("preOpenLead", preOpenLead, Duration.ZERO, Duration.ofHours(12));
      return this;
    }

    /**
     * @param maxConcurrent the most reloads running at once; default 4, between 1 and 256
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxConcurrent(int maxConcurrent) {
      if (maxConcurrent < 1 || maxConcurrent > 256) {
        throw new IllegalArgumentException("maxConcurrent must be between 1 and 256 but was " + maxConcurrent);
      }
      this.maxConcurrent = maxConcurrent;
      return this;
    }

    /**
     * @param perSecond reloads per second per source for sources without a rate of their own; default 5,
     *     between 0.001 and 10,000 (a bucket holds one second's worth, at least one)
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder ratePerSecond(double perSecond) {
      this.defaultRate = rate("ratePerSecond", perSecond);
      return this;
    }

    /**
     * @param source an upstream source, as in {@code CacheKey.builder(..).source(source)}
     * @param perSecond reloads per second allowed for it, between 0.001 and 10,000
     * @return this builder
     * @throws IllegalArgumentException if out of range or {@code source} is blank
     */
    public Builder ratePerSecond(String source, double perSecond) {
      if (requireNonNull(source, "source").isBlank()) {
        throw new IllegalArgumentException("source must not be blank; name the upstream, e.g. \"tushare\"");
      }
      rates.put(source, rate("ratePerSecond(" + source + ")", perSecond));
      return this;
    }

    /**
     * @param hotKeys the hot set's bound; default 10,000, between 1 and 1,000,000
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder hotKeys(int hotKeys) {
      if (hotKeys < 1 || hotKeys > 1_000_000) {
        throw new IllegalArgumentException("hotKeys must be between 1 and 1000000 but was " + hotKeys);
      }
      this.hotKeys = hotKeys;
      return this;
    }

    /**
     * @param hotWindow how long a key stays hot after its last read; default 1 h, between 1 s and 30 d
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder hotWindow(Duration hotWindow) {
      this.hotWindow = range("hotWindow", hotWindow, Duration.ofSeconds(1), Duration.ofDays(30));
      return this;
    }

    /**
     * @param first the wait after a first failed reload; default 5 s, between 1 ms and 1 h
     * @param max the longest wait; default 10 min, at least {@code first} and at most 1 d
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder backoff(Duration first, Duration max) {
      this.firstBackoff = range("backoff first", first, Duration.ofMillis(1), Duration.ofHours(1));
      this.maxBackoff = range("backoff max", max, first, Duration.ofDays(1));
      return this;
    }

    /**
     * @param tick how often the background round looks for keys to reload; default 1 s, between 10 ms
     *     and 1 h
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder tick(Duration tick) {
      this.tick = range("tick", tick, Duration.ofMillis(10), Duration.ofHours(1));
      return this;
    }

    /**
     * @param calendars the calendars that say when markets open; default {@link TradingCalendars#shipped()}
     * @return this builder
     */
    public Builder calendars(TradingCalendars calendars) {
      this.calendars = requireNonNull(calendars, "calendars");
      return this;
    }

    /**
     * @return the configuration
     * @throws IllegalStateException if no kind was given
     */
    public RefreshAhead build() {
      if (kinds.isEmpty()) {
        throw new IllegalStateException("RefreshAhead needs at least one data kind: call kinds(..), e.g. "
            + "kinds(DataKind.STOCK_DATA)");
      }
      return new RefreshAhead(this);
    }

    private static Duration range(String name, Duration value, Duration min, Duration max) {
      requireNonNull(value, name);
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(name + " must be between " + min + " and " + max + " but was " + value);
      }
      return value;
    }

    private static double rate(String name, double perSecond) {
      if (!(perSecond >= 0.001 && perSecond <= 10_000)) {
        throw new IllegalArgumentException(name + " must be between 0.001 and 10000 per second but was " + perSecond);
      }
      return perSecond;
    }
  }
}
