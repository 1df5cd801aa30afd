package io.suanli.catalog.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of {@code tenant}. */
@Entity
@Table(name = "tenant")
public class TenantEntity {
    @Id
    public String name;

    @Column(name = "display_name")
    public String displayName;

    @Column(name = "gpu_quota")
    public Integer gpuQuota;

    @Column(name = "cpu_quota")
    public Integer cpuQuota;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
