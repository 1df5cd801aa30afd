package io.suanli.dashboard;

import io.quarkus.vertx.VertxContextSupport;
import io.suanli.common.time.Slots;
import io.suanli.demo.CityGenerator;
import io.suanli.demo.DemoSettings;
import io.suanli.jobs.domain.JobState;
import io.suanli.scenario.ResultDocument;
import io.suanli.scenario.ScenarioDocument;
import io.suanli.scenario.ScenarioImporter;
import io.suanli.scheduling.PlanResults;
import io.suanli.scheduling.ScenarioSnapshots;
import io.suanli.scheduling.solver.SchedulingEngine;
import io.suanli.scheduling.solver.SolveSettings;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The demo city with a working day on it: the generator's estate and jobs, imported as the demo
 * profile does, then solved offline by the scheduling engine and its plans written through the
 * live-scheduler stand-in (jobs starting in the freeze window committed, those starting now
 * running), so the views show what an operator would see. Built once per test run.
 */
final class DemoCityFixture {

    static final int JOBS = 240;

    private static ScenarioDocument city;

    private DemoCityFixture() {}

    static synchronized ScenarioDocument load(ScenarioImporter importer, LiveSchedulerStandIn scheduler, Pool pool,
            Instant now) throws Throwable {
        if (city != null) {
            return city;
        }
        Instant hour = Slots.slotStart(now, Duration.ofHours(1));
        DemoSettings settings = DemoSettings.demo().withJobs(JOBS);
        ScenarioDocument doc = new CityGenerator().generate(new DemoSettings(settings.preset(), settings.nodes(),
                settings.jobs(), settings.horizonHours(), settings.seed(), hour));
        VertxContextSupport.subscribeAndAwait(() -> importer.importScenario(doc));

        SchedulingEngine.Outcome outcome = SchedulingEngine.solve(ScenarioSnapshots.fromScenario(doc),
                SolveSettings.ofSteps(7, 300), progress -> {});
        ResultDocument result = PlanResults.toResult(outcome.plan(), "test", outcome.solveMillis());
        Map<String, String> tenantOf = new HashMap<>();
        doc.jobs().forEach(j -> tenantOf.put(j.id(), j.tenant()));
        for (ResultDocument.Assignment a : result.assignments()) {
            String tenant = tenantOf.get(a.job());
            String id = scheduler.jobId(tenant, a.job());
            String state = pool.preparedQuery("select state from job where id = $1")
                    .execute(Tuple.of(java.util.UUID.fromString(id))).await().indefinitely().iterator().next().getString("state");
            if (!state.equals("QUEUED")) {
                continue; // pinned jobs of the scenario run already
            }
            scheduler.plan(id, hour.plus(Duration.ofHours(a.startHour())), a.nodes(), now);
            if (a.startHour() <= 1) {
                scheduler.commit(id, now);
            }
            if (a.startHour() == 0) {
                scheduler.move(id, JobState.DISPATCHED, "pods created");
                scheduler.move(id, JobState.RUNNING, "all tasks running");
            }
        }
        city = doc;
        return doc;
    }
}
