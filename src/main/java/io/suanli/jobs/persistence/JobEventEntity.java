package io.suanli.jobs.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code job_event}; its {@code tx} column is set by the database and read by the feed. */
@Entity
@Table(name = "job_event")
public class JobEventEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "job_event_seq")
    @SequenceGenerator(name = "job_event_seq", sequenceName = "job_event_seq", allocationSize = 1000)
    public Long id;

    @Column(name = "job_id")
    public UUID jobId;

    public int seq;

    public String state;

    public Instant at;

    public String reason;
}
