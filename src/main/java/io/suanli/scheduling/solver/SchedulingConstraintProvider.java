package io.suanli.scheduling.solver;

import static org.optaplanner.core.api.score.stream.ConstraintCollectors.sumLong;

import io.suanli.scheduling.domain.JobAssignment;
import io.suanli.scheduling.domain.PlacementRules;
import io.suanli.scheduling.domain.TaskHour;
import org.optaplanner.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;
import org.optaplanner.core.api.score.stream.Constraint;
import org.optaplanner.core.api.score.stream.ConstraintFactory;
import org.optaplanner.core.api.score.stream.ConstraintProvider;

/**
 * The reference score: the hard rules of the scenario format, then placed priority (medium), then
 * cost + carbon cost in micro-units (soft). The incremental calculator must agree with it exactly.
 */
public class SchedulingConstraintProvider implements ConstraintProvider {
    public static final String START_WINDOW = "Start window and deadline";
    public static final String NODE_CAPACITY = "Node capacity per hour";
    public static final String GPU_MODEL = "GPU model";
    public static final String GANG = "Gang: all tasks on one site";
    public static final String LATENCY = "Latency from data site";
    public static final String RESIDENCY = "Allowed regions";
    public static final String PRICE_CAP = "Price cap";
    public static final String TENANT_QUOTA = "Tenant quota per hour";
    public static final String PINNED = "Pinned jobs stay";
    public static final String PLACED_PRIORITY = "Placed priority";
    public static final String COST_AND_CARBON = "Cost and carbon cost";

    @Override
    public Constraint[] defineConstraints(ConstraintFactory f) {
        return new Constraint[] {
            startWindow(f), nodeCapacity(f), gpuModel(f), gang(f), latency(f), residency(f), priceCap(f),
            tenantQuota(f), pinned(f), placedPriority(f), costAndCarbon(f)
        };
    }

    Constraint startWindow(ConstraintFactory f) {
        return f.forEach(JobAssignment.class)
                .filter(a -> PlacementRules.windowExcessHours(a.getJob(), a.getPlacement()) > 0)
                .penalizeLong(HardMediumSoftLongScore.ONE_HARD, a -> PlacementRules.windowExcessHours(a.getJob(), a.getPlacement()))
                .asConstraint(START_WINDOW);
    }

    Constraint nodeCapacity(ConstraintFactory f) {
        return f.forEach(JobAssignment.class)
                .flattenLast(JobAssignment::taskHours)
                .groupBy(TaskHour::nodeHour, sumLong(TaskHour::cpuCores), sumLong(TaskHour::memoryMiB), sumLong(TaskHour::gpus))
                .filter((nh, cpu, mem, gpu) -> PlacementRules.capacityOveruse(nh.node(), cpu, mem, gpu) > 0)
                .penalizeLong(HardMediumSoftLongScore.ONE_HARD, (nh, cpu, mem, gpu) -> PlacementRules.capacityOveruse(nh.node(), cpu, mem, gpu))
                .asConstraint(NODE_CAPACITY);
    }

    Constraint gpuModel(ConstraintFactory f) {
        return f.forEach(JobAssignment.class)
                .filter(a -> PlacementRules.wrongGpuModelTasks(a.getJob(), a.getPlacement()) > 0)
                .penalizeLong(HardMediumSoftLongScore.ONE_HARD, a -> PlacementRules.wrongGpuModelTasks(a.getJob(), a.getPlacement()))
                .asConstraint(GPU_MODEL);
    }

    Constraint gang(ConstraintFactory f) {
        return f.forEach(JobAssignment.class)
                .filter(a -> PlacementRules.gangViolation(a.getJob(), a.getPlacement()) > 0)
                .penalizeLong(HardMediumSoftLongScore.ONE_HARD, a -> PlacementRules.gangViolation(a.getJob(), a.getPlacement()))
                .asConstraint(GANG);
    }

    Constraint latency(ConstraintFactory f) {
        return f.forEach(JobAssignment.class)
                .filter(a -> PlacementRules.latencyViolations(a.getJob(), a.getPlacement()) > 0)
                .penalizeLong(HardMediumSoftLongScore.ONE_HARD, a -> PlacementRules.latencyViolations(a.getJob(), a.getPlacement()))
                .asConstraint(LATENCY);
    }

    Constraint residency(ConstraintFactory f) {
        return f.forEach(JobAssignment.class)
                .filter(a -> PlacementRules.regionViolations(a.getJob(), a.getPlacement()) > 0)
                .penalizeLong(HardMediumSoftLongScore.ONE_HARD, a -> PlacementRules.regionViolations(a.getJob(), a.getPlacement()))
                .asConstraint(RESIDENCY);
    }

    Constraint priceCap(ConstraintFactory f) {
        return f.forEach(JobAssignment.class)
                .filter(a -> PlacementRules.priceCapViolation(a.getJob(), a.getPlacement()) > 0)
                .penalizeLong(HardMediumSoftLongScore.ONE_HARD, a -> 1L)
                .asConstraint(PRICE_CAP);
    }

    Constraint tenantQuota(ConstraintFactory f) {
        return f.forEach(JobAssignment.class)
                .flattenLast(JobAssignment::taskHours)
                .groupBy(TaskHour::tenantHour, sumLong(TaskHour::cpuCores), sumLong(TaskHour::gpus))
                .filter((th, cpu, gpu) -> PlacementRules.quotaOveruse(th.tenant(), cpu, gpu) > 0)
                .penalizeLong(HardMediumSoftLongScore.ONE_HARD, (th, cpu, gpu) -> PlacementRules.quotaOveruse(th.tenant(), cpu, gpu))
                .asConstraint(TENANT_QUOTA);
    }

    Constraint pinned(ConstraintFactory f) {
        return f.forEachIncludingNullVars(JobAssignment.class)
                .filter(a -> PlacementRules.pinViolation(a.getJob(), a.getPlacement()) > 0)
                .penalizeLong(HardMediumSoftLongScore.ONE_HARD, a -> 1L)
                .asConstraint(PINNED);
    }

    Constraint placedPriority(ConstraintFactory f) {
        return f.forEach(JobAssignment.class)
                .rewardLong(HardMediumSoftLongScore.ONE_MEDIUM, a -> a.getJob().priority())
                .asConstraint(PLACED_PRIORITY);
    }

    Constraint costAndCarbon(ConstraintFactory f) {
        return f.forEach(JobAssignment.class)
                .penalizeLong(HardMediumSoftLongScore.ONE_SOFT, a -> a.getPlacement().totalMicros())
                .asConstraint(COST_AND_CARBON);
    }
}
