package io.suanli.catalog.service;

import io.smallrye.mutiny.Uni;
import io.suanli.catalog.domain.CatalogRules;
import io.suanli.catalog.domain.Region;
import io.suanli.catalog.persistence.CatalogMapper;
import io.suanli.catalog.persistence.RegionEntity;
import io.suanli.common.problem.ProblemException;
import io.suanli.common.problem.Violations;
import io.suanli.common.time.Slots;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.hibernate.reactive.mutiny.Mutiny;

/** Regions and their carbon series. */
@Singleton
public class RegionStore extends NamedObjectStore<Region, RegionEntity> {

    public RegionStore(Mutiny.SessionFactory sessions, Clock clock, EstateCache cache) {
        super(sessions, clock, cache, RegionEntity.class, "region");
    }

    @Override
    protected String nameOf(Region value) {
        return value.name();
    }

    @Override
    protected Region withName(Region value, String name) {
        return new Region(name, value.displayName(), value.carbonStartsAt(), value.carbonIntensity());
    }

    @Override
    protected Region toDomain(RegionEntity entity) {
        return CatalogMapper.toDomain(entity);
    }

    @Override
    protected RegionEntity newEntity() {
        return new RegionEntity();
    }

    @Override
    protected void copyInto(Region value, RegionEntity entity) {
        // A series given without a start begins in the current hour.
        Region started = value.carbonStartsAt() != null
                ? value
                : new Region(value.name(), value.displayName(),
                        Slots.slotStart(clock.instant(), Duration.ofHours(1)), value.carbonIntensity());
        CatalogMapper.copyInto(started, entity, clock.instant());
    }

    @Override
    protected void check(Region value, Violations violations) {
        CatalogRules.checkRegion(value, "", violations);
    }

    @Override
    protected Uni<Void> checkDeletable(Mutiny.Session session, String name) {
        return countReferences(session, "SiteEntity", "region", name).map(sites -> {
            if (sites > 0) {
                throw ProblemException.conflict("region '" + name + "' still has " + sites + " site(s)");
            }
            return null;
        });
    }
}
