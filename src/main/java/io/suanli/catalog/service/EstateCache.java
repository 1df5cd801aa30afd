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

    /** A loaded view, when and in which generation of the catalog it was loaded. */
    private record Loaded(EstateView view, long loadedAtNanos, long generation) {}

    private final Mutiny.SessionFactory sessions;
    private final AtomicReference<Loaded> current = new AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();
    private volatile Uni<EstateView> loading;

    public EstateCache(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    public Uni<EstateView> view() {
        Loaded loaded = current.get();
        // A view from before the last write is stale however young it is.
        if (loaded != null && loaded.generation == generation.get()
                && System.nanoTime() - loaded.loadedAtNanos < MAX_AGE.toNanos()) {
            return Uni.createFrom().item(loaded.view);
        }
        Uni<EstateView> inFlight = loading;
        if (inFlight == null) {
            synchronized (this) {
                if (loading == null) {
                    // One load at a time however many requests find the view stale.
                    AtomicReference<Uni<EstateView>> self = new AtomicReference<>();
                    Uni<EstateView> fresh = load().onTermination().invoke(() -> loadEnded(self.get())).memoize().indefinitely();
                    self.set(fresh);
                    loading = fresh;
                }
                inFlight = loading;
            }
        }
        // The load completes on the context of whichever request started it; every other waiter must
        // continue on its own context, or its next reactive session would be looked up on the wrong one.
        Context caller = Vertx.currentContext();
        return caller == null ? inFlight : inFlight.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }

    /** Forgets a finished load, unless a newer one has replaced it meanwhile. */
    private synchronized void loadEnded(Uni<EstateView> finished) {
        if (loading == finished) {
            loading = null;
        }
    }

    /** Forgets the cached view; the next reader loads the estate anew. */
    public synchronized void invalidate() {
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
                // A write during the load may be missing from it: such a view is served once, then its
                // generation no longer matches and view() loads again.
                .invoke(view -> current.set(new Loaded(view, started, loadingGeneration)));
    }

    private static <E> Uni<java.util.List<E>> all(Mutiny.Session session, Class<E> type) {
        return session.createSelectionQuery("from " + type.getSimpleName(), type).getResultList();
    }
}
