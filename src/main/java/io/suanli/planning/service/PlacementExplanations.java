package io.suanli.planning.service;

import io.smallrye.mutiny.Uni;
import io.suanli.catalog.service.EstateCache;
import io.suanli.catalog.service.SettingsStore;
import io.suanli.common.problem.ProblemException;
import io.suanli.planning.config.PlannerConfig;
import io.suanli.planning.domain.LiveJob;
import io.suanli.planning.domain.SlotFrame;
import io.suanli.planning.persistence.QueueStore;
import io.suanli.scheduling.domain.SchedulePlan;
import io.suanli.scheduling.explain.JobExplanation;
import io.suanli.scheduling.explain.PlacementExplainer;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Why a job is placed where it is, or why not yet: the engine's explainer run on a snapshot of
 * the stored state (estate, committed and tentative plans), so any instance can answer, leader or
 * not. Hours in the explanation count slots from {@code slotZero}.
 */
@Singleton
public class PlacementExplanations {

    /** The answer: the job's state and stored plan, and the engine's explanation (null when not in the horizon). */
    public record Placement(String job, String state, String reason, QueueStore.PlanFigures plan, java.time.Instant slotZero,
            int slotMinutes, String waitingBecause, JobExplanation explanation) {}

    private final QueueStore queue;
    private final EstateCache estate;
    private final SettingsStore settings;
    private final Clock clock;
    private final PlannerConfig config;

    public PlacementExplanations(QueueStore queue, EstateCache estate, SettingsStore settings, Clock clock, PlannerConfig config) {
        this.queue = queue;
        this.estate = estate;
        this.settings = settings;
        this.clock = clock;
        this.config = config;
    }

    public Uni<Placement> explain(String id) {
        UUID jobId = parse(id);
        // The database reads that need a Hibernate session come first, on the request's context.
        return settings.get().chain(s -> estate.view().chain(view -> queue.byIds(java.util.Set.of(jobId)).chain(found -> {
            if (found.isEmpty()) throw ProblemException.notFound("job", id);
            LiveJob job = found.get(0);
            return queue.planFigures(jobId).chain(figures -> queue.active().map(active -> {
                SlotFrame frame = SlotFrame.at(clock.instant(), s.slotMinutes(), s.horizonHours(), s.freezeSlots());
                if (!job.waiting() && !job.pinned()) {
                    return new Placement(id, job.state().name(), job.reason(), figures, frame.slotZero(), s.slotMinutes(), null, null);
                }
                LiveSnapshot live = LiveSnapshots.build(view, s.carbonPricePerTonne().doubleValue(), frame, withJob(active, job));
                String leftOut = live.leftOut().get(jobId);
                if (live.snapshot().job(id) == null) {
                    return new Placement(id, job.state().name(), job.reason(), figures, frame.slotZero(), s.slotMinutes(),
                            leftOut != null ? leftOut : "its nodes are no longer in service", null);
                }
                SchedulePlan plan = LiveSnapshots.carryOver(live, null, null);
                JobExplanation explanation = new PlacementExplainer(plan).explain(id, config.explainAlternatives());
                return new Placement(id, job.state().name(), job.reason(), figures, frame.slotZero(), s.slotMinutes(),
                        explanation.placed() ? null : String.join("; ", explanation.unplacedReasons()), explanation);
            }));
        })));
    }

    private static List<LiveJob> withJob(List<LiveJob> active, LiveJob job) {
        Map<UUID, LiveJob> byId = new java.util.LinkedHashMap<>();
        for (LiveJob j : active) byId.put(j.id(), j);
        byId.put(job.id(), job);
        return List.copyOf(byId.values());
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.notFound("job", String.valueOf(id));
        }
    }
}
