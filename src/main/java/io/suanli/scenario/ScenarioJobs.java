package io.suanli.scenario;

import io.suanli.common.problem.FieldError;
import io.suanli.common.problem.ProblemException;
import io.suanli.jobs.domain.JobSpec;
import io.suanli.jobs.service.Submission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns a scenario's jobs into submissions: hours become instants, the scenario's job id the external id. */
public final class ScenarioJobs {

    /** Scenario field names for the spec's: a problem with a job names the field as the scenario wrote it. */
    private static final Map<String, String> SCENARIO_FIELD = Map.of(
            "externalId", "id", "earliestStart", "earliestStartHour", "deadline", "deadlineHour");

    private ScenarioJobs() {}

    /** The scenario's jobs as submissions, hours counted from {@code hourZero}; a malformed job fails them all. */
    public static List<Submission> submissions(ScenarioDocument doc, Instant hourZero) {
        List<Submission> submissions = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        int horizon = doc.horizonHours();
        List<ScenarioDocument.Job> jobs = doc.jobs() == null ? List.of() : doc.jobs();
        for (int i = 0; i < jobs.size(); i++) {
            ScenarioDocument.Job j = jobs.get(i);
            String path = "jobs[" + i + "]";
            if (j == null) {
                errors.add(new FieldError(path, "must be an object, not null"));
                continue;
            }
            Integer start = j.pinned() != null && j.pinned().startHour() != null ? j.pinned().startHour()
                    : j.earliestStartHour() == null ? 0 : j.earliestStartHour();
            int deadline = j.deadlineHour() == null ? horizon : j.deadlineHour();
            if (start < 0 || start >= horizon) {
                errors.add(new FieldError(path + ".earliestStartHour", start + " is outside 0.." + (horizon - 1)));
                continue;
            }
            if (deadline > horizon) {
                errors.add(new FieldError(path + ".deadlineHour", deadline + " is beyond horizonHours (" + horizon + ")"));
                continue;
            }
            submissions.add(new Submission(new JobSpec(
                    j.tenant(), j.id(), j.tasks(), j.cpuCores(), j.memoryGiB(), j.gpus(),
                    j.gpus() != null && j.gpus() == 0 ? null : j.gpuModel(),
                    j.durationHours(),
                    hourZero.plus(Duration.ofHours(start)),
                    hourZero.plus(Duration.ofHours(deadline)),
                    j.priority(), j.dataSite(), j.maxLatencyMs(), j.allowedRegions(), j.maxPricePerHour(),
                    null, null, null, null, null, null), null));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return submissions;
    }

    /** A job's problem, with the path of the job in the scenario in front of each field. */
    static List<FieldError> located(int index, ProblemException problem) {
        String path = "jobs[" + index + "]";
        if (problem.errors().isEmpty()) {
            return List.of(new FieldError(path, problem.getMessage()));
        }
        return problem.errors().stream()
                .map(e -> new FieldError(path + "." + SCENARIO_FIELD.getOrDefault(e.field(), e.field()), e.message()))
                .toList();
    }
}
