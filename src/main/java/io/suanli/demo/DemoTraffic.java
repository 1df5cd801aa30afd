package io.suanli.demo;

import io.quarkus.runtime.ShutdownEvent;
import io.suanli.common.time.Slots;
import io.suanli.jobs.service.JobService;
import io.suanli.jobs.service.SubmissionResult;
import io.suanli.scenario.ScenarioDocument;
import io.suanli.scenario.ScenarioJobs;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The running demo's departments: at each new slot of the (accelerated) exchange clock, submits
 * that slot's jobs from {@link DemoJobStream} through the ordinary submission path, so the
 * scheduler, the sites and the dashboard have live work. A restart re-submits nothing: a slot's
 * jobs carry external ids that are already taken.
 */
@Singleton
public class DemoTraffic {

    private static final Logger LOG = Logger.getLogger(DemoTraffic.class);
    private static final Duration SLOT = Duration.ofHours(1);
    /** How often (real time) the clock is looked at; the demo clock runs a slot in about 10 s. */
    private static final long TICK_MILLIS = 1000;

    private final JobService jobs;
    private final Clock clock;
    private final DemoConfig config;
    private ScheduledExecutorService timer;
    private long lastSlot = Long.MIN_VALUE;

    public DemoTraffic(JobService jobs, Clock clock, DemoConfig config) {
        this.jobs = jobs;
        this.clock = clock;
        this.config = config;
    }

    /** Starts submitting the city's department jobs, slot by slot from the current one. */
    public synchronized void start(ScenarioDocument city) {
        if (timer != null || config.jobsPerSlot() <= 0) {
            return;
        }
        DemoJobStream stream = new DemoJobStream(city, config.seed(), config.jobsPerSlot(), city.horizonHours(), SLOT);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "suanli-demo-traffic");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> tick(stream, city), 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        LOG.infof("demo traffic: about %.0f jobs per slot", config.jobsPerSlot());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void tick(DemoJobStream stream, ScenarioDocument city) {
        Instant now = clock.instant();
        long slot = stream.slotIndex(now);
        if (slot == lastSlot) {
            return;
        }
        lastSlot = slot;
        List<ScenarioDocument.Job> due = stream.jobsAt(now);
        if (due.isEmpty()) {
            return;
        }
        ScenarioDocument batch = new ScenarioDocument(city.format(), city.name(), null, null, city.horizonHours(), null,
                null, null, null, null, null, due);
        Instant hourZero = Slots.slotStart(now, SLOT);
        try {
            // Hibernate Reactive needs a Vert.x context; this is the demo's own thread, so it may wait
            List<SubmissionResult> results = VertxContextSupport.subscribeAndAwait(
                    () -> jobs.submitAll(ScenarioJobs.submissions(batch, hourZero)));
            long accepted = results.stream().filter(r -> r.problem() == null).count();
            LOG.infof("demo traffic: slot %s, %d of %d jobs accepted", hourZero, accepted, results.size());
            results.stream().map(SubmissionResult::problem).filter(p -> p != null).findFirst()
                    .ifPresent(p -> LOG.debugf("demo traffic: first refusal: %s", p.getMessage()));
        } catch (Throwable failure) {
            LOG.warnf(failure, "demo traffic: the jobs of slot %s were not submitted", hourZero);
        }
    }
}
