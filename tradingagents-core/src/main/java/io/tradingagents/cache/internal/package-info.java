/**
 * The engine behind {@link io.tradingagents.cache.AdaptiveCache}. Not part of the API: nothing outside
 * core may import it, and it changes without notice.
 */
@NullMarked
package io.tradingagents.cache.internal;

import org.jspecify.annotations.NullMarked;
