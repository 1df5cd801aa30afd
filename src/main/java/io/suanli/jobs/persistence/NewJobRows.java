package io.suanli.jobs.persistence;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.smallrye.mutiny.Uni;
import io.suanli.common.persistence.SessionSql;
import io.suanli.jobs.domain.Job;
import io.suanli.jobs.domain.JobEvent;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Inserts newly submitted jobs and their first events with one statement per batch. The rows
 * travel as one JSON document that PostgreSQL expands with {@code json_populate_recordset}: a
 * batch of 500 jobs through Hibernate's persist and flush cost several times the CPU of the
 * request handling around it, and submission is the path every job takes. The statement runs as
 * plain SQL on the session's connection ({@link SessionSql}).
 */
public final class NewJobRows {

    private static final JsonFactory JSON = new JsonFactory();

    private static final String JOB_COLUMNS = "id, tenant, external_id, request_id, request_digest, tasks, cpu_cores,"
            + " memory_gib, gpus, gpu_model, duration_hours, earliest_start, deadline, priority, data_site, max_latency_ms,"
            + " allowed_regions, max_price_per_hour, image, command, args, env, max_retries, labels, state, reason, attempt,"
            + " last_event_seq, submitted_at, updated_at";

    // The events' foreign keys are checked at the end of the statement, after the CTE has inserted their jobs.
    private static final String INSERT = "with jobs as (insert into job (" + JOB_COLUMNS + ") select " + JOB_COLUMNS
            + " from json_populate_recordset(null::job, cast($1 as text)::json) returning id)"
            + " insert into job_event (id, job_id, seq, state, at, reason)"
            + " select nextval('job_event_seq'), e.job_id, e.seq, e.state, e.at, e.reason"
            + " from json_populate_recordset(null::job_event, cast($2 as text)::json) e";

    /** A job to insert: the domain job, the idempotency key it came with and the digest of its request. */
    public record NewJob(Job job, JobEvent firstEvent, String requestId, byte[] requestDigest) {}

    private NewJobRows() {}

    /** Inserts {@code jobs} in the session's transaction (after anything the session still has to flush). */
    public static Uni<Void> insert(Mutiny.Session session, List<NewJob> jobs) {
        if (jobs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String jobRows = jobsJson(jobs);
        String eventRows = eventsJson(jobs);
        return session.flush().chain(() -> SessionSql.update(session, INSERT, jobRows, eventRows)).replaceWithVoid();
    }

    /** The job rows as a JSON array whose keys are the columns of {@code job}; the same mapping as {@link JobMapper#toEntity}. */
    static String jobsJson(List<NewJob> jobs) {
        StringWriter out = new StringWriter(jobs.size() * 600);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (NewJob n : jobs) {
                JobEntity e = JobMapper.toEntity(n.job(), n.requestId(), n.requestDigest());
                g.writeStartObject();
                g.writeStringField("id", e.id.toString());
                g.writeStringField("tenant", e.tenant);
                g.writeStringField("external_id", e.externalId);
                g.writeStringField("request_id", e.requestId);
                g.writeStringField("request_digest", e.requestDigest == null ? null : "\\x" + HexFormat.of().formatHex(e.requestDigest));
                g.writeNumberField("tasks", e.tasks);
                g.writeNumberField("cpu_cores", e.cpuCores);
                g.writeNumberField("memory_gib", e.memoryGiB);
                g.writeNumberField("gpus", e.gpus);
                g.writeStringField("gpu_model", e.gpuModel);
                g.writeNumberField("duration_hours", e.durationHours);
                instant(g, "earliest_start", e.earliestStart);
                instant(g, "deadline", e.deadline);
                g.writeNumberField("priority", e.priority);
                g.writeStringField("data_site", e.dataSite);
                nullableNumber(g, "max_latency_ms", e.maxLatencyMs == null ? null : BigDecimal.valueOf(e.maxLatencyMs));
                strings(g, "allowed_regions", e.allowedRegions);
                nullableNumber(g, "max_price_per_hour", e.maxPricePerHour);
                g.writeStringField("image", e.image);
                strings(g, "command", e.command);
                strings(g, "args", e.args);
                g.writeStringField("env", e.env);
                g.writeNumberField("max_retries", e.maxRetries);
                g.writeStringField("labels", e.labels);
                g.writeStringField("state", e.state);
                g.writeStringField("reason", e.reason);
                g.writeNumberField("attempt", e.attempt);
                g.writeNumberField("last_event_seq", e.lastEventSeq);
                instant(g, "submitted_at", e.submittedAt);
                instant(g, "updated_at", e.updatedAt);
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String eventsJson(List<NewJob> jobs) {
        StringWriter out = new StringWriter(jobs.size() * 120);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (NewJob n : jobs) {
                JobEvent event = n.firstEvent();
                g.writeStartObject();
                g.writeStringField("job_id", event.jobId());
                g.writeNumberField("seq", event.sequence());
                g.writeStringField("state", event.state().name());
                instant(g, "at", event.at());
                g.writeStringField("reason", event.reason());
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void instant(JsonGenerator g, String column, Instant value) throws IOException {
        g.writeStringField(column, value == null ? null : value.toString());
    }

    private static void nullableNumber(JsonGenerator g, String column, BigDecimal value) throws IOException {
        if (value == null) {
            g.writeNullField(column);
        } else {
            g.writeNumberField(column, value);
        }
    }

    private static void strings(JsonGenerator g, String column, String[] values) throws IOException {
        g.writeArrayFieldStart(column);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
