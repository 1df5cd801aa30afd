package io.suanli.metering;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.suanli.grpc.v1.MeteringService;
import io.suanli.grpc.v1.PullUsageRequest;
import io.suanli.grpc.v1.PullUsageResponse;
import io.suanli.grpc.v1.ReportUsageRequest;
import io.suanli.grpc.v1.ReportUsageResponse;
import io.suanli.grpc.v1.UsageReport;
import io.suanli.support.Jobs;
import io.suanli.support.Plans;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** ReportUsage answers each batch after it commits; a refused batch stores nothing; PullUsage streams what committed. */
@QuarkusTest
class MeteringGrpcServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @GrpcClient("jobs")
    MeteringService metering;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void eachBatchIsAnsweredAndARefusedBatchStoresNothing() {
        Jobs.Estate e = Jobs.estate();
        String job = Plans.committedJob(jdbcUrl, e);
        ReportUsageRequest good = ReportUsageRequest.newBuilder()
                .addRecords(report(e.prefix() + "-g1", job, 0, "16")).addRecords(report(e.prefix() + "-g2", job, 1, "16")).build();
        ReportUsageRequest bad = ReportUsageRequest.newBuilder()
                .addRecords(report(e.prefix() + "-b1", job, 0, "-1")).build();
        List<ReportUsageResponse> answers = metering.reportUsage(Multi.createFrom().items(good, bad, good))
                .collect().asList().await().atMost(WAIT);
        answers = answers.stream().sorted(Comparator.comparingLong(ReportUsageResponse::getBatch)).toList();
        assertThat(answers).hasSize(3);
        assertThat(answers.get(0).getInserted() + answers.get(2).getInserted()).isEqualTo(2);
        assertThat(answers.get(0).getDuplicates() + answers.get(2).getDuplicates()).isEqualTo(2);
        assertThat(answers.get(1).getError().getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT.value());
        assertThat(answers.get(1).getError().getFieldViolations(0).getField()).isEqualTo("records[0].cpu_core_hours");

        // Follow until both records came (the feed may lag while other transactions in the shared cluster are open).
        List<PullUsageResponse> pages = metering.pullUsage(PullUsageRequest.newBuilder().setTenant(e.tenant()).setPageSize(1)
                        .setFollow(true).build())
                .select().first(2).collect().asList().await().atMost(Duration.ofSeconds(90));
        assertThat(pages.stream().flatMap(p -> p.getRecordsList().stream()).map(r -> r.getId()).toList())
                .containsExactlyInAnyOrder(e.prefix() + "-g1", e.prefix() + "-g2");
        assertThat(pages.get(0).getRecords(0).getBilledCostMinor()).isEqualTo(4713);
        String position = pages.get(pages.size() - 1).getPosition();
        assertThat(metering.pullUsage(PullUsageRequest.newBuilder().setTenant(e.tenant()).setAfter(position).build())
                .collect().asList().await().atMost(WAIT)).as("nothing after the last position").isEmpty();
    }

    private static UsageReport report(String id, String job, int task, String cores) {
        return UsageReport.newBuilder().setId(id).setJobId(job).setTask(task)
                .setStartsAt(Timestamp.newBuilder().setSeconds(Plans.STARTS_AT.getEpochSecond()))
                .setEndsAt(Timestamp.newBuilder().setSeconds(Plans.STARTS_AT.getEpochSecond() + 3600))
                .setCpuCoreHours(cores).setMemoryGibHours("64").setGpuHours("2").setCurrency("CNY").build();
    }
}
