package io.suanli.scheduling.solver;

import io.suanli.scheduling.domain.JobAssignment;
import io.suanli.scheduling.domain.Placement;
import io.suanli.scheduling.domain.SchedulePlan;
import io.suanli.scheduling.domain.SiteFact;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.optaplanner.core.api.score.director.ScoreDirector;
import org.optaplanner.core.impl.heuristic.move.Move;

/**
 * A job-level move that decides its exact node set when it is done, against the live occupancy:
 * whole gangs move together and every placement it makes keeps the hard rules. The result is a pure
 * function of the state, so redoing the chosen move gives the same plan; the undo is recorded.
 */
final class ReplanMove implements Move<SchedulePlan> {
    enum Kind {
        /** Move a placed job to the cheapest nodes at a given site and start (or leave it). */
        RELOCATE,
        /** Take a placed job out and put it back at its cheapest option anywhere. */
        REOPTIMIZE,
        /** Place an unplaced job at its cheapest option anywhere. */
        PLACE,
        /** Take lower-priority jobs out to place a higher-priority one, then re-place them where possible (through a chain). */
        EJECT_AND_PLACE,
        /** Exchange the (site, start) of two placed jobs. */
        SWAP,
        /** Take out the jobs of one site-hour, then insert them and some unplaced jobs again, in the given order. */
        RUIN_AND_RECREATE,
        /** Insert an unplaced job through a deep ejection chain ({@link EjectionChain}). */
        CHAIN
    }

    /**
     * Ejections one chain may make: enough for a cascade of a few levels, bounded work per move.
     * 16 rather than 8 since eject-and-place also re-inserts through the chain: a whole-node gang
     * ejects up to 8 jobs at once, each of which may need to push out another (trace-small-1,
     * --steps 250000, seeds 0-2: 1075 / 1075 / 1074 with 16, 1074 each with 8; 32 is no better and
     * slower per step).
     */
    static final int CHAIN_EJECTIONS = 16;

    private final Kind kind;
    private final JobAssignment primary;
    private final JobAssignment secondary;
    private final SiteFact site;
    private final int start;
    private final List<JobAssignment> ejected;
    private final List<JobAssignment> inserts;
    private final long seed;

    private ReplanMove(Kind kind, JobAssignment primary, JobAssignment secondary, SiteFact site, int start, List<JobAssignment> ejected) {
        this(kind, primary, secondary, site, start, ejected, List.of());
    }

    private ReplanMove(Kind kind, JobAssignment primary, JobAssignment secondary, SiteFact site, int start, List<JobAssignment> ejected,
            List<JobAssignment> inserts) {
        this(kind, primary, secondary, site, start, ejected, inserts, 0);
    }

    private ReplanMove(Kind kind, JobAssignment primary, JobAssignment secondary, SiteFact site, int start, List<JobAssignment> ejected,
            List<JobAssignment> inserts, long seed) {
        this.seed = seed;
        this.inserts = inserts;
        this.kind = kind;
        this.primary = primary;
        this.secondary = secondary;
        this.site = site;
        this.start = start;
        this.ejected = ejected;
    }

    static ReplanMove relocate(JobAssignment a, SiteFact site, int start) { return new ReplanMove(Kind.RELOCATE, a, null, site, start, List.of()); }
    static ReplanMove reoptimize(JobAssignment a) { return new ReplanMove(Kind.REOPTIMIZE, a, null, null, -1, List.of()); }
    static ReplanMove place(JobAssignment a) { return new ReplanMove(Kind.PLACE, a, null, null, -1, List.of()); }
    static ReplanMove swap(JobAssignment a, JobAssignment b) { return new ReplanMove(Kind.SWAP, a, b, null, -1, List.of()); }
    static ReplanMove ejectAndPlace(JobAssignment a, SiteFact site, int start, List<JobAssignment> ejected, long seed) {
        return new ReplanMove(Kind.EJECT_AND_PLACE, a, null, site, start, List.copyOf(ejected), List.of(), seed);
    }

    static ReplanMove ruinAndRecreate(List<JobAssignment> ruined, List<JobAssignment> inserts) {
        return new ReplanMove(Kind.RUIN_AND_RECREATE, ruined.get(0), null, null, -1, List.copyOf(ruined), List.copyOf(inserts));
    }

    /** A deep ejection chain for an unplaced job; {@code seed} fixes its random choices, so a redo repeats it. */
    static ReplanMove chain(JobAssignment a, long seed) {
        return new ReplanMove(Kind.CHAIN, a, null, null, -1, List.of(), List.of(), seed);
    }

    @Override
    public boolean isMoveDoable(ScoreDirector<SchedulePlan> scoreDirector) {
        if (primary.isPinned() || (secondary != null && secondary.isPinned())) return false;
        return switch (kind) {
            case RELOCATE, REOPTIMIZE -> primary.isPlaced();
            case PLACE, EJECT_AND_PLACE, CHAIN -> !primary.isPlaced();
            case SWAP -> primary.isPlaced() && secondary.isPlaced() && primary != secondary;
            case RUIN_AND_RECREATE -> true;
        };
    }

    @Override
    public Move<SchedulePlan> doMove(ScoreDirector<SchedulePlan> scoreDirector) {
        ScheduleState state = StateAccess.of(scoreDirector);
        PlacementSearch search = state.search();
        Changes changes = new Changes(scoreDirector);
        switch (kind) {
            case RELOCATE -> {
                Placement old = primary.getPlacement();
                changes.set(primary, null);
                Placement p = search.bestAt(primary.getJob(), site, start);
                changes.set(primary, p != null ? p : old);
            }
            case REOPTIMIZE -> {
                Placement old = primary.getPlacement();
                changes.set(primary, null);
                Placement p = search.best(primary.getJob());
                changes.set(primary, p != null ? p : old);
            }
            case PLACE -> changes.set(primary, search.best(primary.getJob()));
            case EJECT_AND_PLACE -> {
                for (JobAssignment e : ejected) changes.set(e, null);
                Placement p = search.bestAt(primary.getJob(), site, start);
                if (p == null) {
                    changes.rollback();
                } else {
                    changes.set(primary, p);
                    // the ejected jobs go back through a deep chain (highest priority first): where the
                    // hours they need are full they may push out more flexible or cheaper jobs in
                    // turn, which a plain re-insertion cannot (a whole-node gang on trace-small-1
                    // needs its 8 blockers moved, each of which finds room only by moving another)
                    new EjectionChain(state, changes, new Random(seed), CHAIN_EJECTIONS).run(ejected, List.of(primary));
                }
            }
            case SWAP -> {
                Placement pa = primary.getPlacement(), pb = secondary.getPlacement();
                changes.set(primary, null);
                changes.set(secondary, null);
                Placement na = search.bestAt(primary.getJob(), pb.site(), pb.startHour());
                if (na != null) changes.set(primary, na);
                Placement nb = na == null ? null : search.bestAt(secondary.getJob(), pa.site(), pa.startHour());
                if (nb == null) changes.rollback();
                else changes.set(secondary, nb);
            }
            case CHAIN -> new EjectionChain(state, changes, new Random(seed), CHAIN_EJECTIONS).run(List.of(primary));
            case RUIN_AND_RECREATE -> {
                for (JobAssignment e : ejected) if (!e.isPinned()) changes.set(e, null);
                for (JobAssignment a : inserts) {
                    if (a.isPinned() || a.isPlaced()) continue;
                    Placement p = search.best(a.getJob());
                    if (p != null) changes.set(a, p);
                }
            }
        }
        return changes.undoMove();
    }

    @Override
    public List<JobAssignment> getPlanningEntities() {
        List<JobAssignment> list = new ArrayList<>(2 + ejected.size());
        list.add(primary);
        if (secondary != null) list.add(secondary);
        list.addAll(ejected);
        for (JobAssignment a : inserts) if (!list.contains(a)) list.add(a);
        return list;
    }

    @Override
    public String getSimpleMoveTypeDescription() { return "ReplanMove(" + kind + ")"; }

    @Override
    public String toString() {
        return kind + " " + primary.getId() + (secondary != null ? " <-> " + secondary.getId() : "")
                + (site != null ? " to " + site.id() + "@" + start : "") + (ejected.isEmpty() ? "" : " ejecting " + ejected);
    }
}
