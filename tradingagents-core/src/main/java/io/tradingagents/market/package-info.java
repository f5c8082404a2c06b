/**
 * Trading calendars and market-aware expiry: {@link io.tradingagents.market.TradingCalendar} (sessions,
 * lunch breaks, holidays, early closes and late opens of one market, loaded from a
 * {@link io.tradingagents.market.CalendarFile}), {@link io.tradingagents.market.TradingCalendars} (the
 * calendars of every market, with run-time additions) and
 * {@link io.tradingagents.market.MarketExpiryPolicy}, which makes entries expire with the market's sessions
 * instead of after a flat TTL. See {@code docs/freshness.md}.
 */
@NullMarked
package io.tradingagents.market;

import org.jspecify.annotations.NullMarked;
