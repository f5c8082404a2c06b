package io.tradingagents.analysis;

import static java.util.Objects.requireNonNull;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Groups usage records by day and hour in a zone (default {@code Asia/Shanghai}, as the reference
 * deployment counted), by provider, provider and model, module and analysis type, and per session.
 * Stateless and thread-safe.
 */
public final class UsageAnalytics {
  /** The zone of the reference deployment. */
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");
  private static final String NONE = "(none)";

  private final ZoneId zone;

  /** @param zone the zone whose calendar days and hours group the records */
  public UsageAnalytics(ZoneId zone) {
    this.zone = requireNonNull(zone, "zone");
  }

  /** Analytics in {@link #DEFAULT_ZONE}. */
  public UsageAnalytics() {
    this(DEFAULT_ZONE);
  }

  /**
   * @param store the store to read
   * @param period the period
   * @return the report of the store's records in the period
   */
  public UsageReport report(UsageStore store, UsagePeriod period) {
    return report(store.query(period.from(), period.to()), period);
  }

  /**
   * @param records the records; those outside {@code period} are ignored
   * @param period the period
   * @return the report
   */
  public UsageReport report(Collection<UsageRecord> records, UsagePeriod period) {
    UsageSummary.Accumulator total = new UsageSummary.Accumulator();
    Map<java.time.LocalDate, UsageSummary.Accumulator> byDay = new TreeMap<>();
    Map<Integer, UsageSummary.Accumulator> byHour = new TreeMap<>();
    Map<String, UsageSummary.Accumulator> byProvider = new HashMap<>();
    Map<String, UsageSummary.Accumulator> byProviderModel = new HashMap<>();
    Map<String, UsageSummary.Accumulator> byModule = new HashMap<>();
    Map<String, UsageSummary.Accumulator> byType = new HashMap<>();
    for (UsageRecord record : records) {
      if (!period.contains(record.timestamp())) {
        continue;
      }
      ZonedDateTime local = record.timestamp().atZone(zone);
      total.add(record);
      add(byDay, local.toLocalDate(), record);
      add(byHour, local.getHour(), record);
      add(byProvider, record.provider(), record);
      add(byProviderModel, record.provider() + '/' + record.model(), record);
      add(byModule, record.module() == null ? NONE : record.module(), record);
      add(byType, record.analysisType() == null ? NONE : record.analysisType(), record);
    }
    return new UsageReport(zone.getId(), period.from(), period.to(), total.freeze(),
        new TreeMap<>(freeze(byDay)), new TreeMap<>(freeze(byHour)), freeze(byProvider),
        freeze(byProviderModel), freeze(byModule), freeze(byType), null);
  }

  /**
   * @param records the records
   * @param sessionId the session
   * @return the session's totals
   */
  public UsageSummary session(Collection<UsageRecord> records, String sessionId) {
    requireNonNull(sessionId, "sessionId");
    UsageSummary.Accumulator total = new UsageSummary.Accumulator();
    records.stream().filter(r -> sessionId.equals(r.sessionId())).forEach(total::add);
    return total.freeze();
  }

  private static <K> void add(Map<K, UsageSummary.Accumulator> groups, K key, UsageRecord record) {
    groups.computeIfAbsent(key, k -> new UsageSummary.Accumulator()).add(record);
  }

  private static <K> Map<K, UsageSummary> freeze(Map<K, UsageSummary.Accumulator> groups) {
    Map<K, UsageSummary> frozen = new HashMap<>();
    groups.forEach((k, acc) -> frozen.put(k, acc.freeze()));
    return frozen;
  }

}
