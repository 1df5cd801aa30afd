package io.suanli.scenario;

import io.smallrye.mutiny.Uni;
import io.suanli.audit.domain.AuditEntry;
import io.suanli.audit.service.AuditTrail;
import io.suanli.security.Caller;
import io.suanli.catalog.domain.Estate;
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
import io.suanli.catalog.domain.EstateView;
import io.suanli.catalog.service.EstateCache;
import io.suanli.common.problem.FieldError;
import io.suanli.common.problem.ProblemException;
import io.suanli.jobs.domain.InfeasibleJobException;
import io.suanli.jobs.service.JobService;
import io.suanli.jobs.service.Submission;
import io.suanli.catalog.service.SettingsStore;
import io.suanli.common.time.Slots;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Imports a scenario's estate and settings in one transaction: all or nothing. Objects are
 * created or updated by name; objects the scenario does not mention are left as they are.
 */
@ApplicationScoped
public class ScenarioImporter {

    private static final Logger LOG = Logger.getLogger(ScenarioImporter.class);
    /** Keeps IN lists well below PostgreSQL's limit of 65,535 bind parameters. */
    private static final int IN_CHUNK = 5_000;

    private final Mutiny.SessionFactory sessions;
    private final SettingsStore settings;
    private final Clock clock;
    private final EstateCache cache;
    private final JobService jobs;
    private final AuditTrail audit;

    public ScenarioImporter(Mutiny.SessionFactory sessions, SettingsStore settings, Clock clock, EstateCache cache,
            JobService jobs, AuditTrail audit) {
        this.audit = audit;
        this.sessions = sessions;
        this.settings = settings;
        this.clock = clock;
        this.cache = cache;
        this.jobs = jobs;
    }

    /** Imports on behalf of the service itself (the demo loader, tools). */
    public Uni<ImportReport> importScenario(ScenarioDocument doc) {
        return importScenario(doc, Caller.system("internal"));
    }

    /** Imports on behalf of {@code caller}, who is named in the audit trail. */
    public Uni<ImportReport> importScenario(ScenarioDocument doc, Caller caller) {
        long started = System.nanoTime();
        Instant now = clock.instant();
        return sessions.withTransaction(session -> settings.load(session).chain(stored -> {
            Instant carbonStart = doc != null && doc.startsAt() != null
                    ? doc.startsAt()
                    : Slots.slotStart(now, Duration.ofMinutes(stored.slotMinutes));
            Estate estate = ScenarioValidator.toEstate(doc, carbonStart);
            stored.horizonHours = doc.horizonHours();
            stored.carbonPricePerTonne = doc.carbonPricePerTonne();
            stored.updatedAt = now;
            Upserts upserts = new Upserts(session, now);
            Tally tally = new Tally();
            // Parents before children: regions, sites, latency, tenants, nodes, then the jobs.
            return upserts.named(RegionEntity.class, estate.regions(), Region::name, e -> e.name, RegionEntity::new,
                            (r, e) -> CatalogMapper.copyInto(r, e, now))
                    .invoke(counts -> tally.regions = counts)
                    .chain(() -> upserts.named(SiteEntity.class, estate.sites(), Site::name, e -> e.name, SiteEntity::new,
                            (s, e) -> CatalogMapper.copyInto(s, e, now)))
                    .invoke(counts -> tally.sites = counts)
                    .chain(() -> upserts.latencies(estate.latencies()))
                    .invoke(counts -> tally.latency = counts)
                    .chain(() -> upserts.named(TenantEntity.class, estate.tenants(), Tenant::name, e -> e.name,
                            TenantEntity::new, ScenarioImporter.tenantCopier(now)))
                    .invoke(counts -> tally.tenants = counts)
                    .chain(() -> upserts.named(NodeEntity.class, estate.nodes(), Node::name, e -> e.name,
                            NodeEntity::new, ScenarioImporter.nodeCopier(now)))
                    .invoke(counts -> tally.nodes = counts)
                    .chain(() -> importJobs(session, doc, estate, carbonStart, now))
                    .call(() -> audit.append(session, AuditEntry.of(caller, "scenario.import",
                            "scenario/" + doc.name(), null, java.util.Arrays.asList(tally.regions, tally.sites, tally.latency, tally.tenants, tally.nodes))))
                    .map(jobReport -> new ImportReport(doc.name(), tally.regions, tally.sites, tally.latency,
                            tally.tenants, tally.nodes, jobReport, 0));
        })).invoke(cache::invalidate).map(report -> {
            long millis = (System.nanoTime() - started) / 1_000_000;
            LOG.infof("imported scenario '%s': %d nodes, %d sites, %d regions in %d ms",
                    report.scenario(), report.nodes().created() + report.nodes().updated(),
                    report.sites().created() + report.sites().updated(),
                    report.regions().created() + report.regions().updated(), millis);
            return report.withMillis(millis);
        });
    }

    /**
     * Submits the scenario's jobs in the import's transaction, checked against the scenario's own
     * estate. A job whose external id exists is skipped and reported; any other problem with a job
     * fails the whole import.
     */
    private Uni<ImportReport.Jobs> importJobs(
            Mutiny.Session session, ScenarioDocument doc, Estate estate, Instant hourZero, Instant now) {
        List<Submission> submissions = ScenarioJobs.submissions(doc, hourZero);
        if (submissions.isEmpty()) {
            return Uni.createFrom().item(new ImportReport.Jobs(0, 0, List.of(), 0, List.of(), 0));
        }
        EstateView view = new EstateView(estate.regions(), estate.sites(), estate.latencies(), estate.nodes(), estate.tenants());
        long checkStarted = System.nanoTime();
        List<JobService.Checked> checked = jobs.check(submissions, view, now);
        long storeStarted = System.nanoTime();
        List<FieldError> errors = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (int i = 0; i < checked.size(); i++) {
            ProblemException problem = checked.get(i).problem();
            if (problem instanceof InfeasibleJobException) {
                refusals.add(submissions.get(i).spec().externalId() + ": " + problem.getMessage());
            } else if (problem != null) {
                errors.addAll(ScenarioJobs.located(i, problem));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return jobs.store(session, checked, now).call(session::flush).invoke(() -> LOG.infof(
                "scenario '%s': %d jobs checked in %d ms, stored in %d ms", doc.name(), submissions.size(),
                (storeStarted - checkStarted) / 1_000_000, (System.nanoTime() - storeStarted) / 1_000_000)).map(results -> {
            List<String> skipped = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                ProblemException problem = results.get(i).problem();
                if (problem != null && !(problem instanceof InfeasibleJobException)) {
                    skipped.add(submissions.get(i).spec().externalId());
                }
            }
            long pinned = doc.jobs().stream().filter(j -> j.pinned() != null).count();
            int submitted = results.size() - skipped.size() - refusals.size();
            return new ImportReport.Jobs(submitted, skipped.size(), skipped.subList(0, Math.min(100, skipped.size())),
                    refusals.size(), refusals.subList(0, Math.min(100, refusals.size())), (int) pinned);
        });
    }

    /** Scenarios carry no tenant display name: an existing tenant keeps its own. */
    private static BiConsumer<Tenant, TenantEntity> tenantCopier(Instant now) {
        return (tenant, entity) -> CatalogMapper.copyInto(entity.displayName == null ? tenant
                : new Tenant(tenant.name(), entity.displayName, tenant.gpuQuota(), tenant.cpuQuota()), entity, now);
    }

    /** Scenarios carry no node state: an existing node keeps its own, a new one starts UP. */
    private static BiConsumer<Node, NodeEntity> nodeCopier(Instant now) {
        return (node, entity) -> {
            Node stated = entity.state == null ? node : node.withState(io.suanli.catalog.domain.NodeState.valueOf(entity.state));
            CatalogMapper.copyInto(stated, entity, now);
        };
    }

    /** The counts of one import as its steps complete. */
    private static final class Tally {
        ImportReport.Counts regions;
        ImportReport.Counts sites;
        ImportReport.Counts latency;
        ImportReport.Counts tenants;
        ImportReport.Counts nodes;
    }

    /** Create-or-update of many rows in one session, reading the existing ones in bulk. */
    private record Upserts(Mutiny.Session session, Instant now) {

        <D, E> Uni<ImportReport.Counts> named(
                Class<E> type,
                List<D> values,
                Function<D, String> name,
                Function<E, String> rowName,
                Supplier<E> create,
                BiConsumer<D, E> copy) {
            List<String> names = values.stream().map(name).toList();
            return existing(type, names, rowName).chain(found -> {
                List<E> created = new ArrayList<>();
                for (D value : values) {
                    E entity = found.get(name.apply(value));
                    if (entity == null) {
                        entity = create.get();
                        created.add(entity);
                    }
                    copy.accept(value, entity);
                }
                int updated = values.size() - created.size();
                // Flush so that rows referring to these (sites to regions, nodes to sites) insert after them.
                return session.persistAll(created.toArray())
                        .chain(session::flush)
                        .replaceWith(new ImportReport.Counts(created.size(), updated));
            });
        }

        private <E> Uni<Map<String, E>> existing(Class<E> type, List<String> names, Function<E, String> rowName) {
            List<List<String>> chunks = new ArrayList<>();
            for (int i = 0; i < names.size(); i += IN_CHUNK) {
                chunks.add(names.subList(i, Math.min(names.size(), i + IN_CHUNK)));
            }
            Uni<List<E>> all = Uni.createFrom().item(new ArrayList<>());
            for (List<String> chunk : chunks) {
                all = all.chain(acc -> session.createSelectionQuery(
                                "from " + type.getSimpleName() + " where name in :names", type)
                        .setParameter("names", chunk)
                        .getResultList()
                        .map(rows -> {
                            acc.addAll(rows);
                            return acc;
                        }));
            }
            return all.map(rows -> rows.stream().collect(Collectors.toMap(rowName, r -> r)));
        }

        Uni<ImportReport.Counts> latencies(List<SiteLatency> latencies) {
            return session.createSelectionQuery("from SiteLatencyEntity", SiteLatencyEntity.class)
                    .getResultList()
                    .chain(rows -> {
                        Map<SiteLatencyEntity.Pair, SiteLatencyEntity> found =
                                rows.stream().collect(Collectors.toMap(r -> r.pair, r -> r));
                        List<SiteLatencyEntity> created = new ArrayList<>();
                        for (SiteLatency latency : latencies) {
                            SiteLatencyEntity fresh = CatalogMapper.toEntity(latency);
                            SiteLatencyEntity entity = found.get(fresh.pair);
                            if (entity == null) {
                                created.add(fresh);
                            } else {
                                entity.ms = fresh.ms;
                            }
                        }
                        int updated = latencies.size() - created.size();
                        return session.persistAll(created.toArray())
                                .chain(session::flush)
                                .replaceWith(new ImportReport.Counts(created.size(), updated));
                    });
        }
    }
}
