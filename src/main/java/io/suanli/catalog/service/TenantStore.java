package io.suanli.catalog.service;

import io.suanli.catalog.domain.CatalogRules;
import io.suanli.catalog.domain.Tenant;
import io.suanli.catalog.persistence.CatalogMapper;
import io.suanli.catalog.persistence.TenantEntity;
import io.smallrye.mutiny.Uni;
import io.suanli.common.problem.ProblemException;
import io.suanli.common.problem.Violations;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.hibernate.reactive.mutiny.Mutiny;

/** Tenants (city departments) and their quotas. */
@Singleton
public class TenantStore extends NamedObjectStore<Tenant, TenantEntity> {

    public TenantStore(Mutiny.SessionFactory sessions, Clock clock, EstateCache cache) {
        super(sessions, clock, cache, TenantEntity.class, "tenant");
    }

    @Override
    protected String nameOf(Tenant value) {
        return value.name();
    }

    @Override
    protected Tenant withName(Tenant value, String name) {
        return new Tenant(name, value.displayName(), value.gpuQuota(), value.cpuQuota());
    }

    @Override
    protected Tenant toDomain(TenantEntity entity) {
        return CatalogMapper.toDomain(entity);
    }

    @Override
    protected TenantEntity newEntity() {
        return new TenantEntity();
    }

    @Override
    protected void copyInto(Tenant value, TenantEntity entity) {
        CatalogMapper.copyInto(value, entity, clock.instant());
    }

    @Override
    protected void check(Tenant value, Violations violations) {
        CatalogRules.checkTenant(value, "", violations);
    }

    /** A tenant's jobs (and later its usage and ledger) keep referring to it: it stays. */
    @Override
    protected Uni<Void> checkDeletable(Mutiny.Session session, String name) {
        return countReferences(session, "JobEntity", "tenant", name).map(jobs -> {
            if (jobs > 0) {
                throw ProblemException.conflict("tenant '" + name + "' has " + jobs + " job(s); it cannot be deleted");
            }
            return null;
        });
    }
}
