package io.suanli.catalog.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.suanli.catalog.domain.ExchangeSettings;
import java.math.BigDecimal;

/** The exchange settings a new database starts with ({@code suanli.exchange.*}). */
@ConfigMapping(prefix = "suanli.exchange")
public interface ExchangeDefaults {

    /** Length of a planning slot in minutes. */
    @WithDefault("60")
    int slotMinutes();

    /** How far ahead the scheduler plans, in hours. */
    @WithDefault("24")
    int horizonHours();

    /** Slots from now within which a plan is committed (the current and the next by default). */
    @WithDefault("2")
    int freezeSlots();

    /** Shadow price of carbon, currency per tonne CO2e. */
    @WithDefault("200")
    BigDecimal carbonPricePerTonne();

    /** ISO 4217 currency of prices and the ledger. */
    @WithDefault("CNY")
    String currency();

    /** Time zone of statements and billing periods. */
    @WithDefault("Asia/Shanghai")
    String timeZone();

    default ExchangeSettings settings() {
        return new ExchangeSettings(
                slotMinutes(), horizonHours(), freezeSlots(), carbonPricePerTonne(), currency(), timeZone());
    }
}
