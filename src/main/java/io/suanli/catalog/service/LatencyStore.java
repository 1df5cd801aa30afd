package io.suanli.catalog.service;

import io.smallrye.mutiny.Uni;
import io.suanli.audit.domain.AuditEntry;
import io.suanli.audit.service.AuditTrail;
import io.suanli.security.Caller;
import io.suanli.security.CallerResolver;
import jakarta.inject.Inject;
import io.suanli.catalog.domain.CatalogRules;
import io.suanli.catalog.domain.SiteLatency;
import io.suanli.catalog.persistence.CatalogMapper;
import io.suanli.catalog.persistence.SiteEntity;
import io.suanli.catalog.persistence.SiteLatencyEntity;
import io.suanli.common.paging.Page;
import io.suanli.common.paging.PageRequest;
import io.suanli.common.problem.ProblemException;
import io.suanli.common.problem.Violations;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

/** Latency between pairs of sites; a pair is set (created or replaced) and removed as a whole. */
@ApplicationScoped
public class LatencyStore {

    // Field-injected so the constructor (and its callers) stay as they are.
    @Inject
    AuditTrail audit;
    @Inject
    CallerResolver callers;


    private final Mutiny.SessionFactory sessions;
    private final EstateCache cache;

    public LatencyStore(Mutiny.SessionFactory sessions, EstateCache cache) {
        this.sessions = sessions;
        this.cache = cache;
    }

    /** Sets the latency of a pair; answers whether the pair was new. */
    public Uni<Boolean> put(SiteLatency latency) {
        Violations violations = new Violations();
        CatalogRules.checkLatency(latency, "", violations);
        violations.throwIfAny();
        SiteLatency pair = latency.canonical();
        Caller caller = callers.current();
        String target = "latency/" + pair.from() + "/" + pair.to();
        return sessions.withTransaction(session -> NamedObjectStore.requireExists(session, SiteEntity.class, "site", "from", latency.from())
                .chain(() -> NamedObjectStore.requireExists(session, SiteEntity.class, "site", "to", latency.to()))
                .chain(() -> session.find(SiteLatencyEntity.class, new SiteLatencyEntity.Pair(pair.from(), pair.to())))
                .chain(existing -> {
                    if (existing != null) {
                        SiteLatency before = new SiteLatency(pair.from(), pair.to(), existing.ms);
                        existing.ms = pair.ms();
                        return audit.append(session, AuditEntry.of(caller, "latency.update", target, before, pair)).replaceWith(false);
                    }
                    return session.persist(CatalogMapper.toEntity(pair))
                            .chain(() -> audit.append(session, AuditEntry.of(caller, "latency.create", target, null, pair)))
                            .replaceWith(true);
                })).invoke(cache::invalidate);
    }

    public Uni<SiteLatency> get(String from, String to) {
        SiteLatency pair = new SiteLatency(from, to, null).canonical();
        return sessions.withSession(session -> session.find(SiteLatencyEntity.class, new SiteLatencyEntity.Pair(pair.from(), pair.to())))
                .map(entity -> {
                    if (entity == null) {
                        throw ProblemException.notFound("latency", from + " <-> " + to);
                    }
                    return new SiteLatency(from, to, entity.ms);
                });
    }

    public Uni<Void> delete(String from, String to) {
        SiteLatency pair = new SiteLatency(from, to, null).canonical();
        Caller caller = callers.current();
        return sessions.withTransaction(session -> session.find(SiteLatencyEntity.class, new SiteLatencyEntity.Pair(pair.from(), pair.to()))
                .chain(entity -> {
                    if (entity == null) {
                        throw ProblemException.notFound("latency", from + " <-> " + to);
                    }
                    SiteLatency before = new SiteLatency(pair.from(), pair.to(), entity.ms);
                    return session.remove(entity).chain(() -> audit.append(session, AuditEntry.of(caller, "latency.delete",
                            "latency/" + pair.from() + "/" + pair.to(), before, null)));
                })).invoke(cache::invalidate);
    }

    /** Pairs in (from, to) order, optionally only those that touch {@code site}. */
    public Uni<Page<SiteLatency>> list(PageRequest page, String site) {
        StringBuilder hql = new StringBuilder("from SiteLatencyEntity where 1 = 1");
        String[] after = page.afterKey() == null ? null : page.afterKey().split("\n", 2);
        if (after != null && after.length != 2) {
            throw ProblemException.malformed("after", "not a cursor returned by this API");
        }
        if (after != null) {
            hql.append(" and (pair.siteA > :afterA or (pair.siteA = :afterA and pair.siteB > :afterB))");
        }
        if (site != null) {
            hql.append(" and (pair.siteA = :site or pair.siteB = :site)");
        }
        hql.append(" order by pair.siteA, pair.siteB");
        return sessions.withSession(session -> {
                    Mutiny.SelectionQuery<SiteLatencyEntity> query = session.createSelectionQuery(hql.toString(), SiteLatencyEntity.class);
                    if (after != null) {
                        query.setParameter("afterA", after[0]).setParameter("afterB", after[1]);
                    }
                    if (site != null) {
                        query.setParameter("site", site);
                    }
                    return query.setMaxResults(page.limit() + 1).getResultList();
                })
                .map(rows -> page.page(rows.stream().map(CatalogMapper::toDomain).toList(), l -> l.from() + "\n" + l.to()));
    }
}
