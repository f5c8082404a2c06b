package io.tradingagents.cache;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * What one upstream call for a data kind costs, declared with
 * {@link AdaptiveCacheBuilder#upstreamCost}: money (a unit that is an ISO 4217 code such as {@code USD})
 * or quota (any other unit, such as {@code tushare_points}). The cache multiplies it by the calls it
 * avoided; amounts of different units are never added together.
 *
 * @param amount cost of one call, not negative
 * @param unit a currency code or a quota unit: 1 to 32 characters of letters, digits and {@code _}
 */
public record UpstreamCost(BigDecimal amount, String unit) {

  /*
   * @throws IllegalArgumentException if the amount is negative or the unit malformed
   */
  public UpstreamCost {
    requireNonNull(amount, "amount");
    requireNonNull(unit, "unit");
    if (amount.signum() < 0) {
      throw new IllegalArgumentException("amount must be >= 0 but was " + amount);
    }
    if (!unit.matches("[A-Za-z0-9_]{1,32}")) {
      throw new IllegalArgumentException("unit must be 1-32 letters, digits or '_' but was '" + unit + "'");
    }
  }

  /**
   * @param amount e.g. {@code "0.002"}
   * @param unit e.g. {@code USD}
   * @return the cost
   * @throws IllegalArgumentException if the amount is not a non-negative decimal or the unit malformed
   */
  public static UpstreamCost of(String amount, String unit) {
    try {
      return new UpstreamCost(new BigDecimal(requireNonNull(amount, "amount").strip()), unit);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("amount must be a decimal number but was '" + amount + "'", e);
    }
  }
}
