package io.suanli.scheduling.domain;

import static io.suanli.scheduling.TestEstate.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.suanli.scheduling.TestEstate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A snapshot extended with jobs shares every fact of the one it extends; only the new jobs are new. */
class PlanningSnapshotExtensionTest {

    @Test
    void addedJobsFollowTheExistingOnesAndEverythingElseIsShared() {
        PlanningSnapshot base = TestEstate.with(job("a"), job("b").gpus(2, "H100"));
        PlanningSnapshot extended = base.withJobs(List.of(
                job("c").gpus(4, "L40S").build(), job("d").latency("east-edge", 5).build()));

        assertThat(extended.jobs()).hasSize(4);
        assertThat(extended.jobs().subList(0, 2)).containsExactlyElementsOf(base.jobs());
        assertThat(extended.job("a")).isSameAs(base.job("a"));
        assertThat(extended.job("c").index()).isEqualTo(2);
        assertThat(extended.job("d").index()).isEqualTo(3);
        assertThat(extended.nodes()).isSameAs(base.nodes());
        assertThat(extended.tenants()).isSameAs(base.tenants());
        // The static rules are worked out for the new jobs as a full build would.
        PlanningSnapshot full = TestEstate.with(job("a"), job("b").gpus(2, "H100"), job("c").gpus(4, "L40S"),
                job("d").latency("east-edge", 5));
        for (String id : List.of("a", "b", "c", "d")) {
            assertThat(siteIds(extended, extended.candidateSites(extended.job(id))))
                    .as(id).containsExactlyElementsOf(siteIds(full, full.candidateSites(full.job(id))));
        }
        assertThat(base.jobs()).hasSize(2);
        assertThat(base.job("c")).isNull();
    }

    @Test
    void aJobAlreadyThereOrOfAnUnknownTenantIsRefused() {
        PlanningSnapshot base = TestEstate.with(job("a"));

        assertThatThrownBy(() -> base.withJobs(List.of(job("a").build()))).hasMessageContaining("duplicate job id a");
        assertThatThrownBy(() -> base.withJobs(List.of(job("x").tenant("nobody").build()))).hasMessageContaining("tenant nobody");
        assertThatThrownBy(() -> base.withJobs(List.of(job("y").latency("mars", 5).build()))).hasMessageContaining("dataSite mars");
    }

    private static List<String> siteIds(PlanningSnapshot s, int[] sites) {
        return java.util.Arrays.stream(sites).mapToObj(i -> s.sites().get(i).id()).toList();
    }
}
