package io.suanli.dashboard.service;

import io.smallrye.mutiny.Uni;
import io.suanli.catalog.service.EstateCache;
import io.suanli.catalog.service.SettingsStore;
import io.suanli.dashboard.model.JobDetail;
import io.suanli.dashboard.model.JobDetail.Link;
import io.suanli.dashboard.model.JobDetail.Usage;
import io.suanli.dashboard.model.JobDetail.Plan;
import io.suanli.dashboard.model.JobDetail.PlanTask;
import io.suanli.jobs.rest.JobView;
import io.suanli.jobs.service.JobQueries;
import io.suanli.jobs.service.JobService;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Builds the job view from the jobs feature (job, history) and the plan tables. */
@Singleton
public class JobReadModel {

    static final int MAX_TASKS = 200;

    private static final String PLAN = """
            select p.attempt, p.site, p.starts_at, p.ends_at, p.hourly_price, p.quoted_cost, p.carbon_kg,
                   p.planned_at, p.committed_at, (select count(*) from job_plan_task t where t.job_id = p.job_id) as tasks
            from job_plan p where p.job_id = $1
            """;

    private static final String TASKS = """
            select t.task, t.node, n.state, t.price_cpu_core, t.price_memory_gib, t.price_gpu
            from job_plan_task t join node n on n.name = t.node
            where t.job_id = $1 order by t.task limit $2
            """;

    private static final String USAGE = """
            select count(*) as records, coalesce(sum(cpu_core_hours), 0) as cpu, coalesce(sum(memory_gib_hours), 0) as memory,
                   coalesce(sum(gpu_hours), 0) as gpu, coalesce(sum(energy_kwh), 0) as energy, coalesce(sum(carbon_kg), 0) as carbon,
                   coalesce(sum(billed_cost_minor), 0) as billed, min(currency) as currency
            from usage_record where job_id = $1
            """;

    private final JobService jobs;
    private final JobQueries queries;
    private final EstateCache estate;
    private final SettingsStore settings;
    private final Pool pool;

    public JobReadModel(JobService jobs, JobQueries queries, EstateCache estate, SettingsStore settings, Pool pool) {
        this.jobs = jobs;
        this.queries = queries;
        this.estate = estate;
        this.settings = settings;
        this.pool = pool;
    }

    public Uni<JobDetail> job(String id) {
        return jobs.get(id).chain(job -> queries.history(id).chain(events -> plan(UUID.fromString(job.id()))
                .chain(plan -> usage(UUID.fromString(job.id())).map(usage -> new JobDetail(JobView.of(job), events, plan,
                        new Link("/api/v1/jobs/" + job.id() + "/placement", "live scheduler"), usage)))));
    }

    private Uni<Usage> usage(UUID id) {
        return pool.preparedQuery(USAGE).execute(Tuple.of(id)).map(rows -> {
            Row row = rows.iterator().next();
            String currency = row.getString("currency");
            int digits = currency == null ? 2 : java.util.Currency.getInstance(currency).getDefaultFractionDigits();
            return new Usage(row.getLong("records").intValue(), row.getBigDecimal("cpu"), row.getBigDecimal("memory"),
                    row.getBigDecimal("gpu"), row.getBigDecimal("energy"), row.getBigDecimal("carbon"),
                    java.math.BigDecimal.valueOf(row.getLong("billed"), digits), currency);
        });
    }

    private Uni<Plan> plan(UUID id) {
        return pool.preparedQuery(PLAN).execute(Tuple.of(id)).chain(rows -> {
            if (!rows.iterator().hasNext()) {
                return Uni.createFrom().nullItem();
            }
            Row row = rows.iterator().next();
            return tasks(id).chain(tasks -> settings.get().chain(exchange -> estate.view().map(view -> {
                String site = row.getString("site");
                var s = view.site(site);
                return new Plan(row.getInteger("attempt"), site,
                        s == null || s.displayName() == null ? site : s.displayName(), s == null ? null : s.region(),
                        row.getOffsetDateTime("starts_at").toInstant(), row.getOffsetDateTime("ends_at").toInstant(),
                        row.getBigDecimal("hourly_price"), row.getBigDecimal("quoted_cost"), row.getDouble("carbon_kg"),
                        row.getOffsetDateTime("planned_at").toInstant(), instant(row.getOffsetDateTime("committed_at")),
                        exchange.currency(), tasks, row.getLong("tasks").intValue());
            })));
        });
    }

    private Uni<List<PlanTask>> tasks(UUID id) {
        return pool.preparedQuery(TASKS).execute(Tuple.of(id, MAX_TASKS)).map(rows -> {
            List<PlanTask> tasks = new ArrayList<>();
            for (Row row : rows) {
                tasks.add(new PlanTask(row.getInteger("task"), row.getString("node"), row.getString("state"),
                        row.getBigDecimal("price_cpu_core"), row.getBigDecimal("price_memory_gib"),
                        row.getBigDecimal("price_gpu")));
            }
            return tasks;
        });
    }

    private static java.time.Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
