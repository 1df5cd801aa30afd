package io.suanli.jobs.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.suanli.jobs.domain.Job;
import io.suanli.jobs.domain.JobEvent;
import io.suanli.jobs.domain.JobSpec;
import io.suanli.jobs.domain.JobState;
import io.suanli.common.money.Decimals;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Maps jobs and their events to rows and back. */
public final class JobMapper {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> STRING_MAP = new TypeReference<>() {};

    private JobMapper() {}

    public static JobEntity toEntity(Job job, String requestId, byte[] requestDigest) {
        JobEntity e = new JobEntity();
        JobSpec s = job.spec();
        e.id = UUID.fromString(job.id());
        e.tenant = s.tenant();
        e.externalId = s.externalId();
        e.requestId = requestId;
        e.requestDigest = requestDigest;
        e.tasks = s.tasks();
        e.cpuCores = s.cpuCores();
        e.memoryGiB = s.memoryGiB();
        e.gpus = s.gpus();
        e.gpuModel = s.gpuModel();
        e.durationHours = s.durationHours();
        e.earliestStart = s.earliestStart();
        e.deadline = s.deadline();
        e.priority = s.priority();
        e.dataSite = s.dataSite();
        e.maxLatencyMs = s.maxLatencyMs();
        e.allowedRegions = s.allowedRegions().toArray(String[]::new);
        e.maxPricePerHour = s.maxPricePerHour();
        e.image = s.image();
        e.command = s.command().toArray(String[]::new);
        e.args = s.args().toArray(String[]::new);
        e.env = json(s.env());
        e.maxRetries = s.maxRetries();
        e.labels = json(s.labels());
        e.submittedAt = job.submittedAt();
        applyState(job, e);
        return e;
    }

    /** Copies what a transition changes. */
    public static void applyState(Job job, JobEntity e) {
        e.state = job.state().name();
        e.reason = job.reason();
        e.attempt = job.attempt();
        e.lastEventSeq = job.lastEventSequence();
        e.updatedAt = job.updatedAt();
    }

    public static Job toDomain(JobEntity e) {
        JobSpec spec = new JobSpec(
                e.tenant,
                e.externalId,
                e.tasks,
                e.cpuCores,
                e.memoryGiB,
                e.gpus,
                e.gpuModel,
                e.durationHours,
                e.earliestStart,
                e.deadline,
                e.priority,
                e.dataSite,
                e.maxLatencyMs,
                list(e.allowedRegions),
                Decimals.plain(e.maxPricePerHour),
                e.image,
                list(e.command),
                list(e.args),
                map(e.env),
                e.maxRetries,
                map(e.labels));
        return new Job(e.id.toString(), spec, JobState.valueOf(e.state), e.reason, e.attempt, e.lastEventSeq,
                e.submittedAt, e.updatedAt);
    }

    public static JobEventEntity toEntity(JobEvent event) {
        JobEventEntity e = new JobEventEntity();
        e.jobId = UUID.fromString(event.jobId());
        e.seq = event.sequence();
        e.state = event.state().name();
        e.at = event.at();
        e.reason = event.reason();
        return e;
    }

    public static JobEvent toDomain(JobEventEntity e) {
        return new JobEvent(e.jobId.toString(), e.seq, JobState.valueOf(e.state), e.at, e.reason);
    }

    private static List<String> list(String[] values) {
        return values == null ? List.of() : Arrays.asList(values);
    }

    private static String json(Map<String, String> map) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(map));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
    }

    private static Map<String, String> map(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is written by this mapper and always parses", e);
        }
    }
}
