package io.tradingagents.cache;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The hashed part of a {@link CacheKey}: the first 128 bits, in lower-case hex, of SHA-256 over the UTF-8
 * bytes of the length-prefixed fields {@code <len>:source<len>:<source>}, {@code <len>:from<len>:<date>},
 * {@code <len>:to<len>:<date>} and {@code <len>:p.<name><len>:<value>} per parameter in name order, where
 * each length counts UTF-16 chars and absent fields are left out. This text is the stable part of the key
 * format; {@code CacheKeyCanonicalFormTest} pins it.
 *
 * <p>The bytes are written straight into a reused buffer (dates as {@code yyyy-MM-dd} digits, ASCII
 * without a charset encoder), hashed with a reused {@link MessageDigest} into a reused array, and the
 * whole canonical form is assembled in a third reused buffer and copied once into its {@code String}; one
 * of each per thread: a {@code MessageDigest.getInstance} per key cost more than the rest of the key.
 *
 * <p>The digest covers neither the symbol nor the namespace, kind or market, so keys built one after
 * another for the same source and date range (a watchlist fetched for one period, the same request made
 * again) share it: each thread remembers its last digest of a key without parameters and its inputs, and
 * reuses it when they are equal. SHA-256 of the fields is then computed once per distinct request, not
 * once per key; the bytes are the same either way.
 *
 * <p>Thread-safe: each thread has its own instance; an instance is not reentrant (nothing it calls can
 * call back into it).
 */
final class KeyDigest {
  private static final int HEX_LENGTH = 32;
  /** The digest of no fields at all (SHA-256 of the empty input). */
  private static final byte[] EMPTY_HEX = "e3b0c44298fc1c149afbf4c8996fb924".getBytes(ISO_8859_1);

  private static final byte[] HEX_DIGITS = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b',
      'c', 'd', 'e', 'f'};
  private static final int INITIAL_BUFFER = 128;
  /** A buffer grown past this for an unusually long key is not kept for the thread's later keys. */
  private static final int MAX_KEPT_BUFFER = 4096;
  private static final ThreadLocal<KeyDigest> PER_THREAD = ThreadLocal.withInitial(KeyDigest::new);

  private final MessageDigest sha256;
  private final byte[] sha = new byte[32];
  private final byte[] hex = new byte[HEX_LENGTH];
  /** The canonical form of ASCII keys; the longest is well under 256 bytes. */
  private final byte[] out = new byte[256];
  private byte[] buf = new byte[INITIAL_BUFFER];
  /** Whether {@link #hex} is the digest of {@link #lastSource}, {@link #lastFrom}, {@link #lastTo}. */
  private boolean lastValid;
  private @Nullable String lastSource;
  private @Nullable LocalDate lastFrom;
  private @Nullable LocalDate lastTo;
  private int len;

  private KeyDigest() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /**
   * Renders a canonical key {@code ta:<namespace>:<kind>:<market>:<symbol>:<digest>} in one string.
   *
   * @param namespace the namespace (ASCII, validated)
   * @param kind the kind's name (ASCII, validated)
   * @param market the market's code (ASCII)
   * @param symbol the normalized symbol
   * @param source the source, or null
   * @param from the first day, or null
   * @param to the last day, or null
   * @param params the parameters, sorted by name
   * @return the canonical form
   */
  static String canonical(String namespace, String kind, String market, String symbol, @Nullable String source,
      @Nullable LocalDate from, @Nullable LocalDate to, Map<String, String> params) {
    return PER_THREAD.get().render(namespace, kind, market, symbol, source, from, to, params);
  }

  private String render(String namespace, String kind, String market, String symbol, @Nullable String source,
      @Nullable LocalDate from, @Nullable LocalDate to, Map<String, String> params) {
    byte[] digestHex = EMPTY_HEX;
    if (source != null || from != null || to != null || !params.isEmpty()) {
      boolean repeated = params.isEmpty() && lastValid && Objects.equals(source, lastSource)
          && Objects.equals(from, lastFrom) && Objects.equals(to, lastTo);
      if (!repeated) {
        digest(source, from, to, params);
        lastValid = params.isEmpty();
        lastSource = source;
        lastFrom = from;
        lastTo = to;
      }
      digestHex = hex;
    }
    int n = 0;
    n = copyAscii(CacheKey.PREFIX, n);
    n = copyAscii(namespace, n);
    out[n++] = ':';
    n = copyAscii(kind, n);
    out[n++] = ':';
    n = copyAscii(market, n);
    out[n++] = ':';
    n = copyAscii(symbol, n);
    if (n < 0) { // a symbol beyond ASCII, or longer than the buffer
      return CacheKey.PREFIX + namespace + ':' + kind + ':' + market + ':' + symbol + ':'
          + new String(digestHex, ISO_8859_1);
    }
    out[n++] = ':';
    System.arraycopy(digestHex, 0, out, n, HEX_LENGTH);
    return new String(out, 0, n + HEX_LENGTH, ISO_8859_1);
  }

  /** Copies {@code text} into {@link #out} at {@code at}; -1 if not ASCII or it does not fit. */
  private int copyAscii(String text, int at) {
    if (at < 0) {
      return at;
    }
    int n = text.length();
    if (at + n + 1 + HEX_LENGTH > out.length) {
      return -1;
    }
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        return -1;
      }
      out[at + i] = (byte) c;
    }
    return at + n;
  }

  private void digest(@Nullable String source, @Nullable LocalDate from, @Nullable LocalDate to,
      Map<String, String> params) {
    len = 0;
    if (source != null) {
      ascii("6:source");
      text(source);
    }
    if (from != null) {
      ascii("4:from");
      date(from);
    }
    if (to != null) {
      ascii("2:to");
      date(to);
    }
    for (Map.Entry<String, String> param : params.entrySet()) {
      String name = param.getKey();
      number(name.length() + 2);
      ascii(":p.");
      utf8(name);
      text(param.getValue());
    }
    sha256.update(buf, 0, len);
    try {
      sha256.digest(sha, 0, sha.length);
    } catch (DigestException e) {
      throw new IllegalStateException("SHA-256 did not fit its 32-byte output", e);
    }
    if (buf.length > MAX_KEPT_BUFFER) {
      buf = new byte[INITIAL_BUFFER];
    }
    for (int i = 0; i < 16; i++) {
      hex[2 * i] = HEX_DIGITS[(sha[i] >> 4) & 0xF];
      hex[2 * i + 1] = HEX_DIGITS[sha[i] & 0xF];
    }
  }

  /** Appends {@code <chars>:<value>}. */
  private void text(String value) {
    number(value.length());
    ensure(1);
    buf[len++] = ':';
    utf8(value);
  }

  /** Appends {@code 10:yyyy-MM-dd}, exactly as {@code <length>:} and {@link LocalDate#toString()}. */
  private void date(LocalDate date) {
    int year = date.getYear();
    if (year < 0 || year > 9999) {
      text(date.toString());
      return;
    }
    ensure(13);
    buf[len++] = '1';
    buf[len++] = '0';
    buf[len++] = ':';
    digits(year, 4);
    buf[len++] = '-';
    digits(date.getMonthValue(), 2);
    buf[len++] = '-';
    digits(date.getDayOfMonth(), 2);
  }

  private void digits(int value, int width) {
    for (int i = len + width - 1; i >= len; i--) {
      buf[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    len += width;
  }

  private void number(int value) {
    int width = 1;
    for (int v = value; v >= 10; v /= 10) {
      width++;
    }
    ensure(width);
    digits(value, width);
  }

  private void ascii(String text) {
    ensure(text.length());
    for (int i = 0; i < text.length(); i++) {
      buf[len++] = (byte) text.charAt(i);
    }
  }

  private void utf8(String text) {
    int n = text.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        byte[] encoded = text.getBytes(UTF_8);
        ensure(encoded.length);
        System.arraycopy(encoded, 0, buf, len, encoded.length);
        len += encoded.length;
        return;
      }
      buf[len + i] = (byte) c;
    }
    len += n;
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }
}
