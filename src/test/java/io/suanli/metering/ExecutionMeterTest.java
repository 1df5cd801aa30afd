package io.suanli.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.suanli.catalog.domain.Node;
import io.suanli.catalog.domain.NodeState;
import io.suanli.catalog.domain.PowerDraw;
import io.suanli.catalog.domain.Region;
import io.suanli.catalog.domain.Site;
import io.suanli.catalog.domain.SiteTier;
import io.suanli.catalog.domain.UnitPrices;
import io.suanli.dispatch.TaskRunEnded;
import io.suanli.metering.domain.JobRun;
import io.suanli.metering.domain.UsageReport;
import io.suanli.metering.service.ExecutionMeterAccess;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A task run becomes one record per slot it overlaps, clipped to the committed window, with stable ids. */
class ExecutionMeterTest {

    private static final Instant START = Instant.parse("2026-11-28T01:00:00Z");

    @Test
    void aRunIsSplitAtSlotBoundariesAndClippedToTheWindow() {
        UnitPrices prices = new UnitPrices(new BigDecimal("0.12"), new BigDecimal("0.015"), new BigDecimal("22.123456"));
        Node node = new Node("n1", "s1", 128, 1024.0, 8, "H100", prices, new PowerDraw(6.0, 650.0), NodeState.UP);
        JobRun run = new JobRun("j1", "t1", "RUNNING", 0, 16, 64.0, 2, START, START.plus(Duration.ofHours(3)),
                new Site("s1", null, "r1", SiteTier.INTELLIGENT, 1.25), new Region("r1", null, START, List.of(500.0)),
                Map.of(0, new JobRun.TaskPlacement(0, node, prices)));
        TaskRunEnded ended = new TaskRunEnded("j1", 0, 0, "n1", START.plusSeconds(1800), START.plusSeconds(4 * 3600),
                TaskRunEnded.Outcome.WALLTIME);

        List<UsageReport> reports = ExecutionMeterAccess.reportsOf(ended, run, Duration.ofHours(1), "CNY");

        assertThat(reports).extracting(UsageReport::startsAt)
                .containsExactly(START.plusSeconds(1800), START.plusSeconds(3600), START.plusSeconds(7200));
        assertThat(reports.get(2).endsAt()).as("clipped to the window").isEqualTo(START.plusSeconds(3 * 3600));
        assertThat(reports.get(0).cpuCoreHours()).isEqualByComparingTo("8");
        assertThat(reports.get(0).gpuHours()).isEqualByComparingTo("1");
        assertThat(reports.get(1).memoryGiBHours()).isEqualByComparingTo("64");
        assertThat(reports.get(0).id()).isEqualTo("run:j1:0:0:" + START.plusSeconds(1800).getEpochSecond());
        assertThat(ExecutionMeterAccess.reportsOf(ended, run, Duration.ofHours(1), "CNY")).isEqualTo(reports);
    }
}
