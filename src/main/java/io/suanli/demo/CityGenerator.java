package io.suanli.demo;

import io.suanli.scenario.ScenarioDocument;
import io.suanli.scenario.ScenarioDocument.Job;
import io.suanli.scenario.ScenarioDocument.Tenant;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates the demo city: an East-Data-West-Computing estate around a host city and a batch of
 * department jobs, as a {@code suanli-scenario/1} document. The same settings give the same
 * document, byte for byte: all randomness comes from the seed, none from the clock.
 */
public final class CityGenerator {

    /** Shadow price of carbon, about the level of the Chinese national carbon market (CNY/t). */
    static final BigDecimal CARBON_PRICE_PER_TONNE = new BigDecimal("100.0");

    private final CarbonCurves carbon;

    public CityGenerator() {
        this(CarbonCurves.load());
    }

    CityGenerator(CarbonCurves carbon) {
        this.carbon = carbon;
    }

    /** The scenario for these settings. */
    public ScenarioDocument generate(DemoSettings settings) {
        SplittableRandom random = new SplittableRandom(settings.seed());
        // separate streams, so changing the job count does not change the estate
        SplittableRandom estateRandom = random.split();
        SplittableRandom jobRandom = random.split();
        EstateGenerator.Estate estate = new EstateGenerator(carbon).generate(settings, estateRandom);
        List<Tenant> tenants = TenantPlan.tenants(estate.nodes());
        ScenarioDocument withoutJobs = document(settings, estate, tenants, List.of());
        JobFactory factory = new JobFactory(EstateIndex.of(withoutJobs));
        List<Job> jobs = new ArrayList<>(settings.jobs());
        for (int i = 1; i <= settings.jobs(); i++) {
            JobKind kind = JobKind.pick(jobRandom.nextDouble());
            jobs.add(factory.create(String.format("j-%06d", i), kind, settings.horizonHours(), jobRandom));
        }
        return document(settings, estate, tenants, jobs);
    }

    private static ScenarioDocument document(DemoSettings settings, EstateGenerator.Estate estate,
            List<Tenant> tenants, List<Job> jobs) {
        String description = String.format(
                "Demo city estate (East Data West Computing hubs around Hangzhou): preset %s, seed %d, "
                        + "%d nodes, %d jobs, %d h",
                settings.preset(), settings.seed(), estate.nodes().size(), jobs.size(), settings.horizonHours());
        return new ScenarioDocument(ScenarioDocument.FORMAT, settings.preset() + "-city-" + settings.seed(),
                description, settings.startsAt(), settings.horizonHours(), CARBON_PRICE_PER_TONNE,
                estate.regions(), estate.sites(), estate.latency(), tenants, estate.nodes(), jobs);
    }
}
