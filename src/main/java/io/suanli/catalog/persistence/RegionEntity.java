package io.suanli.catalog.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** Row of {@code region}. */
@Entity
@Table(name = "region")
public class RegionEntity {
    @Id
    public String name;

    @Column(name = "display_name")
    public String displayName;

    @Column(name = "carbon_starts_at")
    public Instant carbonStartsAt;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "carbon_intensity")
    public double[] carbonIntensity;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
