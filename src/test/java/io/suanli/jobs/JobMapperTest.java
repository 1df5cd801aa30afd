package io.suanli.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.suanli.jobs.domain.Job;
import io.suanli.jobs.domain.JobIds;
import io.suanli.jobs.domain.JobSpec;
import io.suanli.jobs.persistence.JobEntity;
import io.suanli.jobs.persistence.JobMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobMapperTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void jobSurvivesTheRow() {
        JobSpec spec = new JobSpec("transport", "ext-1", 2, 16, 64.0, 2, "H100", 3, T0, T0.plusSeconds(36_000), 10,
                "city-edge-1", 5.0, List.of("yangtze", "city"), new BigDecimal("120.5"), "img:1", List.of("run"),
                List.of("--fast"), Map.of("A", "1"), 2, Map.of("team", "video")).withDefaults(T0);
        Job job = Job.submitted(JobIds.next(T0), spec, T0).job();
        JobEntity row = JobMapper.toEntity(job, "key-1", new byte[] {1, 2});
        assertThat(row.requestId).isEqualTo("key-1");
        row.maxPricePerHour = row.maxPricePerHour.setScale(6);
        assertThat(JobMapper.toDomain(row)).isEqualTo(job);
    }

    @Test
    void jobIdsAreTimeOrderedUuids() {
        String earlier = JobIds.next(T0);
        String later = JobIds.next(T0.plusMillis(1));
        assertThat(earlier).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(earlier.compareTo(later)).isNegative();
    }
}
