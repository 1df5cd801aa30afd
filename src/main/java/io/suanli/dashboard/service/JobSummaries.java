package io.suanli.dashboard.service;

import io.suanli.dashboard.model.JobSummary;
import io.vertx.mutiny.sqlclient.Row;
import java.time.OffsetDateTime;

/** The one SQL projection of a job with its plan, shared by the queue and the live stream. */
final class JobSummaries {

    static final String COLUMNS = """
            j.id, j.tenant, j.external_id, j.state, j.reason, j.last_event_seq, j.submitted_at, j.tasks,
            j.cpu_cores, j.memory_gib, j.gpus, j.gpu_model, j.priority, j.duration_hours,
            p.site as plan_site, p.starts_at as plan_starts_at, p.committed_at is not null as plan_committed
            """;

    static final String FROM = " from job j left join job_plan p on p.job_id = j.id ";

    private JobSummaries() {}

    static JobSummary of(Row row) {
        String site = row.getString("plan_site");
        OffsetDateTime starts = row.getOffsetDateTime("plan_starts_at");
        return new JobSummary(row.getUUID("id").toString(), row.getString("tenant"), row.getString("external_id"),
                row.getString("state"), row.getString("reason"), row.getInteger("last_event_seq"),
                row.getOffsetDateTime("submitted_at").toInstant(), row.getInteger("tasks"), row.getInteger("cpu_cores"),
                row.getDouble("memory_gib"), row.getInteger("gpus"), row.getString("gpu_model"),
                row.getInteger("priority"), row.getInteger("duration_hours"), site,
                starts == null ? null : starts.toInstant(), site == null ? null : row.getBoolean("plan_committed"));
    }
}
