package io.suanli.jobs.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** Row of {@code job}: the spec as columns, so the schema can check it, and the current state. */
@Entity
@Table(name = "job")
public class JobEntity {
    @Id
    public UUID id;

    public String tenant;

    @Column(name = "external_id")
    public String externalId;

    @Column(name = "request_id")
    public String requestId;

    @Column(name = "request_digest")
    public byte[] requestDigest;

    public int tasks;

    @Column(name = "cpu_cores")
    public int cpuCores;

    @Column(name = "memory_gib")
    public double memoryGiB;

    public int gpus;

    @Column(name = "gpu_model")
    public String gpuModel;

    @Column(name = "duration_hours")
    public int durationHours;

    @Column(name = "earliest_start")
    public Instant earliestStart;

    public Instant deadline;

    public int priority;

    @Column(name = "data_site")
    public String dataSite;

    @Column(name = "max_latency_ms")
    public Double maxLatencyMs;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "allowed_regions")
    public String[] allowedRegions;

    @Column(name = "max_price_per_hour")
    public BigDecimal maxPricePerHour;

    public String image;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] command;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] args;

    /** JSON object of environment variables, written by {@link JobMapper}. */
    public String env;

    @Column(name = "max_retries")
    public int maxRetries;

    /** JSON object of labels, written by {@link JobMapper}. */
    public String labels;

    public String state;

    public String reason;

    public int attempt;

    @Column(name = "last_event_seq")
    public int lastEventSeq;

    @Column(name = "submitted_at")
    public Instant submittedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
