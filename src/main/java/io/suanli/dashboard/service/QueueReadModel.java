package io.suanli.dashboard.service;

import io.smallrye.mutiny.Uni;
import io.suanli.common.paging.PageRequest;
import io.suanli.common.problem.ProblemException;
import io.suanli.dashboard.model.JobSummary;
import io.suanli.dashboard.model.QueuePage;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The queue view: waiting jobs (QUEUED, PLANNED) oldest first, by keyset over the time-ordered
 * job id, one page at a time; the partial index on waiting jobs keeps each page an index range.
 */
@Singleton
public class QueueReadModel {

    private static final String WAITING_BY_TENANT =
            "select tenant, state, count(*) as n from job where state in " + LiveStates.WAITING + " group by tenant, state";

    private final Pool pool;

    public QueueReadModel(Pool pool) {
        this.pool = pool;
    }

    public Uni<QueuePage> page(String tenant, PageRequest page) {
        StringBuilder sql = new StringBuilder("select ").append(JobSummaries.COLUMNS).append(JobSummaries.FROM)
                .append(" where j.state in ").append(LiveStates.WAITING);
        Tuple params = Tuple.tuple();
        if (tenant != null && !tenant.isEmpty()) {
            params.addValue(tenant);
            sql.append(" and j.tenant = $").append(params.size());
        }
        if (page.afterKey() != null) {
            params.addValue(cursor(page.afterKey()));
            sql.append(" and j.id > $").append(params.size());
        }
        params.addValue(page.limit() + 1);
        sql.append(" order by j.id limit $").append(params.size());
        return pool.preparedQuery(sql.toString()).execute(params).chain(rows -> {
            List<JobSummary> jobs = new ArrayList<>();
            rows.forEach(row -> jobs.add(JobSummaries.of(row)));
            var paged = page.page(jobs, JobSummary::id);
            return waitingByTenant().map(counts -> new QueuePage(paged.items(), paged.next(), counts));
        });
    }

    private Uni<Map<String, Map<String, Long>>> waitingByTenant() {
        return pool.query(WAITING_BY_TENANT).execute().map(rows -> {
            Map<String, Map<String, Long>> counts = new TreeMap<>();
            rows.forEach(row -> counts.computeIfAbsent(row.getString("tenant"), t -> new TreeMap<>())
                    .put(row.getString("state"), row.getLong("n")));
            return counts;
        });
    }

    private static UUID cursor(String key) {
        try {
            return UUID.fromString(key);
        } catch (IllegalArgumentException e) {
            throw ProblemException.malformed("after", "not a cursor returned by this API");
        }
    }
}
