package io.tradingagents.cache.redis;

import io.tradingagents.cache.spi.TierEntry;

/**
 * The layout of one entry in one Redis string: the entry's {@linkplain TierEntry#stored() stored form}, a
 * fixed 17-byte header (format byte 1, created-at and expires-at as big-endian epoch milliseconds) followed
 * by the entry's bytes, which the engine already framed with its own header ({@link TierEntry#stored()}
 * writes it, {@link TierEntry#ofStored} reads it); here, the script that compares versions in that layout.
 */
final class StoredEntry {
  /**
   * A Lua script: {@code SET KEYS[1] ARGV[1] PX ARGV[2]} unless the key holds an entry in this layout whose
   * created-at (bytes 2 to 9, big-endian, compared byte by byte so no number conversion can round) is
   * later than the new entry's. Returns 1 if it wrote, 0 if not. Keys and values are binary.
   */
  static final byte[] PUT_UNLESS_NEWER = ("local stored = redis.call('get', KEYS[1])\n"
      + "if stored and string.len(stored) >= 17 and string.byte(stored, 1) == 1 then\n"
      + "  local written = ARGV[1]\n"
      + "  for i = 2, 9 do\n"
      + "    local a, b = string.byte(stored, i), string.byte(written, i)\n"
      + "    if a < b then break end\n"
      + "    if a > b then return 0 end\n"
      + "  end\n"
      + "end\n"
      + "redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])\n"
      + "return 1\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private StoredEntry() {}
}
