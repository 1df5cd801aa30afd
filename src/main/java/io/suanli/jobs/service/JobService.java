package io.suanli.jobs.service;

import io.smallrye.mutiny.Uni;
import io.suanli.catalog.domain.EstateView;
import io.suanli.catalog.service.EstateCache;
import io.suanli.common.problem.ProblemException;
import io.suanli.common.problem.ProblemType;
import io.suanli.common.problem.Violations;
import io.suanli.jobs.domain.Admission;
import io.suanli.jobs.domain.IllegalTransitionException;
import io.suanli.jobs.domain.Job;
import io.suanli.jobs.domain.JobIds;
import io.suanli.jobs.domain.JobRules;
import io.suanli.jobs.domain.JobSpec;
import io.suanli.jobs.domain.JobState;
import io.suanli.jobs.persistence.JobEntity;
import io.suanli.jobs.persistence.JobMapper;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Accepts jobs and moves them through their lifecycle: one set of rules for REST, gRPC and
 * scenario import. A job is acknowledged only once it and its first event are committed.
 */
@Singleton
public class JobService {

    private static final Logger LOG = Logger.getLogger(JobService.class);

    private final Mutiny.SessionFactory sessions;
    private final EstateCache estate;
    private final Clock clock;
    private final GroupCommit groupCommit;

    /** Most single submissions committed in one transaction, and most such transactions at once (of 16 connections). */
    private static final int GROUP_COMMIT_MAX_BATCH = 500;
    private static final int GROUP_COMMIT_MAX_IN_FLIGHT = 4;

    public JobService(Mutiny.SessionFactory sessions, EstateCache estate, Clock clock, Vertx vertx) {
        this.sessions = sessions;
        this.estate = estate;
        this.clock = clock;
        this.groupCommit = new GroupCommit(this::submitAll, vertx, GROUP_COMMIT_MAX_BATCH, GROUP_COMMIT_MAX_IN_FLIGHT);
    }

    /**
     * Submits one job; a refusal fails the Uni with its problem. Concurrent single submissions
     * share transactions ({@link GroupCommit}); each is still answered only after its commit.
     */
    public Uni<SubmissionResult> submit(Submission submission) {
        return groupCommit.submit(submission).map(result -> {
            if (!result.accepted()) {
                throw result.problem();
            }
            return result;
        });
    }

    /**
     * Submits many jobs in one transaction. Each submission gets its own result: invalid ones are
     * refused without stopping the others; the accepted ones are committed together.
     */
    public Uni<List<SubmissionResult>> submitAll(List<Submission> submissions) {
        Instant now = clock.instant();
        return estateViewOnCallersContext().chain(view -> {
            List<Checked> checked = submissions.stream().map(s -> check(s, view, now)).toList();
            return store(checked, now).onFailure(JobService::isUniqueViolation).recoverWithUni(() ->
                    // A concurrent request took the same key or external id between our lookup and our
                    // insert: the second round finds it and answers as for any repeat.
                    store(checked, now));
        });
    }

    /**
     * The estate view, delivered on the caller's Vert.x context. A caller that finds the view being
     * loaded would otherwise go on on the loader's context, and Hibernate Reactive, which keeps the
     * open session on the context, would hand both transactions the same session (HR: "Illegal
     * pop()" under concurrent submissions).
     */
    private Uni<EstateView> estateViewOnCallersContext() {
        Context caller = Vertx.currentContext();
        Uni<EstateView> view = estate.view();
        return caller == null ? view : view.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }

    /** A submission after its field and admission checks, ready to store or already refused. */
    private record Checked(Submission submission, Job job, byte[] digest, ProblemException problem) {}

    private Checked check(Submission submission, EstateView view, Instant now) {
        try {
            if (submission.spec() == null) {
                throw ProblemException.malformed("body", "a job spec is required");
            }
            JobSpec spec = submission.spec().withDefaults(now);
            Violations violations = new Violations();
            JobRules.check(spec, violations);
            if (submission.requestId() != null && (submission.requestId().isBlank() || submission.requestId().length() > 200)) {
                violations.add("requestId", "an idempotency key has 1 to 200 characters");
            }
            violations.throwIfAny();
            Admission.check(spec, view);
            Job job = Job.submitted(JobIds.next(now), spec, now).job();
            return new Checked(submission, job, RequestDigest.of(submission.spec()), null);
        } catch (ProblemException problem) {
            return new Checked(submission, null, null, problem);
        }
    }

    private Uni<List<SubmissionResult>> store(List<Checked> checked, Instant now) {
        return sessions.withTransaction(session -> existing(session, checked).chain(found -> {
            List<SubmissionResult> results = new ArrayList<>(checked.size());
            List<Object> rows = new ArrayList<>();
            Map<String, String> takenInBatch = new HashMap<>();
            for (Checked c : checked) {
                if (c.problem() != null) {
                    results.add(SubmissionResult.refused(c.problem()));
                    continue;
                }
                SubmissionResult repeat = repeatOf(c, found, takenInBatch);
                if (repeat != null) {
                    results.add(repeat);
                    continue;
                }
                Job.Transition submitted = Job.submitted(c.job().id(), c.job().spec(), now);
                rows.add(JobMapper.toEntity(submitted.job(), c.submission().requestId(), c.digest()));
                rows.add(JobMapper.toEntity(submitted.event()));
                results.add(SubmissionResult.created(submitted.job()));
            }
            return session.persistAll(rows.toArray()).replaceWith(results);
        }));
    }

    /** The stored or earlier-in-batch job this submission repeats, a conflict, or null if it is new. */
    private static SubmissionResult repeatOf(Checked c, List<JobEntity> found, Map<String, String> takenInBatch) {
        JobSpec spec = c.job().spec();
        String requestId = c.submission().requestId();
        for (JobEntity e : found) {
            if (!e.tenant.equals(spec.tenant())) {
                continue;
            }
            if (requestId != null && requestId.equals(e.requestId)) {
                if (Arrays.equals(e.requestDigest, c.digest())) {
                    return SubmissionResult.replayed(JobMapper.toDomain(e));
                }
                return SubmissionResult.refused(ProblemException.conflict("Idempotency-Key",
                        "key '" + requestId + "' was used for a different request (job " + e.id + ")"));
            }
            if (spec.externalId() != null && spec.externalId().equals(e.externalId)) {
                return SubmissionResult.refused(ProblemException.conflict("externalId",
                        "'" + spec.externalId() + "' is already job " + e.id + " of tenant '" + e.tenant + "'"));
            }
        }
        for (String key : new String[] {requestId == null ? null : "r\n" + requestId, spec.externalId() == null ? null : "e\n" + spec.externalId()}) {
            if (key != null && takenInBatch.putIfAbsent(spec.tenant() + "\n" + key, c.job().id()) != null) {
                return SubmissionResult.refused(ProblemException.conflict(key.startsWith("r") ? "requestId" : "externalId",
                        "appears twice in this batch"));
            }
        }
        return null;
    }

    /** Stored jobs that share a tenant and an idempotency key or external id with the submissions. */
    private static Uni<List<JobEntity>> existing(Mutiny.Session session, List<Checked> checked) {
        Map<String, List<String>> keys = new HashMap<>();
        for (Checked c : checked) {
            if (c.problem() != null) {
                continue;
            }
            String tenant = c.job().spec().tenant();
            if (c.submission().requestId() != null) {
                keys.computeIfAbsent(tenant, t -> new ArrayList<>()).add(c.submission().requestId());
            }
            if (c.job().spec().externalId() != null) {
                keys.computeIfAbsent(tenant, t -> new ArrayList<>()).add(c.job().spec().externalId());
            }
        }
        Uni<List<JobEntity>> all = Uni.createFrom().item(new ArrayList<>());
        for (Map.Entry<String, List<String>> tenantKeys : keys.entrySet()) {
            all = all.chain(acc -> session.createSelectionQuery(
                            "from JobEntity where tenant = :tenant and (requestId in :keys or externalId in :keys)",
                            JobEntity.class)
                    .setParameter("tenant", tenantKeys.getKey())
                    .setParameter("keys", tenantKeys.getValue())
                    .getResultList()
                    .map(rows -> {
                        acc.addAll(rows);
                        return acc;
                    }));
        }
        return all;
    }

    public Uni<Job> get(String id) {
        UUID uuid = parseId(id);
        return sessions.withSession(session -> session.find(JobEntity.class, uuid)).map(e -> {
            if (e == null) {
                throw ProblemException.notFound("job", id);
            }
            return JobMapper.toDomain(e);
        });
    }

    /** Cancels a job that has not ended; a finished job answers 409. */
    public Uni<Job> cancel(String id, String reason) {
        return transition(id, JobState.CANCELLED, reason == null ? "cancelled by request" : reason);
    }

    /**
     * Moves a job to {@code next} under a row lock, recording the event in the same transaction.
     * The lifecycle itself decides what is allowed.
     */
    public Uni<Job> transition(String id, JobState next, String reason) {
        UUID uuid = parseId(id);
        Instant now = clock.instant();
        return sessions.withTransaction(session -> session.find(JobEntity.class, uuid, LockMode.PESSIMISTIC_WRITE)
                .chain(e -> {
                    if (e == null) {
                        throw ProblemException.notFound("job", id);
                    }
                    Job.Transition moved;
                    try {
                        moved = JobMapper.toDomain(e).moveTo(next, reason, now);
                    } catch (IllegalTransitionException refused) {
                        throw new ProblemException(ProblemType.CONFLICT, refused.getMessage());
                    }
                    JobMapper.applyState(moved.job(), e);
                    return session.persist(JobMapper.toEntity(moved.event())).replaceWith(moved.job());
                }))
                .invoke(job -> LOG.debugf("job %s is %s: %s", id, next, reason));
    }

    static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.notFound("job", String.valueOf(id));
        }
    }

    private static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("23505") || message.contains("duplicate key")) {
                return true;
            }
        }
        return false;
    }
}
