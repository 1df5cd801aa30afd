package io.suanli.catalog.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** Row of {@code node}. */
@Entity
@Table(name = "node")
public class NodeEntity {
    @Id
    public String name;

    public String site;

    @Column(name = "cpu_cores")
    public int cpuCores;

    @Column(name = "memory_gib")
    public double memoryGiB;

    public int gpus;

    @Column(name = "gpu_model")
    public String gpuModel;

    @Column(name = "price_cpu_core")
    public BigDecimal priceCpuCore;

    @Column(name = "price_memory_gib")
    public BigDecimal priceMemoryGiB;

    @Column(name = "price_gpu")
    public BigDecimal priceGpu;

    @Column(name = "power_cpu_core_watts")
    public double powerCpuCoreWatts;

    @Column(name = "power_gpu_watts")
    public double powerGpuWatts;

    public String state;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
