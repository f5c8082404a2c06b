package io.tradingagents.examples.quickstart;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.List;

/**
 * The news about one symbol over a date range, with a sentiment score per headline, as a news API returns
 * it. Immutable and serializable by the cache's Jackson codec.
 *
 * @param symbol the ticker symbol
 * @param source the upstream that produced it
 * @param from first day asked for, inclusive
 * @param to last day asked for, inclusive
 * @param headlines newest first; unmodifiable
 * @param averageSentiment mean of the headlines' sentiment, from -1 (negative) to 1 (positive)
 */
public record NewsDigest(String symbol, String source, LocalDate from, LocalDate to, List<Headline> headlines,
    double averageSentiment) {

  /** Checks the fields and copies the headlines. */
  public NewsDigest {
    requireNonNull(symbol, "symbol");
    requireNonNull(source, "source");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    headlines = List.copyOf(headlines);
  }

  /**
   * One article.
   *
   * @param date publication day
   * @param title the headline
   * @param sentiment from -1 (negative) to 1 (positive)
   */
  public record Headline(LocalDate date, String title, double sentiment) {

    /** Checks the fields. */
    public Headline {
      requireNonNull(date, "date");
      requireNonNull(title, "title");
    }
  }
}
