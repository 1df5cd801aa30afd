package io.suanli.jobs.service;

import io.smallrye.mutiny.Uni;
import io.suanli.common.feed.CommitOrderedFeed;
import io.suanli.common.feed.FeedPosition;
import io.suanli.common.paging.Page;
import io.suanli.common.paging.PageRequest;
import io.suanli.common.problem.ProblemException;
import io.suanli.jobs.domain.Job;
import io.suanli.jobs.domain.JobEvent;
import io.suanli.jobs.domain.JobState;
import io.suanli.jobs.persistence.JobEntity;
import io.suanli.jobs.persistence.JobEventEntity;
import io.suanli.jobs.persistence.JobMapper;
import io.suanli.security.Caller;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/** Reads jobs, their histories and the commit-ordered feed of all job events. */
@Singleton
public class JobQueries {

    private final Mutiny.SessionFactory sessions;
    private final CommitOrderedFeed feed;

    public JobQueries(Mutiny.SessionFactory sessions, CommitOrderedFeed feed) {
        this.sessions = sessions;
        this.feed = feed;
    }

    /** Jobs in id (submission) order, optionally of one tenant and in one state. */
    public Uni<Page<Job>> list(String tenant, JobState state, PageRequest page) {
        return list(Caller.system("internal"), tenant, state, page);
    }

    /** {@link #list(String, JobState, PageRequest)} as {@code caller} sees it: a tenant caller only its own jobs. */
    public Uni<Page<Job>> list(Caller caller, String requestedTenant, JobState state, PageRequest page) {
        String tenant = caller.scopeTenant(requestedTenant, "tenant");
        StringBuilder hql = new StringBuilder("from JobEntity where 1 = 1");
        Map<String, Object> params = new LinkedHashMap<>();
        if (page.afterKey() != null) {
            hql.append(" and id > :after");
            params.put("after", uuidCursor(page.afterKey()));
        }
        if (tenant != null) {
            hql.append(" and tenant = :tenant");
            params.put("tenant", tenant);
        }
        if (state != null) {
            hql.append(" and state = :state");
            params.put("state", state.name());
        }
        hql.append(" order by id");
        return sessions.withSession(session -> {
                    Mutiny.SelectionQuery<JobEntity> query = session.createSelectionQuery(hql.toString(), JobEntity.class);
                    params.forEach(query::setParameter);
                    return query.setMaxResults(page.limit() + 1).getResultList();
                })
                .map(rows -> page.page(rows.stream().map(JobMapper::toDomain).toList(), Job::id));
    }

    /** The lifecycle history of one job, oldest first. */
    public Uni<List<JobEvent>> history(String jobId) {
        return history(Caller.system("internal"), jobId);
    }

    /** The history of a job the caller may see; another tenant's job answers 404. */
    public Uni<List<JobEvent>> history(Caller caller, String jobId) {
        UUID id = JobService.parseId(jobId);
        return sessions.withSession(session -> session.find(JobEntity.class, id).chain(job -> {
            if (job == null || !caller.maySee(job.tenant)) {
                throw ProblemException.notFound("job", jobId);
            }
            return session.createSelectionQuery("from JobEventEntity where jobId = :id order by seq", JobEventEntity.class)
                    .setParameter("id", id)
                    .getResultList();
        })).map(rows -> rows.stream().map(JobMapper::toDomain).toList());
    }

    /** Job events of all jobs (or one tenant's) in commit order, after {@code position}. */
    public Uni<CommitOrderedFeed.Page<JobEvent>> events(FeedPosition position, int limit, String tenant) {
        return events(Caller.system("internal"), position, limit, tenant);
    }

    /** The feed as {@code caller} sees it: a tenant caller only its own tenant's events. */
    public Uni<CommitOrderedFeed.Page<JobEvent>> events(Caller caller, FeedPosition position, int limit, String requestedTenant) {
        String tenant = caller.scopeTenant(requestedTenant, "tenant");
        String filter = tenant == null ? null : "job_id in (select j.id from job j where j.tenant = $4)";
        List<Object> params = new ArrayList<>();
        if (tenant != null) {
            params.add(tenant);
        }
        return feed.read("job_event", "job_id, seq, state, at, reason", filter, params, position, limit,
                row -> new JobEvent(
                        row.getUUID("job_id").toString(),
                        row.getInteger("seq"),
                        JobState.valueOf(row.getString("state")),
                        row.getOffsetDateTime("at").toInstant(),
                        row.getString("reason")));
    }

    private static UUID uuidCursor(String key) {
        try {
            return UUID.fromString(key);
        } catch (IllegalArgumentException e) {
            throw ProblemException.malformed("after", "not a cursor returned by this API");
        }
    }
}
