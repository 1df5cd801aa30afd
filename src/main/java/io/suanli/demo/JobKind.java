package io.suanli.demo;

import java.util.Arrays;

/** The kinds of department work in the demo city, with their share of submitted jobs. */
public enum JobKind {
    /** Traffic video analytics next to the cameras: one GPU, a few ms from a city edge site. */
    TRANSPORT_VIDEO(TenantPlan.TRANSPORT, 25),
    /** AI-assisted diagnosis: patient data stays in the city's regions (residency). */
    HEALTH_AI(TenantPlan.HEALTH, 12),
    /** Model training: gangs of full GPU servers at the intelligent computing centres. */
    TRAINING(TenantPlan.AI_LAB, 8),
    /** Digital-twin simulation: CPU gangs wider than a general server, so on supercomputers. */
    TWIN_HPC(TenantPlan.TWIN, 10),
    /** Offline big-data batch: cheap, flexible windows, bids that only the western hubs meet. */
    BATCH_ANALYTICS(TenantPlan.FINANCE, 30),
    /** Hourly carbon accounting over the environment sensors: small CPU jobs. */
    CARBON_TRACKING(TenantPlan.ECOLOGY, 15);

    public final String tenant;
    /** Relative share in the mix. */
    public final int weight;

    JobKind(String tenant, int weight) {
        this.tenant = tenant;
        this.weight = weight;
    }

    private static final int TOTAL_WEIGHT = Arrays.stream(values()).mapToInt(k -> k.weight).sum();

    /** Draws a kind by weight from a uniform draw in [0, 1). */
    public static JobKind pick(double uniform) {
        int target = (int) (uniform * TOTAL_WEIGHT);
        for (JobKind kind : values()) {
            target -= kind.weight;
            if (target < 0) {
                return kind;
            }
        }
        return values()[values().length - 1];
    }
}
