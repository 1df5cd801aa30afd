package io.suanli.dashboard.service;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.suanli.common.feed.FeedPosition;
import io.suanli.dashboard.model.DashboardEvent;
import io.suanli.dashboard.model.JobSummary;
import io.suanli.jobs.service.JobQueries;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Turns database changes into dashboard messages, once per process for all connected browsers.
 * Job changes come from the commit-ordered job event feed (never skipped, so a page that applies
 * them stays right); plans and the catalog have no feed yet, so a cheap fingerprint of each is
 * compared every {@link DashboardConfig#changeCheckInterval()}. Polling runs only while someone
 * listens; a new first listener starts from the current end of the feed.
 */
@Singleton
public class DashboardFeed {

    private static final Logger LOG = Logger.getLogger(DashboardFeed.class);

    /** The feed position just past the last event of every finished transaction. */
    private static final String FEED_END = """
            select tx::text as tx, id from job_event
            where tx < pg_snapshot_xmin(pg_current_snapshot()) order by tx desc, id desc limit 1
            """;

    private static final String FINGERPRINTS = """
            select (select count(*) || ':' || coalesce(max(planned_at)::text, '') || ':' || coalesce(max(committed_at)::text, '')
                    from job_plan) as plans,
                   (select count(*) || ':' || coalesce(max(updated_at)::text, '') from node) || '/'
                   || (select count(*) || ':' || coalesce(max(updated_at)::text, '') from site) || '/'
                   || (select count(*) || ':' || coalesce(max(updated_at)::text, '') from region) as catalog
            """;

    private static final String SUMMARIES = "select " + JobSummaries.COLUMNS + JobSummaries.FROM + " where j.id = any($1)";

    private final JobQueries queries;
    private final Pool pool;
    private final Vertx vertx;
    private final Clock clock;
    private final DashboardConfig config;
    private final String instance = UUID.randomUUID().toString();
    private final BroadcastProcessor<DashboardEvent> broadcast = BroadcastProcessor.create();
    private final AtomicInteger listeners = new AtomicInteger();
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile FeedPosition position;
    private volatile String plansFingerprint;
    private volatile String catalogFingerprint;
    private volatile long lastChangeCheck;
    private volatile Long timer;

    public DashboardFeed(JobQueries queries, Pool pool, Vertx vertx, Clock clock, DashboardConfig config) {
        this.queries = queries;
        this.pool = pool;
        this.vertx = vertx;
        this.clock = clock;
        this.config = config;
    }

    /** Identifies this process: a browser that sees it change knows the server restarted. */
    public String instance() {
        return instance;
    }

    /** The messages from now on, starting with {@code hello}. */
    public Multi<DashboardEvent> subscribe() {
        return Multi.createBy().concatenating().streams(
                        Multi.createFrom().item(() -> DashboardEvent.hello(clock.instant(), instance)),
                        broadcast.onOverflow().buffer(4096))
                .onSubscription().invoke(() -> {
                    listeners.incrementAndGet();
                    startPolling();
                })
                .onTermination().invoke(listeners::decrementAndGet);
    }

    private synchronized void startPolling() {
        if (timer == null) {
            timer = vertx.setPeriodic(config.feedInterval().toMillis(), id -> tick());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        Long id = timer;
        if (id != null) {
            vertx.cancelTimer(id);
        }
        broadcast.onComplete();
    }

    private void tick() {
        if (listeners.get() <= 0) {
            // Nobody listens: forget the position, the next listener starts at the end of the feed.
            position = null;
            plansFingerprint = null;
            catalogFingerprint = null;
            return;
        }
        if (!busy.compareAndSet(false, true)) {
            return;
        }
        Uni<Void> work = position == null ? catchUp() : readJobs().chain(this::maybeCheckChanges);
        work.subscribe().with(ignored -> busy.set(false), failure -> {
            busy.set(false);
            LOG.warnf("dashboard feed: %s", failure.toString());
        });
    }

    private Uni<Void> catchUp() {
        return feedEnd().chain(end -> {
            position = end;
            return checkChanges();
        });
    }

    private Uni<FeedPosition> feedEnd() {
        return pool.query(FEED_END).execute().map(rows -> {
            if (!rows.iterator().hasNext()) {
                return FeedPosition.START;
            }
            Row row = rows.iterator().next();
            return new FeedPosition(Long.parseLong(row.getString("tx")), row.getLong("id"));
        });
    }

    private Uni<Void> readJobs() {
        int max = config.maxJobsPerMessage();
        return queries.events(position, max + 1, null).chain(page -> {
            if (page.items().isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            Set<String> ids = new LinkedHashSet<>();
            page.items().forEach(e -> ids.add(e.jobId()));
            if (page.items().size() > max || ids.size() > max) {
                // A burst: tell pages to reload their (paginated, aggregated) view and skip to the end.
                return feedEnd().invoke(end -> {
                    position = end;
                    broadcast.onNext(DashboardEvent.signal("resync", clock.instant()));
                }).replaceWithVoid();
            }
            position = page.next();
            return summaries(ids).invoke(jobs -> broadcast.onNext(DashboardEvent.jobs(clock.instant(), jobs)))
                    .replaceWithVoid();
        });
    }

    private Uni<List<JobSummary>> summaries(Set<String> ids) {
        UUID[] uuids = ids.stream().map(UUID::fromString).toArray(UUID[]::new);
        return pool.preparedQuery(SUMMARIES).execute(Tuple.of(uuids)).map(rows -> {
            List<JobSummary> jobs = new ArrayList<>();
            rows.forEach(row -> jobs.add(JobSummaries.of(row)));
            return jobs;
        });
    }

    private Uni<Void> maybeCheckChanges(Void ignored) {
        long now = System.nanoTime();
        if (now - lastChangeCheck < config.changeCheckInterval().toNanos()) {
            return Uni.createFrom().voidItem();
        }
        return checkChanges();
    }

    private Uni<Void> checkChanges() {
        lastChangeCheck = System.nanoTime();
        return pool.query(FINGERPRINTS).execute().invoke(rows -> {
            Row row = rows.iterator().next();
            String plans = row.getString("plans");
            String catalog = row.getString("catalog");
            if (plansFingerprint != null && !plansFingerprint.equals(plans)) {
                broadcast.onNext(DashboardEvent.signal("plans", clock.instant()));
            }
            if (catalogFingerprint != null && !catalogFingerprint.equals(catalog)) {
                broadcast.onNext(DashboardEvent.signal("catalog", clock.instant()));
            }
            plansFingerprint = plans;
            catalogFingerprint = catalog;
        }).replaceWithVoid();
    }
}
