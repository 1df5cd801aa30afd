package io.suanli.scenario;

/** What a scenario import did, per kind of object. */
public record ImportReport(
        String scenario,
        Counts regions,
        Counts sites,
        Counts latency,
        Counts tenants,
        Counts nodes,
        int jobsNotImported,
        long millis) {

    /** Objects created and updated. */
    public record Counts(int created, int updated) {}
}
