package io.suanli.demo;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.suanli.common.time.Slots;
import io.suanli.scenario.ImportReport;
import io.suanli.scenario.ScenarioDocument;
import io.suanli.scenario.ScenarioImporter;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Imports the generated demo city at start-up when {@code suanli.demo.load-city} is on, through
 * the same path as {@code POST /api/v1/scenarios}, with hour 0 at the current hour.
 */
@Singleton
public class DemoCityLoader {

    private static final Logger LOG = Logger.getLogger(DemoCityLoader.class);

    private final DemoConfig config;
    private final ScenarioImporter importer;
    private final Clock clock;
    private final DemoTraffic traffic;

    public DemoCityLoader(DemoConfig config, ScenarioImporter importer, Clock clock, DemoTraffic traffic) {
        this.traffic = traffic;
        this.config = config;
        this.importer = importer;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        if (!config.loadCity()) {
            return;
        }
        DemoSettings demo = DemoSettings.demo();
        DemoSettings settings = new DemoSettings(demo.preset(), config.nodes(), 0, demo.horizonHours(), config.seed(),
                Slots.slotStart(clock.instant(), Duration.ofHours(1)));
        ScenarioDocument city = new CityGenerator().generate(settings);
        ImportReport report = VertxContextSupport.subscribeAndAwait(() -> importer.importScenario(city));
        LOG.infof("demo city '%s' loaded: %d nodes in %d sites, %d regions, %d tenants (%d ms)",
                report.scenario(), report.nodes().created() + report.nodes().updated(),
                report.sites().created() + report.sites().updated(),
                report.regions().created() + report.regions().updated(),
                report.tenants().created() + report.tenants().updated(), report.millis());
        traffic.start(city);
    }
}
