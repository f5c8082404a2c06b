/**
 * The local file tier: {@link io.tradingagents.cache.file.FileTier} stores one checksummed file per entry
 * under a directory (named by a SHA-256 hash of the key, never by user input), written atomically, expired
 * by a background sweeper and bounded by a size cap with least-recently-used eviction. Several processes
 * may share the directory. {@link io.tradingagents.cache.file.FileCacheProvider} opens it from the
 * {@code TA_CACHE_*} settings and is registered for {@link java.util.ServiceLoader}.
 */
@NullMarked
package io.tradingagents.cache.file;

import org.jspecify.annotations.NullMarked;
