package io.tradingagents.cache;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * The market a symbol trades on. It selects TTLs (A-share data is refreshed more often than US data in
 * the reference table) and is part of every {@link CacheKey}.
 */
public enum Market {
  /** United States (and any symbol not recognised as another market). */
  US("us"),
  /** Mainland China A-shares (Shanghai, Shenzhen, Beijing): six-digit codes. */
  CHINA_A("cn"),
  /** Hong Kong: {@code NNNN.HK} or five-digit codes. */
  HONG_KONG("hk");

  private final String code;

  Market(String code) {
    this.code = code;
  }

  /** @return the short code used in keys and configuration: {@code us}, {@code cn} or {@code hk} */
  public String code() {
    return code;
  }

  /**
   * Detects the market from the symbol's shape: six digits (optionally {@code .SH}, {@code .SS},
   * {@code .SZ} or {@code .BJ}) is an A-share ({@code 000001}, {@code 600519}), and so is a name in Chinese
   * characters ({@code 平安银行}); one to five digits with {@code .HK}, or exactly five digits, is Hong Kong
   * ({@code 0700.HK}, {@code 00700}); anything else is US ({@code AAPL}, {@code BRK.B}). State the market explicitly where the shape is ambiguous.
   *
   * @param symbol the ticker symbol
   * @return the detected market, never null
   * @throws NullPointerException if {@code symbol} is null
   * @throws IllegalArgumentException if {@code symbol} is blank
   */
  public static Market detect(String symbol) {
    requireNonNull(symbol, "symbol");
    String s = symbol.strip().toUpperCase(Locale.ROOT);
    if (s.isEmpty()) {
      throw new IllegalArgumentException("symbol must not be blank");
    }
    int dot = s.indexOf('.');
    String code = dot < 0 ? s : s.substring(0, dot);
    String suffix = dot < 0 ? "" : s.substring(dot + 1);
    if (!isDigits(code)) {
      return containsHan(s) ? CHINA_A : US;
    }
    if (code.length() == 6 && (suffix.isEmpty() || suffix.equals("SH") || suffix.equals("SS")
        || suffix.equals("SZ") || suffix.equals("BJ"))) {
      return CHINA_A;
    }
    if ((suffix.equals("HK") && code.length() <= 5) || (suffix.isEmpty() && code.length() == 5)) {
      return HONG_KONG;
    }
    return US;
  }

  /**
   * Parses a market name from configuration or user input.
   *
   * @param value one of {@code us}, {@code cn}, {@code china_a}, {@code a_share}, {@code hk},
   *     {@code hong_kong} (case-insensitive, {@code -} and {@code _} alike)
   * @return the market
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} names no market
   */
  public static Market parse(String value) {
    requireNonNull(value, "value");
    switch (value.strip().toLowerCase(Locale.ROOT).replace('-', '_')) {
      case "us": return US;
      case "cn": case "china_a": case "a_share": case "china": return CHINA_A;
      case "hk": case "hong_kong": return HONG_KONG;
      default:
        throw new IllegalArgumentException("Unknown market '" + value
            + "'; accepted: us, cn (china_a, a_share), hk (hong_kong)");
    }
  }

  private static boolean containsHan(String s) {
    return s.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
