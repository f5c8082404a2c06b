/**
 * Analysis results, API usage and cost: the records an analysis application keeps, the stores they live
 * in ({@link io.tradingagents.analysis.AnalysisStore}, {@link io.tradingagents.analysis.UsageStore},
 * {@link io.tradingagents.analysis.SessionStore}), implemented by the MongoDB and file modules.
 */
@NullMarked
package io.tradingagents.analysis;

import org.jspecify.annotations.NullMarked;
