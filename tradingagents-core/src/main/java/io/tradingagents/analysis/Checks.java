package io.tradingagents.analysis;

import static java.util.Objects.requireNonNull;

/** Argument checks shared by the records of this package. */
final class Checks {
  private Checks() {}

  static String notBlank(String value, String name) {
    requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  static long notNegative(long value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0 but was " + value);
    }
    return value;
  }
}
