package io.suanli.catalog.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** The single row of {@code exchange_settings}. */
@Entity
@Table(name = "exchange_settings")
public class ExchangeSettingsEntity {
    public static final short THE_ROW = 1;

    @Id
    public short id = THE_ROW;

    @Column(name = "slot_minutes")
    public int slotMinutes;

    @Column(name = "horizon_hours")
    public int horizonHours;

    @Column(name = "freeze_slots")
    public int freezeSlots;

    @Column(name = "carbon_price_per_tonne")
    public BigDecimal carbonPricePerTonne;

    public String currency;

    @Column(name = "time_zone")
    public String timeZone;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
