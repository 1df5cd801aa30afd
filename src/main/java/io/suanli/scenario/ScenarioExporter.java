package io.suanli.scenario;

import io.smallrye.mutiny.Uni;
import io.suanli.catalog.domain.ExchangeSettings;
import io.suanli.catalog.domain.Node;
import io.suanli.catalog.domain.Region;
import io.suanli.catalog.domain.Site;
import io.suanli.catalog.domain.SiteLatency;
import io.suanli.catalog.domain.Tenant;
import io.suanli.catalog.persistence.CatalogMapper;
import io.suanli.catalog.persistence.NodeEntity;
import io.suanli.catalog.persistence.RegionEntity;
import io.suanli.catalog.persistence.SiteEntity;
import io.suanli.catalog.persistence.SiteLatencyEntity;
import io.suanli.catalog.persistence.TenantEntity;
import io.suanli.catalog.service.SettingsStore;
import io.suanli.common.time.Slots;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/** Writes the current estate and settings as a scenario whose hour 0 is the current slot. */
@ApplicationScoped
public class ScenarioExporter {

    private final Mutiny.SessionFactory sessions;
    private final SettingsStore settings;
    private final Clock clock;

    public ScenarioExporter(Mutiny.SessionFactory sessions, SettingsStore settings, Clock clock) {
        this.sessions = sessions;
        this.settings = settings;
        this.clock = clock;
    }

    public Uni<ScenarioDocument> exportCurrent() {
        return sessions.withTransaction(session -> settings.load(session).chain(stored -> {
            ExchangeSettings exchange = CatalogMapper.toDomain(stored);
            Instant hourZero = Slots.slotStart(clock.instant(), Duration.ofMinutes(exchange.slotMinutes()));
            int hours = exchange.horizonHours();
            return all(session, RegionEntity.class).chain(regions -> all(session, SiteEntity.class).chain(sites ->
                    session.createSelectionQuery("from SiteLatencyEntity order by pair.siteA, pair.siteB", SiteLatencyEntity.class)
                            .getResultList()
                            .chain(latency -> all(session, TenantEntity.class).chain(tenants ->
                                    all(session, NodeEntity.class).map(nodes -> new ScenarioDocument(
                                            ScenarioDocument.FORMAT,
                                            "current",
                                            "The exchange's estate at " + hourZero,
                                            hourZero,
                                            hours,
                                            exchange.carbonPricePerTonne(),
                                            regions.stream().map(CatalogMapper::toDomain).map(r -> region(r, hourZero, hours)).toList(),
                                            sites.stream().map(CatalogMapper::toDomain).map(ScenarioExporter::site).toList(),
                                            latency.stream().map(CatalogMapper::toDomain).map(ScenarioExporter::latency).toList(),
                                            tenants.stream().map(CatalogMapper::toDomain).map(ScenarioExporter::tenant).toList(),
                                            nodes.stream().map(CatalogMapper::toDomain).map(ScenarioExporter::node).toList(),
                                            List.of()))))));
        }));
    }

    private static <E> Uni<List<E>> all(Mutiny.Session session, Class<E> type) {
        return session.createSelectionQuery("from " + type.getSimpleName() + " order by name", type).getResultList();
    }

    private static ScenarioDocument.Region region(Region r, Instant hourZero, int hours) {
        return new ScenarioDocument.Region(r.name(), r.displayName(), r.intensitySeries(hourZero, hours));
    }

    private static ScenarioDocument.Site site(Site s) {
        return new ScenarioDocument.Site(s.name(), s.displayName(), s.region(), s.tier().name(), s.pue());
    }

    private static ScenarioDocument.Latency latency(SiteLatency l) {
        return new ScenarioDocument.Latency(l.from(), l.to(), l.ms());
    }

    private static ScenarioDocument.Tenant tenant(Tenant t) {
        return new ScenarioDocument.Tenant(t.name(), t.gpuQuota(), t.cpuQuota());
    }

    private static ScenarioDocument.Node node(Node n) {
        return new ScenarioDocument.Node(
                n.name(),
                n.site(),
                n.cpuCores(),
                n.memoryGiB(),
                n.gpus(),
                n.gpuModel(),
                new ScenarioDocument.Prices(n.pricePerHour().cpuCore(), n.pricePerHour().memoryGiB(), n.pricePerHour().gpu()),
                new ScenarioDocument.Power(n.powerWatts().cpuCore(), n.powerWatts().gpu()));
    }
}
