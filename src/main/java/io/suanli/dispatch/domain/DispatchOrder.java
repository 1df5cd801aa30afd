package io.suanli.dispatch.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A committed plan ready to run: the job's attempt, its site, one node per task, and what each task
 * asks for and runs. Built from the job and its committed plan; executors turn it into objects.
 *
 * @param wallTime the job's wall-time limit (its {@code durationHours}); a task running longer is stopped
 */
public record DispatchOrder(
        String jobId,
        String tenant,
        String externalId,
        int attempt,
        String site,
        Instant plannedStart,
        Duration wallTime,
        TaskResources resources,
        Workload workload,
        Map<String, String> jobLabels,
        List<TaskPlacement> tasks) {

    public DispatchOrder {
        jobLabels = jobLabels == null ? Map.of() : Map.copyOf(jobLabels);
        tasks = List.copyOf(tasks);
    }

    /** What one task asks for: requests and limits are the same (guaranteed quality of service). */
    public record TaskResources(int cpuCores, double memoryGiB, int gpus, String gpuModel) {}

    /** What a task runs. */
    public record Workload(String image, List<String> command, List<String> args, Map<String, String> env) {

        public Workload {
            command = command == null ? List.of() : List.copyOf(command);
            args = args == null ? List.of() : List.copyOf(args);
            env = env == null ? Map.of() : Map.copyOf(env);
        }
    }

    /** Task {@code task} of the gang runs on {@code node}. */
    public record TaskPlacement(int task, String node) {}
}
