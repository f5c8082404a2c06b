package io.tradingagents.analysis;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;

/**
 * A day's spending in one currency crossed its threshold. Raised once per currency and day.
 *
 * @param currency the currency
 * @param day the day, in the tracker's zone
 * @param total the day's total when the threshold was crossed
 * @param threshold the configured threshold
 */
public record CostAlert(Currency currency, LocalDate day, BigDecimal total, BigDecimal threshold) {}
