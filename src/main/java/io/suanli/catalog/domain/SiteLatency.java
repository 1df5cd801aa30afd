package io.suanli.catalog.domain;

/** One-way network latency between two sites in milliseconds; symmetric. */
public record SiteLatency(String from, String to, Double ms) {

    /** The same pair with its ends in a canonical order, so each pair is stored once. */
    public SiteLatency canonical() {
        return from.compareTo(to) <= 0 ? this : new SiteLatency(to, from, ms);
    }
}
