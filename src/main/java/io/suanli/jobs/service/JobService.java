package io.suanli.jobs.service;

import io.smallrye.mutiny.Uni;
import io.suanli.audit.domain.AuditEntry;
import io.suanli.audit.service.AuditTrail;
import io.suanli.catalog.domain.EstateView;
import io.suanli.catalog.service.EstateCache;
import io.suanli.common.persistence.SessionSql;
import io.suanli.common.problem.DatabaseErrors;
import io.suanli.common.problem.ProblemException;
import io.suanli.common.problem.ProblemType;
import io.suanli.common.problem.Violations;
import io.suanli.jobs.domain.Admission;
import io.suanli.jobs.domain.IllegalTransitionException;
import io.suanli.jobs.domain.InfeasibleJobException;
import io.suanli.metering.domain.Charges;
import io.suanli.settlement.service.BudgetService;
import io.suanli.jobs.domain.Job;
import io.suanli.jobs.domain.JobIds;
import io.suanli.jobs.domain.JobRules;
import io.suanli.jobs.domain.JobSpec;
import io.suanli.jobs.domain.JobState;
import io.suanli.jobs.persistence.JobEntity;
import io.suanli.jobs.persistence.JobMapper;
import io.suanli.jobs.persistence.NewJobRows;
import io.suanli.security.Caller;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
    private final AuditTrail audit;
    private final BudgetService budgets;

    /** Most single submissions committed in one transaction, and most such transactions at once (of 16 connections). */
    private static final int GROUP_COMMIT_MAX_BATCH = 500;
    private static final int GROUP_COMMIT_MAX_IN_FLIGHT = 4;

    public JobService(Mutiny.SessionFactory sessions, EstateCache estate, Clock clock, Vertx vertx, AuditTrail audit,
            BudgetService budgets) {
        this.sessions = sessions;
        this.audit = audit;
        this.budgets = budgets;
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
        // PostgreSQL keeps microseconds: a job answered with nanoseconds would differ from the same job read back
        // (and its audit digest from the next change's "before").
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return estate.view().chain(view -> {
            List<Checked> checked = check(submissions, view, now);
            return sessions.withTransaction(session -> withinBudget(session, checked, view).chain(within -> store(session, within, now)))
                    .onFailure(JobService::isUniqueViolation).recoverWithUni(() ->
                            // A concurrent request took the same key or external id between our lookup
                            // and our insert: the second round finds it and answers as for any repeat.
                            sessions.withTransaction(session -> withinBudget(session, checked, view)
                                    .chain(within -> store(session, within, now))));
        });
    }

    /**
     * Refuses jobs whose cheapest possible placement costs more than their tenant's available
     * budget. Tenants without an enforced budget (never topped up) are not limited.
     */
    private Uni<List<Checked>> withinBudget(Mutiny.Session session, List<Checked> checked, EstateView view) {
        java.util.Set<String> tenants = new java.util.TreeSet<>();
        checked.stream().filter(c -> c.problem() == null).forEach(c -> tenants.add(c.job().spec().tenant()));
        return budgets.availableMinor(session, tenants).chain(available -> {
            if (available.isEmpty()) {
                return Uni.createFrom().item(checked);
            }
            return budgets.currency(session).map(currency -> checked.stream().map(c -> {
                Long left = c.problem() == null ? available.get(c.job().spec().tenant()) : null;
                java.math.BigDecimal cost = left == null ? null : Admission.cheapestCost(c.job().spec(), view);
                if (cost == null || Charges.toMinor(cost, currency) <= left) {
                    return c;
                }
                String message = "the cheapest possible placement costs " + Charges.fromMinor(Charges.toMinor(cost, currency), currency)
                        + " " + currency + ", more than tenant '" + c.job().spec().tenant() + "' has available ("
                        + Charges.fromMinor(left, currency) + " " + currency + ")";
                return new Checked(c.submission(), null, c.digest(), new InfeasibleJobException("budget: " + message,
                        List.of(new io.suanli.common.problem.FieldError("budget", message))));
            }).toList());
        });
    }

    /** A submission after its field and admission checks, ready to store or already refused. */
    public record Checked(Submission submission, Job job, byte[] digest, ProblemException problem) {}

    /** Field and admission checks of each submission against {@code view}. */
    public List<Checked> check(List<Submission> submissions, EstateView view, Instant now) {
        return submissions.stream().map(s -> check(s, view, now)).toList();
    }

    private Checked check(Submission submission, EstateView view, Instant now) {
        try {
            if (submission.spec() == null) {
                throw ProblemException.malformed("body", "a job spec is required");
            }
            submission.caller().requireActsFor(submission.spec().tenant(), "tenant");
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
            // The digest still lets a retry of an accepted request find its job, even if the same
            // request would be refused now (time has passed, the estate has changed).
            return new Checked(submission, null, submission.spec() == null ? null : RequestDigest.of(submission.spec()), problem);
        }
    }

    /**
     * Stores the accepted submissions in the caller's transaction: new jobs with their first event;
     * repeats answer with the original job or a conflict.
     */
    public Uni<List<SubmissionResult>> store(Mutiny.Session session, List<Checked> checked, Instant now) {
        return existing(session, checked).chain(stored -> {
            KnownKeys known = new KnownKeys(stored);
            SubmissionResult[] results = new SubmissionResult[checked.size()];
            Map<Integer, UUID> replays = new HashMap<>();
            List<NewJobRows.NewJob> newJobs = new ArrayList<>();
            List<AuditEntry> audited = new ArrayList<>();
            for (int i = 0; i < checked.size(); i++) {
                Checked c = checked.get(i);
                Repeat repeat = known.match(c);
                if (c.problem() != null && (repeat == null || repeat.conflict() != null)) {
                    results[i] = SubmissionResult.refused(c.problem());
                    continue;
                }
                if (repeat != null && repeat.conflict() != null) {
                    results[i] = SubmissionResult.refused(repeat.conflict());
                } else if (repeat != null) {
                    replays.put(i, repeat.replayOf());
                } else {
                    Job.Transition submitted = Job.submitted(c.job().id(), c.job().spec(), now);
                    newJobs.add(new NewJobRows.NewJob(submitted.job(), submitted.event(), c.submission().requestId(), c.digest()));
                    audited.add(AuditEntry.of(c.submission().caller(), "job.submit", "job/" + submitted.job().id(), null, submitted.job()));
                    results[i] = SubmissionResult.created(submitted.job());
                }
            }
            Uni<Void> replayed = Uni.createFrom().voidItem();
            for (Map.Entry<Integer, UUID> replay : replays.entrySet()) {
                replayed = replayed.chain(() -> session.find(JobEntity.class, replay.getValue())
                        .invoke(e -> results[replay.getKey()] = SubmissionResult.replayed(JobMapper.toDomain(e)))
                        .replaceWithVoid());
            }
            // One audit record per new job (each names its submitter), appended last: see AuditTrail.
            return replayed.chain(() -> NewJobRows.insert(session, newJobs))
                    .chain(() -> audit.append(session, audited))
                    .map(ignored -> List.of(results));
        });
    }

    /** Stored keys indexed by tenant and key, so each submission is matched in constant time. */
    private static final class KnownKeys {
        private final Map<String, StoredJobKeys> byRequestId = new HashMap<>();
        private final Map<String, StoredJobKeys> byExternalId = new HashMap<>();
        private final Map<String, String> takenInBatch = new HashMap<>();

        KnownKeys(List<StoredJobKeys> stored) {
            for (StoredJobKeys k : stored) {
                if (k.requestId() != null) {
                    byRequestId.put(k.tenant() + "\n" + k.requestId(), k);
                }
                if (k.externalId() != null) {
                    byExternalId.put(k.tenant() + "\n" + k.externalId(), k);
                }
            }
        }

        /** The stored job this submission repeats, a conflict, or null when it is new (and now taken). */
        Repeat match(Checked c) {
            if (c.job() == null) {
                return replayOnly(c);
            }
            JobSpec spec = c.job().spec();
            String requestId = c.submission().requestId();
            if (requestId != null) {
                StoredJobKeys same = byRequestId.get(spec.tenant() + "\n" + requestId);
                if (same != null) {
                    return Arrays.equals(same.requestDigest(), c.digest())
                            ? new Repeat(same.id(), null)
                            : new Repeat(null, ProblemException.conflict("Idempotency-Key",
                                    "key '" + requestId + "' was used for a different request (job " + same.id() + ")"));
                }
            }
            if (spec.externalId() != null) {
                StoredJobKeys same = byExternalId.get(spec.tenant() + "\n" + spec.externalId());
                if (same != null) {
                    return new Repeat(null, ProblemException.conflict("externalId",
                            "'" + spec.externalId() + "' is already job " + same.id() + " of tenant '" + same.tenant() + "'"));
                }
            }
            if (requestId != null && takenInBatch.putIfAbsent(spec.tenant() + "\nr\n" + requestId, c.job().id()) != null) {
                return new Repeat(null, ProblemException.conflict("requestId", "appears twice in this batch"));
            }
            if (spec.externalId() != null
                    && takenInBatch.putIfAbsent(spec.tenant() + "\ne\n" + spec.externalId(), c.job().id()) != null) {
                return new Repeat(null, ProblemException.conflict("externalId", "appears twice in this batch"));
            }
            return null;
        }

        /** For a refused submission: the stored job an identical earlier request created, if any. */
        private Repeat replayOnly(Checked c) {
            String requestId = c.submission().requestId();
            if (requestId == null || c.submission().spec() == null || c.digest() == null) {
                return null;
            }
            StoredJobKeys same = byRequestId.get(c.submission().spec().tenant() + "\n" + requestId);
            return same != null && Arrays.equals(same.requestDigest(), c.digest()) ? new Repeat(same.id(), null) : null;
        }
    }

    /** A submission that repeats a stored job (its id) or conflicts with one. */
    private record Repeat(UUID replayOf, ProblemException conflict) {}

    /** Keys of stored jobs that share a tenant and an idempotency key or external id with the submissions. */
    private static Uni<List<StoredJobKeys>> existing(Mutiny.Session session, List<Checked> checked) {
        Map<String, List<String>> requestIds = new HashMap<>();
        Map<String, List<String>> externalIds = new HashMap<>();
        for (Checked c : checked) {
            String tenant = c.submission().spec() == null ? null : c.submission().spec().tenant();
            if (tenant == null) {
                continue;
            }
            if (c.submission().requestId() != null) {
                requestIds.computeIfAbsent(tenant, t -> new ArrayList<>()).add(c.submission().requestId());
            }
            if (c.job() != null && c.job().spec().externalId() != null) {
                externalIds.computeIfAbsent(tenant, t -> new ArrayList<>()).add(c.job().spec().externalId());
            }
        }
        // One query per key kind, each on its own unique index: an "or" of the two made PostgreSQL
        // scan a large tenant's jobs once the table held a few hundred thousand.
        Uni<List<StoredJobKeys>> all = Uni.createFrom().item(new ArrayList<>());
        all = lookUp(session, all, requestIds, "request_id");
        return lookUp(session, all, externalIds, "external_id");
    }

    private static Uni<List<StoredJobKeys>> lookUp(Mutiny.Session session, Uni<List<StoredJobKeys>> found,
            Map<String, List<String>> keysByTenant, String keyColumn) {
        for (Map.Entry<String, List<String>> tenantKeys : keysByTenant.entrySet()) {
            // Keys only, not entities, as plain SQL on the session's connection (SessionSql says why);
            // one array parameter however many keys; "is not null" matches the partial unique index (V98).
            // One probe of the unique index per key, whatever the statistics say: "= any(keys)" let
            // PostgreSQL, on a table never analyzed (autovacuum off), scan all of a tenant's jobs
            // instead (17 s for 1,000 keys at 310,000 jobs). The limit keeps the subquery from being
            // flattened into a join that could be planned the same way.
            found = found.chain(acc -> SessionSql.select(session,
                            "select j.id, j.tenant, j.request_id, j.external_id, j.request_digest"
                                    + " from unnest(cast($2 as text[])) as k(key) cross join lateral"
                                    + " (select id, tenant, request_id, external_id, request_digest from job"
                                    + " where tenant = $1 and " + keyColumn + " = k.key and " + keyColumn + " is not null limit 1) j",
                            tenantKeys.getKey(), tenantKeys.getValue().toArray(String[]::new))
                    .map(rows -> {
                        for (Object[] row : rows) {
                            acc.add(new StoredJobKeys((UUID) row[0], (String) row[1], (String) row[2], (String) row[3], (byte[]) row[4]));
                        }
                        return acc;
                    }));
        }
        return found;
    }

    /** A job by id, for in-process callers. */
    public Uni<Job> get(String id) {
        return get(Caller.system("internal"), id);
    }

    /** A job by id; another tenant's job answers 404 to a tenant caller, as if it did not exist. */
    public Uni<Job> get(Caller caller, String id) {
        UUID uuid = parseId(id);
        return sessions.withSession(session -> session.find(JobEntity.class, uuid)).map(e -> {
            if (e == null || !caller.maySee(e.tenant)) {
                throw ProblemException.notFound("job", id);
            }
            return JobMapper.toDomain(e);
        });
    }

    /** Cancels a job that has not ended; a finished job answers 409. */
    public Uni<Job> cancel(String id, String reason) {
        return cancel(Caller.system("internal"), id, reason);
    }

    /** Cancels a job of the caller's (any job for operators); a finished job answers 409. */
    public Uni<Job> cancel(Caller caller, String id, String reason) {
        return transition(caller, id, JobState.CANCELLED, reason == null ? "cancelled by request" : reason);
    }

    /** {@link #transition(Caller, String, JobState, String)} for the lifecycle's own steps (scheduler, dispatch). */
    public Uni<Job> transition(String id, JobState next, String reason) {
        return transition(Caller.system("lifecycle"), id, next, reason);
    }

    /**
     * Moves a job to {@code next} under a row lock, recording the event in the same transaction.
     * The lifecycle itself decides what is allowed.
     */
    public Uni<Job> transition(Caller caller, String id, JobState next, String reason) {
        UUID uuid = parseId(id);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return sessions.withTransaction(session -> session.find(JobEntity.class, uuid, LockMode.PESSIMISTIC_WRITE)
                .chain(e -> {
                    if (e == null || !caller.maySee(e.tenant)) {
                        throw ProblemException.notFound("job", id);
                    }
                    Job before = JobMapper.toDomain(e);
                    Job.Transition moved;
                    try {
                        moved = JobMapper.toDomain(e).moveTo(next, reason, now);
                    } catch (IllegalTransitionException refused) {
                        throw new ProblemException(ProblemType.CONFLICT, refused.getMessage());
                    }
                    JobMapper.applyState(moved.job(), e);
                    return session.persist(JobMapper.toEntity(moved.event()))
                            .chain(() -> audit.append(session, AuditEntry.of(caller, "job." + next.name().toLowerCase(),
                                    "job/" + id, before, moved.job())))
                            .replaceWith(moved.job());
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
        return DatabaseErrors.UNIQUE_VIOLATION.equals(DatabaseErrors.sqlState(failure));
    }
}
