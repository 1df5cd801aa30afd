package io.suanli.catalog.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;

/** Row of {@code site_latency}: one row per pair, {@code siteA < siteB}. */
@Entity
@Table(name = "site_latency")
public class SiteLatencyEntity {

    /** The pair of sites, in canonical order. */
    @Embeddable
    public record Pair(@Column(name = "site_a") String siteA, @Column(name = "site_b") String siteB)
            implements Serializable {}

    @EmbeddedId
    public Pair pair;

    public double ms;
}
