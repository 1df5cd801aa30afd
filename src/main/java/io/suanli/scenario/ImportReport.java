package io.suanli.scenario;

import java.util.List;

/** What a scenario import did, per kind of object. */
public record ImportReport(
        String scenario,
        Counts regions,
        Counts sites,
        Counts latency,
        Counts tenants,
        Counts nodes,
        Jobs jobs,
        long millis) {

    /** Objects created and updated. */
    public record Counts(int created, int updated) {}

    /**
     * Jobs submitted; skipped because a job with their external id exists; refused because no part
     * of the estate could ever run them (the first 100 of each named, refusals with their reason).
     * Pinned jobs are queued to start at their pinned hour: import does not apply node pinning.
     */
    public record Jobs(
            int submitted, int skipped, List<String> skippedExternalIds, int refused, List<String> refusals, int pinnedQueued) {}

    ImportReport withMillis(long value) {
        return new ImportReport(scenario, regions, sites, latency, tenants, nodes, jobs, value);
    }
}
