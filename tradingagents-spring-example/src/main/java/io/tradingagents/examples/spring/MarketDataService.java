package io.tradingagents.examples.spring;

import io.tradingagents.examples.spring.Upstream.Headlines;
import io.tradingagents.examples.spring.Upstream.PriceHistory;
import io.tradingagents.examples.spring.Upstream.Quote;
import io.tradingagents.spring.CacheKind;
import java.time.LocalDate;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * A market-data service cached with Spring's annotations. Each cache name is a namespace of the
 * tradingagents cache; the key generator makes a {@code CacheKey} of the arguments (symbol, dates,
 * source), so an A-share symbol gets A-share TTLs and two date ranges never share an entry; values are
 * read back as the declared return type.
 */
@Service
public class MarketDataService {
  private final Upstream upstream;

  /** @param upstream the market-data API */
  public MarketDataService(Upstream upstream) {
    this.upstream = upstream;
  }

  /**
   * {@code sync = true}: concurrent callers share one upstream call (and, with Redis, so do other
   * instances).
   *
   * @param symbol e.g. {@code AAPL} or {@code 600519}
   * @return the last price
   */
  @Cacheable(cacheNames = "quotes", sync = true)
  public Quote quote(String symbol) {
    return upstream.quote(symbol);
  }

  /**
   * @param symbol the symbol
   * @param from first day
   * @param to last day
   * @param source the upstream source
   * @return daily closes
   */
  @Cacheable("histories")
  public PriceHistory history(String symbol, LocalDate from, LocalDate to, String source) {
    return upstream.history(symbol, from, to, source);
  }

  /**
   * The {@code news} cache has the data kind {@code news} in application.yml; {@link CacheKind} states it
   * on the method as well.
   *
   * @param symbol the symbol
   * @return headlines
   */
  @Cacheable(cacheNames = "news", sync = true)
  @CacheKind("news")
  public Headlines headlines(String symbol) {
    return upstream.headlines(symbol);
  }

  /**
   * @param quote a quote from elsewhere (e.g. a push feed) to store
   * @return the quote
   */
  @CachePut(cacheNames = "quotes", key = "#quote.symbol()")
  public Quote update(Quote quote) {
    return quote;
  }

  /**
   * Drops a symbol's quote in every tier and every instance.
   *
   * @param symbol the symbol
   */
  @CacheEvict("quotes")
  public void refresh(String symbol) {}

  /** Drops every quote: the {@code quotes} namespace, by key prefix, in every tier. */
  @CacheEvict(cacheNames = "quotes", allEntries = true)
  public void refreshAll() {}
}
