package io.suanli.catalog.service;

import io.smallrye.mutiny.Uni;
import io.suanli.audit.domain.AuditEntry;
import io.suanli.audit.service.AuditTrail;
import io.suanli.security.Caller;
import io.suanli.security.CallerResolver;
import jakarta.inject.Inject;
import io.suanli.catalog.domain.CatalogRules;
import io.suanli.catalog.domain.ExchangeSettings;
import io.suanli.catalog.persistence.CatalogMapper;
import io.suanli.catalog.persistence.ExchangeSettingsEntity;
import io.suanli.common.problem.ProblemException;
import io.suanli.common.problem.Violations;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.hibernate.reactive.mutiny.Mutiny;

/** The exchange settings, one row, created from the configured defaults on first start. */
@ApplicationScoped
public class SettingsStore {

    // Field-injected so the constructor (and its callers) stay as they are.
    @Inject
    AuditTrail audit;
    @Inject
    CallerResolver callers;


    private final Mutiny.SessionFactory sessions;
    private final Clock clock;
    private final ExchangeDefaults defaults;

    public SettingsStore(Mutiny.SessionFactory sessions, Clock clock, ExchangeDefaults defaults) {
        this.sessions = sessions;
        this.clock = clock;
        this.defaults = defaults;
    }

    public Uni<ExchangeSettings> get() {
        return sessions.withTransaction(this::load).map(CatalogMapper::toDomain);
    }

    public Uni<ExchangeSettings> update(ExchangeSettings settings) {
        if (settings == null) {
            throw ProblemException.malformed("body", "a JSON object is required");
        }
        Violations violations = new Violations();
        CatalogRules.checkSettings(settings, "", violations);
        violations.throwIfAny();
        Caller caller = callers.current();
        return sessions.withTransaction(session -> load(session)
                        .chain(entity -> {
                            ExchangeSettings before = CatalogMapper.toDomain(entity);
                            CatalogMapper.copyInto(settings, entity, clock.instant());
                            return audit.append(session, AuditEntry.of(caller, "settings.update", "settings",
                                    before, CatalogMapper.toDomain(entity))).replaceWith(entity);
                        }))
                .map(CatalogMapper::toDomain);
    }

    /**
     * The row, created from the defaults when the database is new. Several components read the
     * settings at start-up at once: the insert gives way to a concurrent one (on conflict do
     * nothing waits for it to commit), and the row is then read as committed.
     */
    public Uni<ExchangeSettingsEntity> load(Mutiny.Session session) {
        return session.find(ExchangeSettingsEntity.class, ExchangeSettingsEntity.THE_ROW).chain(found -> {
            if (found != null) {
                return Uni.createFrom().item(found);
            }
            ExchangeSettings d = defaults.settings();
            return session.createNativeQuery("insert into exchange_settings (id, slot_minutes, horizon_hours, freeze_slots,"
                            + " carbon_price_per_tonne, currency, time_zone, updated_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                            + " on conflict (id) do nothing")
                    .setParameter(1, ExchangeSettingsEntity.THE_ROW).setParameter(2, d.slotMinutes())
                    .setParameter(3, d.horizonHours()).setParameter(4, d.freezeSlots())
                    .setParameter(5, d.carbonPricePerTonne()).setParameter(6, d.currency()).setParameter(7, d.timeZone())
                    .setParameter(8, java.time.OffsetDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC))
                    .executeUpdate()
                    .chain(() -> session.find(ExchangeSettingsEntity.class, ExchangeSettingsEntity.THE_ROW));
        });
    }
}
