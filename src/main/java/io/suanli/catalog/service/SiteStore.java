package io.suanli.catalog.service;

import io.smallrye.mutiny.Uni;
import io.suanli.catalog.domain.CatalogRules;
import io.suanli.catalog.domain.Site;
import io.suanli.catalog.persistence.CatalogMapper;
import io.suanli.catalog.persistence.RegionEntity;
import io.suanli.catalog.persistence.SiteEntity;
import io.suanli.common.problem.ProblemException;
import io.suanli.common.problem.Violations;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.hibernate.reactive.mutiny.Mutiny;

/** Compute sites. */
@Singleton
public class SiteStore extends NamedObjectStore<Site, SiteEntity> {

    public SiteStore(Mutiny.SessionFactory sessions, Clock clock, EstateCache cache) {
        super(sessions, clock, cache, SiteEntity.class, "site");
    }

    @Override
    protected String nameOf(Site value) {
        return value.name();
    }

    @Override
    protected Site withName(Site value, String name) {
        return new Site(name, value.displayName(), value.region(), value.tier(), value.pue());
    }

    @Override
    protected Site toDomain(SiteEntity entity) {
        return CatalogMapper.toDomain(entity);
    }

    @Override
    protected SiteEntity newEntity() {
        return new SiteEntity();
    }

    @Override
    protected void copyInto(Site value, SiteEntity entity) {
        CatalogMapper.copyInto(value, entity, clock.instant());
    }

    @Override
    protected void check(Site value, Violations violations) {
        CatalogRules.checkSite(value, "", violations);
    }

    @Override
    protected Uni<Void> checkReferences(Mutiny.Session session, Site value) {
        return requireExists(session, RegionEntity.class, "region", "region", value.region());
    }

    @Override
    protected Uni<Void> checkDeletable(Mutiny.Session session, String name) {
        return countReferences(session, "NodeEntity", "site", name).map(nodes -> {
            if (nodes > 0) {
                throw ProblemException.conflict("site '" + name + "' still has " + nodes + " node(s)");
            }
            return null;
        });
    }
}
