package io.tradingagents.analysis;

import io.tradingagents.cache.CacheSavings;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Usage analytics over a period, grouped every way operators ask for, in a stated zone. Plain data that
 * serializes cleanly to JSON (Jackson with the java.time module). Costs are per currency everywhere.
 *
 * @param zone the zone days and hours are counted in, e.g. {@code Asia/Shanghai}
 * @param from the period's start, or {@code null}
 * @param to the period's end (exclusive), or {@code null}
 * @param total everything in the period
 * @param byDay per calendar day in {@code zone}
 * @param byHour per hour of the day (0-23) in {@code zone}
 * @param byProvider per provider
 * @param byProviderModel per {@code provider/model}
 * @param byModule per module ({@code (none)} for records without one)
 * @param byAnalysisType per analysis type ({@code (none)} for records without one)
 * @param cacheSavings what the cache avoided, if a cache was given
 */
public record UsageReport(String zone, @Nullable Instant from, @Nullable Instant to, UsageSummary total,
    SortedMap<LocalDate, UsageSummary> byDay, SortedMap<Integer, UsageSummary> byHour,
    Map<String, UsageSummary> byProvider, Map<String, UsageSummary> byProviderModel,
    Map<String, UsageSummary> byModule, Map<String, UsageSummary> byAnalysisType,
    @Nullable CacheSavings cacheSavings) {

  /* Makes the maps unmodifiable (sorted ones stay sorted). */
  public UsageReport {
    byDay = Collections.unmodifiableSortedMap(new TreeMap<>(byDay));
    byHour = Collections.unmodifiableSortedMap(new TreeMap<>(byHour));
    byProvider = Collections.unmodifiableSortedMap(new TreeMap<>(byProvider));
    byProviderModel = Collections.unmodifiableSortedMap(new TreeMap<>(byProviderModel));
    byModule = Collections.unmodifiableSortedMap(new TreeMap<>(byModule));
    byAnalysisType = Collections.unmodifiableSortedMap(new TreeMap<>(byAnalysisType));
  }

  /**
   * @param savings the cache's savings
   * @return this report with the cache's savings attached
   */
  public UsageReport withCacheSavings(CacheSavings savings) {
    return new UsageReport(zone, from, to, total, byDay, byHour, byProvider, byProviderModel, byModule,
        byAnalysisType, savings);
  }
}
