package io.suanli.jobs.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.BadRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.suanli.common.problem.ProblemException;
import io.suanli.common.problem.ProblemType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GrpcProblemsTest {

    @Test
    void aValidationFailureIsInvalidArgumentWithEveryFieldInDescriptionAndDetails() throws Exception {
        ProblemException problem = ProblemException.invalid(List.of(
                new io.suanli.common.problem.FieldError("memoryGiB", "is required"),
                new io.suanli.common.problem.FieldError("allowedRegions[1]", "'x' is listed twice")));

        StatusRuntimeException status = GrpcProblems.toStatus(problem);

        assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getStatus().getDescription())
                .isEqualTo("spec.memory_gib: is required; spec.allowed_regions[1]: 'x' is listed twice");
        BadRequest details = StatusProto.fromThrowable(status).getDetails(0).unpack(BadRequest.class);
        assertThat(details.getFieldViolationsList()).extracting(BadRequest.FieldViolation::getField)
                .containsExactly("spec.memory_gib", "spec.allowed_regions[1]");
    }

    @Test
    void aMalformedRequestIsInvalidArgument() {
        assertThat(GrpcProblems.toStatus(ProblemException.malformed("after", "not a feed position")).getStatus().getCode())
                .isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void aMissingJobIsNotFound() {
        StatusRuntimeException status = GrpcProblems.toStatus(ProblemException.notFound("job", "j-1"));

        assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(status.getStatus().getDescription()).isEqualTo("job 'j-1' does not exist");
    }

    @ParameterizedTest
    @CsvSource({"Idempotency-Key", "requestId", "externalId"})
    void aConflictOverAJobsIdentityIsAlreadyExists(String field) {
        assertThat(GrpcProblems.toStatus(ProblemException.conflict(field, "taken")).getStatus().getCode())
                .isEqualTo(Status.Code.ALREADY_EXISTS);
    }

    @Test
    void anIllegalTransitionIsFailedPrecondition() {
        ProblemException refused = new ProblemException(ProblemType.CONFLICT, "job j-1 cannot move from CANCELLED to CANCELLED");

        StatusRuntimeException status = GrpcProblems.toStatus(refused);

        assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(status.getStatus().getDescription()).isEqualTo("job j-1 cannot move from CANCELLED to CANCELLED");
    }

    @Test
    void anUnexpectedFailureIsInternalWithoutItsMessage() {
        StatusRuntimeException status = GrpcProblems.toStatus(new IllegalStateException("SQL state 08006 at Foo.java:12"));

        assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(status.getStatus().getDescription()).isEqualTo("the server failed to handle this request");
        assertThat(status.getStatus().getCause()).isNull();
    }

    @Test
    void aStatusPassesThroughUnchanged() {
        StatusRuntimeException given = Status.CANCELLED.withDescription("client went away").asRuntimeException();

        assertThat(GrpcProblems.toStatus(given)).isSameAs(given);
    }

    @ParameterizedTest
    @CsvSource({
        "cpuCores, spec.cpu_cores",
        "memoryGiB, spec.memory_gib",
        "maxPricePerHour, spec.max_price_per_hour",
        "allowedRegions[0], spec.allowed_regions[0]",
        "env.MY_VAR, spec.env.MY_VAR",
        "labels.app.kubernetes.io/name, spec.labels.app.kubernetes.io/name",
        "tenant, spec.tenant",
        "body, spec",
        "Idempotency-Key, request_id",
        "requestId, request_id",
        "page_size, page_size",
        "after, after"
    })
    void domainFieldPathsBecomeProtoFieldPaths(String domain, String proto) {
        assertThat(GrpcProblems.protoField(domain)).isEqualTo(proto);
    }
}
