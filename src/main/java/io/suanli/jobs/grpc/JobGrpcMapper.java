package io.suanli.jobs.grpc;

import com.google.protobuf.Timestamp;
import io.suanli.common.problem.ProblemException;
import io.suanli.grpc.v1.AcceptedJob;
import io.suanli.grpc.v1.FieldViolation;
import io.suanli.grpc.v1.SubmitError;
import io.suanli.jobs.domain.Job;
import io.suanli.jobs.domain.JobEvent;
import io.suanli.jobs.domain.JobSpec;
import io.suanli.jobs.domain.JobState;
import io.suanli.jobs.service.Submission;
import io.suanli.jobs.service.SubmissionResult;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Maps the generated gRPC messages to the domain and back. Proto3 has no null: an empty string,
 * an empty list and an unset optional number all mean "not given", as an absent JSON field does.
 */
public final class JobGrpcMapper {

    private JobGrpcMapper() {}

    /** The submission a request asks for; a malformed decimal is refused naming its field. */
    public static Submission toSubmission(io.suanli.grpc.v1.SubmitJobRequest request) {
        JobSpec spec = request.hasSpec() ? toSpec(request.getSpec()) : null;
        return new Submission(spec, emptyToNull(request.getRequestId()));
    }

    public static JobSpec toSpec(io.suanli.grpc.v1.JobSpec p) {
        return new JobSpec(
                emptyToNull(p.getTenant()),
                emptyToNull(p.getExternalId()),
                p.hasTasks() ? p.getTasks() : null,
                p.hasCpuCores() ? p.getCpuCores() : null,
                p.hasMemoryGib() ? p.getMemoryGib() : null,
                p.hasGpus() ? p.getGpus() : null,
                emptyToNull(p.getGpuModel()),
                p.hasDurationHours() ? p.getDurationHours() : null,
                p.hasEarliestStart() ? toInstant(p.getEarliestStart()) : null,
                p.hasDeadline() ? toInstant(p.getDeadline()) : null,
                p.hasPriority() ? p.getPriority() : null,
                emptyToNull(p.getDataSite()),
                p.hasMaxLatencyMs() ? p.getMaxLatencyMs() : null,
                emptyToNull(p.getAllowedRegionsList()),
                decimal("maxPricePerHour", p.getMaxPricePerHour()),
                emptyToNull(p.getImage()),
                emptyToNull(p.getCommandList()),
                emptyToNull(p.getArgsList()),
                emptyToNull(p.getEnvMap()),
                p.hasMaxRetries() ? p.getMaxRetries() : null,
                emptyToNull(p.getLabelsMap()));
    }

    public static io.suanli.grpc.v1.JobSpec toProto(JobSpec s) {
        var b = io.suanli.grpc.v1.JobSpec.newBuilder().setTenant(s.tenant());
        if (s.externalId() != null) {
            b.setExternalId(s.externalId());
        }
        if (s.tasks() != null) {
            b.setTasks(s.tasks());
        }
        if (s.cpuCores() != null) {
            b.setCpuCores(s.cpuCores());
        }
        if (s.memoryGiB() != null) {
            b.setMemoryGib(s.memoryGiB());
        }
        if (s.gpus() != null) {
            b.setGpus(s.gpus());
        }
        if (s.gpuModel() != null) {
            b.setGpuModel(s.gpuModel());
        }
        if (s.durationHours() != null) {
            b.setDurationHours(s.durationHours());
        }
        if (s.earliestStart() != null) {
            b.setEarliestStart(toTimestamp(s.earliestStart()));
        }
        if (s.deadline() != null) {
            b.setDeadline(toTimestamp(s.deadline()));
        }
        if (s.priority() != null) {
            b.setPriority(s.priority());
        }
        if (s.dataSite() != null) {
            b.setDataSite(s.dataSite());
        }
        if (s.maxLatencyMs() != null) {
            b.setMaxLatencyMs(s.maxLatencyMs());
        }
        if (s.allowedRegions() != null) {
            b.addAllAllowedRegions(s.allowedRegions());
        }
        if (s.maxPricePerHour() != null) {
            b.setMaxPricePerHour(s.maxPricePerHour().toPlainString());
        }
        if (s.image() != null) {
            b.setImage(s.image());
        }
        if (s.command() != null) {
            b.addAllCommand(s.command());
        }
        if (s.args() != null) {
            b.addAllArgs(s.args());
        }
        if (s.env() != null) {
            b.putAllEnv(s.env());
        }
        if (s.maxRetries() != null) {
            b.setMaxRetries(s.maxRetries());
        }
        if (s.labels() != null) {
            b.putAllLabels(s.labels());
        }
        return b.build();
    }

    public static io.suanli.grpc.v1.Job toProto(Job job) {
        var b = io.suanli.grpc.v1.Job.newBuilder()
                .setId(job.id())
                .setTenant(job.spec().tenant())
                .setState(toProto(job.state()))
                .setAttempt(job.attempt())
                .setSubmitTime(toTimestamp(job.submittedAt()))
                .setUpdateTime(toTimestamp(job.updatedAt()))
                .setSpec(toProto(job.spec()));
        if (job.spec().externalId() != null) {
            b.setExternalId(job.spec().externalId());
        }
        if (job.reason() != null) {
            b.setReason(job.reason());
        }
        return b.build();
    }

    public static io.suanli.grpc.v1.JobEvent toProto(JobEvent event) {
        var b = io.suanli.grpc.v1.JobEvent.newBuilder()
                .setJobId(event.jobId())
                .setSequence(event.sequence())
                .setState(toProto(event.state()))
                .setTime(toTimestamp(event.at()));
        if (event.reason() != null) {
            b.setReason(event.reason());
        }
        return b.build();
    }

    public static io.suanli.grpc.v1.JobState toProto(JobState state) {
        return io.suanli.grpc.v1.JobState.valueOf("JOB_STATE_" + state.name());
    }

    /** The domain state a filter names; unspecified means no filter. */
    public static JobState toDomain(io.suanli.grpc.v1.JobState state) {
        if (state == io.suanli.grpc.v1.JobState.JOB_STATE_UNSPECIFIED) {
            return null;
        }
        if (state == io.suanli.grpc.v1.JobState.UNRECOGNIZED) {
            throw ProblemException.malformed("state", "not a job state this server knows");
        }
        return JobState.valueOf(state.name().substring("JOB_STATE_".length()));
    }

    /** One streamed request's result, for the batch acknowledgement. */
    public static io.suanli.grpc.v1.SubmitJobResult toResult(long index, String requestId, SubmissionResult result) {
        var b = io.suanli.grpc.v1.SubmitJobResult.newBuilder().setIndex(index).setRequestId(requestId);
        if (result.accepted()) {
            b.setAccepted(AcceptedJob.newBuilder()
                    .setJobId(result.job().id())
                    .setState(toProto(result.job().state()))
                    .setReplayed(result.replayed()));
        } else {
            b.setError(toError(result.problem()));
        }
        return b.build();
    }

    public static SubmitError toError(ProblemException problem) {
        var b = SubmitError.newBuilder()
                .setCode(GrpcProblems.code(problem).value())
                .setMessage(GrpcProblems.description(problem));
        problem.errors().forEach(e -> b.addFieldViolations(FieldViolation.newBuilder()
                .setField(GrpcProblems.protoField(e.field()))
                .setDescription(e.message())));
        return b.build();
    }

    public static Timestamp toTimestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    public static Instant toInstant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    private static BigDecimal decimal(String field, String value) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw ProblemException.invalid(field, "'" + value + "' is not a decimal number such as 12.50");
        }
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    private static List<String> emptyToNull(List<String> values) {
        return values.isEmpty() ? null : List.copyOf(values);
    }

    private static Map<String, String> emptyToNull(Map<String, String> values) {
        return values.isEmpty() ? null : Map.copyOf(values);
    }
}
