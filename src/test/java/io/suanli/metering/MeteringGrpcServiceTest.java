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
        io.suanli.grpc.v1.UsageRecord first = pages.get(0).getRecords(0);
        assertThat(first.getBilledCostMinor()).isEqualTo(4713);
        // Decimals as the client wrote them (no trailing zeros), prices with their six decimals.
        assertThat(List.of(first.getCpuCoreHours(), first.getMemoryGibHours(), first.getGpuHours(), first.getEnergyKwh()))
                .containsExactly("16", "64", "2", "1.745");
        assertThat(List.of(first.getPriceCpuCore(), first.getPriceMemoryGib(), first.getPriceGpu())).containsExactly("0.12", "0.015", "22.123456");
        assertThat(List.of(first.getTenant(), first.getSource(), first.getCurrency(), first.getGpuModel(), first.getJobId()))
                .containsExactly(e.tenant(), "REPORTED", "CNY", "H100", job);
        assertThat(first.getStartsAt().getSeconds()).isEqualTo(Plans.STARTS_AT.getEpochSecond());
        assertThat(first.getEndsAt().getSeconds()).isEqualTo(Plans.STARTS_AT.getEpochSecond() + 3600);
        assertThat(first.getChargeDay()).isEqualTo(first.getBillingDay()).isNotEmpty();
        String position = pages.get(pages.size() - 1).getPosition();
        assertThat(metering.pullUsage(PullUsageRequest.newBuilder().setTenant(e.tenant()).setAfter(position).build())
                .collect().asList().await().atMost(WAIT)).as("nothing after the last position").isEmpty();
    }

    @Test
    void pullingPagesReadAheadWhileWritersCommitOutOfOrderDeliversEveryRecordOnce() throws Exception {
        Jobs.Estate e = Jobs.estate();
        String job = Plans.committedJob(jdbcUrl, e);
        int writers = 3;
        int batches = 6;
        int perBatch = 20;
        int expected = writers * batches * perBatch + 1;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        List<String> seen = new java.util.ArrayList<>();
        String position = "";
        try (java.sql.Connection slow = java.sql.DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
            // A transaction that takes its row id first and commits after all the others.
            slow.setAutoCommit(false);
            UsageFeedTest.insertRaw(slow, e.prefix() + "-late", job, e);
            List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                sent.add(pool.submit(() -> {
                    for (int b = 0; b < batches; b++) {
                        ReportUsageRequest.Builder batch = ReportUsageRequest.newBuilder();
                        for (int i = 0; i < perBatch; i++) {
                            batch.addRecords(report(e.prefix() + "-w" + writer + "-" + b + "-" + i, job, i % 2, "16"));
                        }
                        metering.reportUsage(Multi.createFrom().item(batch.build())).collect().asList().await().atMost(WAIT);
                    }
                    return null;
                }));
            }
            // Pull while they write, in pages of 7: full pages make the reader read the next one ahead.
            while (sent.stream().anyMatch(f -> !f.isDone())) {
                position = pull(e.tenant(), position, seen);
            }
            for (java.util.concurrent.Future<?> f : sent) {
                f.get();
            }
            position = pull(e.tenant(), position, seen);
            slow.commit();
        } finally {
            pool.shutdown();
        }
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (seen.size() < expected && System.nanoTime() < deadline) {
            position = pull(e.tenant(), position, seen);
        }
        assertThat(seen).hasSize(expected).doesNotHaveDuplicates().contains(e.prefix() + "-late");
        assertThat(pull(e.tenant(), position, seen)).as("nothing after the end").isEqualTo(position);
        assertThat(seen).hasSize(expected);
    }

    /** Pulls to the end of the feed from {@code after}, adds the ids to {@code seen}, returns the last position. */
    private String pull(String tenant, String after, List<String> seen) {
        List<PullUsageResponse> responses = metering.pullUsage(PullUsageRequest.newBuilder().setTenant(tenant).setAfter(after)
                .setPageSize(7).build()).collect().asList().await().atMost(WAIT);
        for (PullUsageResponse r : responses) {
            r.getRecordsList().forEach(record -> seen.add(record.getId()));
        }
        return responses.isEmpty() ? after : responses.get(responses.size() - 1).getPosition();
    }

    private static UsageReport report(String id, String job, int task, String cores) {
        return UsageReport.newBuilder().setId(id).setJobId(job).setTask(task)
                .setStartsAt(Timestamp.newBuilder().setSeconds(Plans.STARTS_AT.getEpochSecond()))
                .setEndsAt(Timestamp.newBuilder().setSeconds(Plans.STARTS_AT.getEpochSecond() + 3600))
                .setCpuCoreHours(cores).setMemoryGibHours("64").setGpuHours("2").setCurrency("CNY").build();
    }
}
