package io.tradingagents.analysis;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.Currency;

/**
 * An amount in one currency. Amounts in different currencies are never added together: {@link #plus}
 * refuses to.
 *
 * @param amount the amount, not negative
 * @param currency the ISO 4217 currency
 */
public record Money(BigDecimal amount, Currency currency) {

  /*
   * @throws IllegalArgumentException if {@code amount} is negative
   */
  public Money {
    requireNonNull(amount, "amount");
    requireNonNull(currency, "currency");
    if (amount.signum() < 0) {
      throw new IllegalArgumentException("amount must be >= 0 but was " + amount);
    }
  }

  /**
   * @param amount the amount, e.g. {@code "0.0123"}
   * @param currencyCode an ISO 4217 code, e.g. {@code USD} or {@code CNY}
   * @return the money
   * @throws IllegalArgumentException if the amount is not a non-negative decimal or the code is unknown
   */
  public static Money of(String amount, String currencyCode) {
    requireNonNull(amount, "amount");
    BigDecimal parsed;
    try {
      parsed = new BigDecimal(amount.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("amount must be a decimal number but was '" + amount + "'", e);
    }
    return new Money(parsed, currency(currencyCode));
  }

  /**
   * @param code an ISO 4217 code
   * @return the currency
   * @throws IllegalArgumentException if the code is unknown, naming it
   */
  public static Currency currency(String code) {
    requireNonNull(code, "currency");
    try {
      return Currency.getInstance(code.strip().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Unknown currency code '" + code
          + "'; use an ISO 4217 code such as USD or CNY", e);
    }
  }

  /**
   * @param currency the currency
   * @return zero in that currency
   */
  public static Money zero(Currency currency) {
    return new Money(BigDecimal.ZERO, currency);
  }

  /**
   * @param other an amount in the same currency
   * @return the sum
   * @throws IllegalArgumentException if the currencies differ
   */
  public Money plus(Money other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException("Cannot add " + other.currency + " to " + currency
          + ": amounts in different currencies are reported separately");
    }
    return new Money(amount.add(other.amount), currency);
  }

  @Override
  public String toString() {
    return amount.toPlainString() + ' ' + currency.getCurrencyCode();
  }
}
