package io.suanli.catalog.domain;

import java.math.BigDecimal;

/**
 * How the exchange plans and bills: slot length, planning horizon, freeze window (in slots),
 * the shadow price of carbon, the currency and the time zone of statements.
 */
public record ExchangeSettings(
        Integer slotMinutes,
        Integer horizonHours,
        Integer freezeSlots,
        BigDecimal carbonPricePerTonne,
        String currency,
        String timeZone) {}
