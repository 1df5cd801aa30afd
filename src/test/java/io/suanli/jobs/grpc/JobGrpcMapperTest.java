package io.suanli.jobs.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.suanli.common.problem.ProblemException;
import io.suanli.common.problem.ProblemType;
import io.suanli.grpc.v1.SubmitJobRequest;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobGrpcMapperTest {

    private static final Instant START = Instant.parse("2026-11-28T10:00:00.123456789Z");
    private static final Instant DEADLINE = Instant.parse("2026-11-28T20:00:00Z");

    private static io.suanli.grpc.v1.JobSpec.Builder fullProtoSpec() {
        return io.suanli.grpc.v1.JobSpec.newBuilder()
                .setTenant("transport")
                .setExternalId("cam-7")
                .setTasks(2)
                .setCpuCores(4)
                .setMemoryGib(16.5)
                .setGpus(1)
                .setGpuModel("L40S")
                .setDurationHours(3)
                .setEarliestStart(JobGrpcMapper.toTimestamp(START))
                .setDeadline(JobGrpcMapper.toTimestamp(DEADLINE))
                .setPriority(40)
                .setDataSite("city-edge-2")
                .setMaxLatencyMs(10.0)
                .addAllowedRegions("city")
                .setMaxPricePerHour("12.50")
                .setImage("registry.city/video:1")
                .addCommand("run")
                .addArgs("--fast")
                .putEnv("MODE", "night")
                .setMaxRetries(2)
                .putLabels("team", "traffic");
    }

    @Test
    void everyFieldOfAProtoSpecReachesTheDomainSpec() {
        JobSpec spec = JobGrpcMapper.toSpec(fullProtoSpec().build());

        assertThat(spec).isEqualTo(new JobSpec("transport", "cam-7", 2, 4, 16.5, 1, "L40S", 3, START, DEADLINE, 40,
                "city-edge-2", 10.0, List.of("city"), new BigDecimal("12.50"), "registry.city/video:1", List.of("run"),
                List.of("--fast"), Map.of("MODE", "night"), 2, Map.of("team", "traffic")));
    }

    @Test
    void aDomainSpecMapsBackToTheSameProtoSpec() {
        io.suanli.grpc.v1.JobSpec proto = fullProtoSpec().build();

        assertThat(JobGrpcMapper.toProto(JobGrpcMapper.toSpec(proto))).isEqualTo(proto);
    }

    @Test
    void unsetNumbersAndEmptyStringsAndListsAreAbsentNotZero() {
        JobSpec spec = JobGrpcMapper.toSpec(io.suanli.grpc.v1.JobSpec.newBuilder().setTenant("transport").build());

        assertThat(spec).isEqualTo(new JobSpec("transport", null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null));
    }

    @Test
    void anExplicitZeroIsKeptAsZero() {
        JobSpec spec = JobGrpcMapper.toSpec(io.suanli.grpc.v1.JobSpec.newBuilder().setTenant("t").setGpus(0).setCpuCores(0).build());

        assertThat(spec.gpus()).isZero();
        assertThat(spec.cpuCores()).isZero();
    }

    @Test
    void aRequestWithoutSpecOrKeyIsASubmissionOfNulls() {
        assertThat(JobGrpcMapper.toSubmission(SubmitJobRequest.getDefaultInstance())).isEqualTo(new Submission(null, null));
    }

    @Test
    void aMalformedPriceIsRefusedNamingItsField() {
        var request = SubmitJobRequest.newBuilder().setSpec(fullProtoSpec().setMaxPricePerHour("12,50")).build();

        assertThatThrownBy(() -> JobGrpcMapper.toSubmission(request))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.VALIDATION_FAILED);
                    assertThat(e.errors()).singleElement().satisfies(error -> {
                        assertThat(error.field()).isEqualTo("maxPricePerHour");
                        assertThat(error.message()).isEqualTo("'12,50' is not a decimal number such as 12.50");
                    });
                });
    }

    @Test
    void timestampsKeepNanoseconds() {
        assertThat(JobGrpcMapper.toInstant(JobGrpcMapper.toTimestamp(START))).isEqualTo(START);
    }

    @ParameterizedTest
    @EnumSource(JobState.class)
    void everyStateMapsToItsProtoValueAndBack(JobState state) {
        io.suanli.grpc.v1.JobState proto = JobGrpcMapper.toProto(state);

        assertThat(proto.name()).isEqualTo("JOB_STATE_" + state.name());
        assertThat(JobGrpcMapper.toDomain(proto)).isEqualTo(state);
    }

    @Test
    void anUnspecifiedStateFilterIsNoFilter() {
        assertThat(JobGrpcMapper.toDomain(io.suanli.grpc.v1.JobState.JOB_STATE_UNSPECIFIED)).isNull();
    }

    @Test
    void aJobMapsWithItsLifecycleFieldsAndTimes() {
        JobSpec spec = JobGrpcMapper.toSpec(fullProtoSpec().build());
        Job job = new Job("0195f0a0-0000-7000-8000-000000000001", spec, JobState.CANCELLED, "cancelled by request", 1, 3,
                START, DEADLINE);

        io.suanli.grpc.v1.Job proto = JobGrpcMapper.toProto(job);

        assertThat(proto.getId()).isEqualTo(job.id());
        assertThat(proto.getTenant()).isEqualTo("transport");
        assertThat(proto.getExternalId()).isEqualTo("cam-7");
        assertThat(proto.getState()).isEqualTo(io.suanli.grpc.v1.JobState.JOB_STATE_CANCELLED);
        assertThat(proto.getReason()).isEqualTo("cancelled by request");
        assertThat(proto.getAttempt()).isEqualTo(1);
        assertThat(JobGrpcMapper.toInstant(proto.getSubmitTime())).isEqualTo(START);
        assertThat(JobGrpcMapper.toInstant(proto.getUpdateTime())).isEqualTo(DEADLINE);
        assertThat(proto.getSpec().getMaxPricePerHour()).isEqualTo("12.50");
    }

    @Test
    void anEventMapsWithSequenceStateTimeAndReason() {
        var proto = JobGrpcMapper.toProto(new JobEvent("j-1", 2, JobState.PLANNED, START, "planned on n1"));

        assertThat(proto.getJobId()).isEqualTo("j-1");
        assertThat(proto.getSequence()).isEqualTo(2);
        assertThat(proto.getState()).isEqualTo(io.suanli.grpc.v1.JobState.JOB_STATE_PLANNED);
        assertThat(JobGrpcMapper.toInstant(proto.getTime())).isEqualTo(START);
        assertThat(proto.getReason()).isEqualTo("planned on n1");
    }

    @Test
    void aRefusedBulkItemCarriesItsCodeAndFieldViolations() {
        var result = JobGrpcMapper.toResult(7, "k-7",
                SubmissionResult.refused(ProblemException.invalid("cpuCores", "is required")));

        assertThat(result.getIndex()).isEqualTo(7);
        assertThat(result.getRequestId()).isEqualTo("k-7");
        assertThat(result.hasAccepted()).isFalse();
        assertThat(result.getError().getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT.value());
        assertThat(result.getError().getMessage()).isEqualTo("spec.cpu_cores: is required");
        assertThat(result.getError().getFieldViolationsList()).singleElement().satisfies(v -> {
            assertThat(v.getField()).isEqualTo("spec.cpu_cores");
            assertThat(v.getDescription()).isEqualTo("is required");
        });
    }
}
