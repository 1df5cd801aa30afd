package io.suanli.catalog.service;

import io.smallrye.mutiny.Uni;
import io.suanli.catalog.domain.EstateView;
import io.suanli.catalog.persistence.CatalogMapper;
import io.suanli.catalog.persistence.NodeEntity;
import io.suanli.catalog.persistence.RegionEntity;
import io.suanli.catalog.persistence.SiteEntity;
import io.suanli.catalog.persistence.SiteLatencyEntity;
import io.suanli.catalog.persistence.TenantEntity;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The estate as of at most {@link #MAX_AGE} ago, loaded whole and shared: admission reads it for
 * every submission instead of querying the catalog each time. Catalog writes in this process
 * invalidate it at once; other replicas see them within {@code MAX_AGE}.
 */
@Singleton
public class EstateCache {

    static final Duration MAX_AGE = Duration.ofSeconds(2);

    private record Loaded(EstateView view, long loadedAtNanos) {}

    private final Mutiny.SessionFactory sessions;
    private final AtomicReference<Loaded> current = new AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();
    private volatile Uni<EstateView> loading;

    public EstateCache(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    public Uni<EstateView> view() {
        Loaded loaded = current.get();
        if (loaded != null && System.nanoTime() - loaded.loadedAtNanos < MAX_AGE.toNanos()) {
            return Uni.createFrom().item(loaded.view);
        }
        Uni<EstateView> inFlight = loading;
        if (inFlight == null) {
            synchronized (this) {
                if (loading == null) {
                    // One load at a time however many requests find the view stale.
                    loading = load().onTermination().invoke(() -> loading = null).memoize().indefinitely();
                }
                inFlight = loading;
            }
        }
        // The load completes on the context of whichever request started it; every other waiter must
        // continue on its own context, or its next reactive session would be looked up on the wrong one.
        Context caller = Vertx.currentContext();
        return caller == null ? inFlight : inFlight.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }

    /** Forgets the cached view; the next reader loads the estate anew. */
    public void invalidate() {
        generation.incrementAndGet();
        current.set(null);
        loading = null;
    }

    private Uni<EstateView> load() {
        long started = System.nanoTime();
        long loadingGeneration = generation.get();
        return sessions.withSession(session -> all(session, RegionEntity.class).chain(regions ->
                        all(session, SiteEntity.class).chain(sites ->
                                all(session, SiteLatencyEntity.class).chain(latency ->
                                        all(session, NodeEntity.class).chain(nodes ->
                                                all(session, TenantEntity.class).map(tenants -> new EstateView(
                                                        regions.stream().map(CatalogMapper::toDomain).toList(),
                                                        sites.stream().map(CatalogMapper::toDomain).toList(),
                                                        latency.stream().map(CatalogMapper::toDomain).toList(),
                                                        nodes.stream().map(CatalogMapper::toDomain).toList(),
                                                        tenants.stream().map(CatalogMapper::toDomain).toList())))))))
                .invoke(view -> {
                    // A write during the load may be missing from it: serve it once, cache it not.
                    if (generation.get() == loadingGeneration) {
                        current.set(new Loaded(view, started));
                    }
                });
    }

    private static <E> Uni<java.util.List<E>> all(Mutiny.Session session, Class<E> type) {
        return session.createSelectionQuery("from " + type.getSimpleName(), type).getResultList();
    }
}
