package io.suanli.catalog.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of {@code site}. */
@Entity
@Table(name = "site")
public class SiteEntity {
    @Id
    public String name;

    @Column(name = "display_name")
    public String displayName;

    public String region;
    public String tier;
    public double pue;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
