package io.suanli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.suanli.scenario.ScenarioDocument;
import io.suanli.scenario.ScenarioDocument.Job;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The checker the other tests rely on must itself say no when a rule cannot be met. */
class PlacementCheckTest {

    private static ScenarioDocument estate;
    private static PlacementCheck check;

    @BeforeAll
    static void generate() {
        estate = new CityGenerator().generate(DemoSettings.demo().withJobs(0));
        check = new PlacementCheck(estate);
    }

    private static Job job(int cpuCores, int gpus, String model, String dataSite, Double maxLatencyMs,
            List<String> regions, String cap) {
        return new Job("t", "ai-lab", 1, cpuCores, 16.0, gpus, model, 1, 0, 24, 1, dataSite, maxLatencyMs, regions,
                cap == null ? null : new BigDecimal(cap), null);
    }

    @Test
    void acceptsASmallJob() {
        assertThat(check.whyNot(job(4, 0, null, null, null, null, null))).isNull();
    }

    @Test
    void rejectsWhatNoNodeHolds() {
        assertThat(check.whyNot(job(4096, 0, null, null, null, null, null))).isEqualTo("no site");
        assertThat(check.whyNot(job(4, 1, "V100", null, null, null, null))).isEqualTo("no site");
    }

    @Test
    void rejectsRulesThatExcludeEverySite() {
        assertThat(check.whyNot(job(4, 8, "H100", "city-edge-1", 0.1, null, null))).isEqualTo("no site");
        assertThat(check.whyNot(job(4, 8, "H100", null, null, List.of("chengyu"), null))).isEqualTo("no site");
        assertThat(check.whyNot(job(4, 1, null, null, null, null, "0.01"))).isEqualTo("no site");
    }

    @Test
    void rejectsAGangAboveTheTenantQuota() {
        Job gang = new Job("g", "ai-lab", 1000, 8, 16.0, 8, null, 1, 0, 24, 1, null, null, null, null, null);
        assertThat(check.whyNot(gang)).isEqualTo("gpu quota");
    }
}
