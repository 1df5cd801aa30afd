package io.suanli.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.suanli.common.time.ExchangeClock;
import io.suanli.dispatch.kubernetes.PodFactory;
import io.suanli.dispatch.service.Dispatcher;
import io.suanli.jobs.domain.Job;
import io.suanli.jobs.domain.JobState;
import io.suanli.support.Jobs;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dispatch to a Kubernetes site, against Fabric8's mock API server. The test resource's "CRUD
 * mode" is a mixed dispatcher: expectations, when set, answer first and the CRUD store answers the
 * rest, which is how the API failures below are injected without a second server (and a second
 * Quarkus start).
 */
@QuarkusTest
@WithKubernetesTestServer
class KubernetesDispatchTest {

    private static final Instant T0 = Instant.parse("2026-12-02T09:00:00Z");

    @KubernetesTestServer
    KubernetesServer server;
    @Inject
    ExchangeClock clock;
    @Inject
    Dispatcher dispatcher;
    @Inject
    PlacedJobs placed;
    @Inject
    TaskRunRecorder runs;
    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    private KubernetesClient kube;
    private List<String> nodes;

    @BeforeEach
    void setUp() {
        clock.setSpeed(1e-9);
        clock.set(T0);
        kube = server.getClient();
        nodes = PlacedJobs.ensureSite(PlacedJobs.KUBE_SITE);
        placed.launchLeftovers();
    }

    @AfterEach
    void restartTheClock() {
        clock.setSpeed(1.0);
    }

    @Test
    void placedJobBecomesOnePodPerTaskPinnedToItsNodeInTheTenantsNamespace() {
        Jobs.Estate e = Jobs.estate();
        String id = PlacedJobs.submit(e, body -> body.put("externalId", "video-7"));
        placed.place(id, PlacedJobs.KUBE_SITE, nodes, T0);

        dispatcher.runOnce();

        Job job = placed.job(id);
        assertThat(job.state()).isEqualTo(JobState.DISPATCHED);
        assertThat(job.reason()).isEqualTo("2 task(s) sent to site dispatch-kube (namespace " + e.tenant() + ")");
        assertThat(kube.namespaces().withName(e.tenant()).get()).as("tenant namespace created").isNotNull();
        List<Pod> pods = pods(e.tenant(), id);
        assertThat(pods).extracting(p -> p.getMetadata().getName())
                .containsExactly("sl-" + id + "-a0-t0", "sl-" + id + "-a0-t1");
        assertThat(pods).allSatisfy(p -> assertThat(p.getMetadata().getName()).hasSizeLessThanOrEqualTo(63));
        for (int task = 0; task < 2; task++) {
            Pod pod = pods.get(task);
            assertThat(pod.getSpec().getNodeName()).isEqualTo(nodes.get(task));
            assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
            assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(3 * 3600L);
            var container = pod.getSpec().getContainers().get(0);
            assertThat(container.getImage()).isEqualTo("registry.city/transport/video-analytics:1.4");
            assertThat(container.getCommand()).containsExactly("python", "-m", "analytics");
            Map<String, Quantity> expected = Map.of("cpu", new Quantity("16"), "memory", new Quantity("65536Mi"),
                    "nvidia.com/gpu", new Quantity("2"));
            assertThat(container.getResources().getRequests()).isEqualTo(expected);
            assertThat(container.getResources().getLimits()).isEqualTo(expected);
            assertThat(container.getEnv()).extracting(v -> v.getName() + "=" + v.getValue())
                    .contains("MODEL=yolo", "SUANLI_JOB_ID=" + id, "SUANLI_TASK_INDEX=" + task, "SUANLI_TASK_COUNT=2");
            assertThat(pod.getMetadata().getLabels()).containsAllEntriesOf(Map.of(
                    "app.kubernetes.io/managed-by", "suanli", "suanli.io/job-id", id, "suanli.io/tenant", e.tenant(),
                    "suanli.io/attempt", "0", "suanli.io/task", Integer.toString(task),
                    "suanli.io/site", PlacedJobs.KUBE_SITE, "team", "video"));
            assertThat(pod.getMetadata().getAnnotations()).containsAllEntriesOf(Map.of(
                    "suanli.io/node", nodes.get(task), "suanli.io/site", PlacedJobs.KUBE_SITE,
                    "suanli.io/planned-start", T0.toString(), "suanli.io/external-id", "video-7",
                    "suanli.io/task", task + " of 2"));
        }

        dispatcher.runOnce();
        assertThat(pods(e.tenant(), id)).as("a second pass creates nothing").hasSize(2);
    }

    @Test
    void podStatusesFlowBackToTheJobAndEachTaskRunIsReported() {
        Jobs.Estate e = Jobs.estate();
        String id = PlacedJobs.submit(e, body -> {});
        placed.place(id, PlacedJobs.KUBE_SITE, nodes, T0);
        dispatcher.runOnce();

        setStatus(e.tenant(), id, 0, running("2026-12-02T09:00:05Z"));
        dispatcher.runOnce();
        assertThat(placed.job(id).state()).as("one of two tasks running").isEqualTo(JobState.DISPATCHED);
        setStatus(e.tenant(), id, 1, running("2026-12-02T09:00:07Z"));
        placed.passUntil(id, JobState.RUNNING);

        setStatus(e.tenant(), id, 0, succeeded("2026-12-02T09:00:05Z", "2026-12-02T10:00:05Z"));
        setStatus(e.tenant(), id, 1, succeeded("2026-12-02T09:00:07Z", "2026-12-02T10:30:00Z"));
        placed.passUntil(id, JobState.SUCCEEDED);

        assertThat(runs.forJob(id)).containsExactly(
                new TaskRunEnded(id, 0, 0, nodes.get(0), Instant.parse("2026-12-02T09:00:05Z"),
                        Instant.parse("2026-12-02T10:00:05Z"), TaskRunEnded.Outcome.SUCCEEDED),
                new TaskRunEnded(id, 0, 1, nodes.get(1), Instant.parse("2026-12-02T09:00:07Z"),
                        Instant.parse("2026-12-02T10:30:00Z"), TaskRunEnded.Outcome.SUCCEEDED));
        assertThat(pods(e.tenant(), id)).as("finished pods stay for their logs").hasSize(2);
    }

    @Test
    void cancellingARunningJobDeletesItsPods() {
        Jobs.Estate e = Jobs.estate();
        String id = PlacedJobs.submit(e, body -> {});
        placed.place(id, PlacedJobs.KUBE_SITE, nodes, T0);
        dispatcher.runOnce();
        setStatus(e.tenant(), id, 0, running("2026-12-02T09:00:05Z"));
        setStatus(e.tenant(), id, 1, running("2026-12-02T09:00:05Z"));
        placed.passUntil(id, JobState.RUNNING);

        clock.set(T0.plus(Duration.ofMinutes(45)));
        placed.transition(id, JobState.CANCELLED, "cancelled by request");
        dispatcher.runOnce();

        assertThat(pods(e.tenant(), id)).isEmpty();
        assertThat(runs.forJob(id)).hasSize(2).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(TaskRunEnded.Outcome.STOPPED);
            assertThat(r.startedAt()).isEqualTo(Instant.parse("2026-12-02T09:00:05Z"));
            assertThat(r.endedAt()).isEqualTo(T0.plus(Duration.ofMinutes(45)));
        });
    }

    @Test
    void aTaskRejectedByTheKubeletFailsTheGangDeletesTheOtherTaskAndRequeues() {
        Jobs.Estate e = Jobs.estate();
        String id = PlacedJobs.submit(e, body -> body.put("maxRetries", 2));
        placed.place(id, PlacedJobs.KUBE_SITE, nodes, T0);
        dispatcher.runOnce();
        Instant failedAt = T0.plus(Duration.ofMinutes(1));
        clock.set(failedAt);
        setStatus(e.tenant(), id, 0, running("2026-12-02T09:00:05Z"));
        setStatus(e.tenant(), id, 1, new PodStatusBuilder().withPhase("Failed").withReason("OutOfcpu")
                .withMessage("Node didn't have enough resource: cpu, requested: 16000, used: 120000, capacity: 128000").build());

        Job requeued = placed.passUntil(id, JobState.QUEUED);

        assertThat(requeued.attempt()).isEqualTo(1);
        List<String> history = placed.history(id);
        assertThat(history.get(history.size() - 2)).isEqualTo("FAILED: task 1 failed: rejected by the kubelet on node "
                + nodes.get(1) + ": OutOfcpu (Node didn't have enough resource: cpu, requested: 16000, used: 120000, capacity: 128000)");
        assertThat(history.get(history.size() - 1)).startsWith("QUEUED: retry 1 of 2 after: task 1 failed");
        assertThat(placed.failureCause(id, 0)).as("a pod the kubelet rejected is the provider's failure: refunded")
                .isEqualTo("PROVIDER");
        assertThat(pods(e.tenant(), id)).as("the whole gang is gone").isEmpty();
        assertThat(runs.forJob(id)).as("only the task that ran is metered").containsExactly(
                new TaskRunEnded(id, 0, 0, nodes.get(0), Instant.parse("2026-12-02T09:00:05Z"), failedAt, TaskRunEnded.Outcome.STOPPED));

        // The retry gets objects of its own.
        placed.place(id, PlacedJobs.KUBE_SITE, List.of(nodes.get(1), nodes.get(0)), T0);
        dispatcher.runOnce();
        assertThat(pods(e.tenant(), id)).extracting(p -> p.getMetadata().getName() + "@" + p.getSpec().getNodeName())
                .containsExactly("sl-" + id + "-a1-t0@" + nodes.get(1), "sl-" + id + "-a1-t1@" + nodes.get(0));
    }

    @Test
    void aPodStoppedAtItsDeadlineFailsTheJobWithReasonWalltime() {
        Jobs.Estate e = Jobs.estate();
        String id = PlacedJobs.submit(e, body -> {});
        placed.place(id, PlacedJobs.KUBE_SITE, nodes, T0);
        dispatcher.runOnce();
        setStatus(e.tenant(), id, 0, running("2026-12-02T09:00:05Z"));
        setStatus(e.tenant(), id, 1, running("2026-12-02T09:00:05Z"));
        placed.passUntil(id, JobState.RUNNING);
        setStatus(e.tenant(), id, 0, new PodStatusBuilder().withPhase("Failed").withReason("DeadlineExceeded")
                .withMessage("Pod was active on the node longer than the specified deadline").build());

        Job failed = placed.passUntil(id, JobState.FAILED);

        assertThat(failed.reason()).isEqualTo("WALLTIME");
        assertThat(placed.failureCause(id, 0)).as("an overrun is the tenant's doing: not refunded").isEqualTo("TENANT");
        assertThat(pods(e.tenant(), id)).isEmpty();
    }

    @Test
    void apiServerFailingSeveralTimesThenRecoveringCreatesExactlyOnePodPerTask() {
        Jobs.Estate e = Jobs.estate();
        String id = PlacedJobs.submit(e, body -> {});
        placed.place(id, PlacedJobs.KUBE_SITE, nodes, T0);
        // 3 failures: within one call's 4 attempts (test profile).
        server.expect().post().withPath("/api/v1/namespaces/" + e.tenant() + "/pods")
                .andReturn(500, new StatusBuilder().withCode(500).withMessage("etcdserver: request timed out").build())
                .times(3);

        dispatcher.runOnce();

        assertThat(placed.job(id).state()).isEqualTo(JobState.DISPATCHED);
        assertThat(pods(e.tenant(), id)).extracting(p -> p.getMetadata().getName())
                .containsExactly("sl-" + id + "-a0-t0", "sl-" + id + "-a0-t1");
    }

    @Test
    void apiServerDownLongerThanOneCallKeepsTheJobPlacedUntilALaterPassSucceeds() {
        Jobs.Estate e = Jobs.estate();
        String id = PlacedJobs.submit(e, body -> {});
        placed.place(id, PlacedJobs.KUBE_SITE, nodes, T0);
        server.expect().post().withPath("/api/v1/namespaces/" + e.tenant() + "/pods")
                .andReturn(503, new StatusBuilder().withCode(503).withMessage("the server is currently unable to handle the request").build())
                .times(6);

        Dispatcher.Pass first = dispatcher.runOnce();
        assertThat(first.launchFailures()).isEqualTo(1);
        assertThat(placed.job(id).state()).isEqualTo(JobState.PLACED);
        assertThat(pods(e.tenant(), id)).isEmpty();

        dispatcher.runOnce();
        assertThat(placed.job(id).state()).isEqualTo(JobState.DISPATCHED);
        assertThat(pods(e.tenant(), id)).hasSize(2);
        assertThat(placed.history(id)).filteredOn(h -> h.startsWith("DISPATCHED")).hasSize(1);
    }

    @Test
    void podsLeftByAPassThatCrashedBeforeMarkingTheJobAreAdoptedNotDuplicated() {
        Jobs.Estate e = Jobs.estate();
        String id = PlacedJobs.submit(e, body -> {});
        placed.place(id, PlacedJobs.KUBE_SITE, nodes, T0);
        // What a crashed leader left behind: its first task's pod, created under the deterministic name.
        kube.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName(e.tenant()).endMetadata().build()).create();
        kube.pods().inNamespace(e.tenant()).resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata()
                .withName("sl-" + id + "-a0-t0").addToLabels(PodFactory.MANAGED_BY, PodFactory.MANAGER)
                .addToLabels(PodFactory.JOB_ID, id).endMetadata()
                .withNewSpec().withNodeName(nodes.get(0)).addNewContainer().withName("task").withImage("x").endContainer().endSpec()
                .build()).create();

        dispatcher.runOnce();

        assertThat(placed.job(id).state()).isEqualTo(JobState.DISPATCHED);
        assertThat(pods(e.tenant(), id)).extracting(p -> p.getMetadata().getName())
                .containsExactly("sl-" + id + "-a0-t0", "sl-" + id + "-a0-t1");
    }

    @Test
    void podsOfALaunchThatCrashedBeforeDispatchedAreDeletedWhenTheJobIsCancelled() {
        Jobs.Estate e = Jobs.estate();
        String id = PlacedJobs.submit(e, body -> {});
        placed.place(id, PlacedJobs.KUBE_SITE, nodes, T0);
        // A leader recorded the launch and created one pod, then died before marking the job DISPATCHED.
        java.util.UUID uuid = java.util.UUID.fromString(id);
        pool.preparedQuery("insert into job_dispatch (job_id, attempt, tenant, site, executor, namespace, wall_time_s,"
                        + " launched_at) values ($1, 0, $2, $3, 'KUBERNETES', $2, 10800, now())")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(uuid, e.tenant(), PlacedJobs.KUBE_SITE))
                .chain(() -> pool.preparedQuery("insert into job_dispatch_task (job_id, attempt, task, node)"
                        + " values ($1, 0, 0, $2), ($1, 0, 1, $3)").execute(io.vertx.mutiny.sqlclient.Tuple.of(uuid, nodes.get(0), nodes.get(1))))
                .await().atMost(Duration.ofSeconds(30));
        kube.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName(e.tenant()).endMetadata().build()).create();
        kube.pods().inNamespace(e.tenant()).resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata()
                .withName("sl-" + id + "-a0-t0").addToLabels(PodFactory.MANAGED_BY, PodFactory.MANAGER)
                .addToLabels(PodFactory.JOB_ID, id).endMetadata()
                .withNewSpec().withNodeName(nodes.get(0)).addNewContainer().withName("task").withImage("x").endContainer().endSpec()
                .build()).create();

        placed.transition(id, JobState.CANCELLED, "cancelled by request");
        dispatcher.runOnce();

        assertThat(pods(e.tenant(), id)).isEmpty();
        dispatcher.runOnce();
        assertThat(placed.job(id).state()).isEqualTo(JobState.CANCELLED);
    }

    private List<Pod> pods(String namespace, String jobId) {
        return kube.pods().inNamespace(namespace).withLabel(PodFactory.JOB_ID, jobId).list().getItems().stream()
                .sorted(java.util.Comparator.comparing(p -> p.getMetadata().getName())).toList();
    }

    private void setStatus(String namespace, String jobId, int task, io.fabric8.kubernetes.api.model.PodStatus status) {
        Pod pod = kube.pods().inNamespace(namespace).withName("sl-" + jobId + "-a0-t" + task).get();
        pod.setStatus(status);
        kube.pods().inNamespace(namespace).resource(pod).updateStatus();
    }

    private static io.fabric8.kubernetes.api.model.PodStatus running(String startedAt) {
        return new PodStatusBuilder().withPhase("Running").withStartTime(startedAt)
                .withContainerStatuses(new ContainerStatusBuilder().withName("task").withReady(true)
                        .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(startedAt).endRunning().build())
                        .build())
                .build();
    }

    private static io.fabric8.kubernetes.api.model.PodStatus succeeded(String startedAt, String finishedAt) {
        return new PodStatusBuilder().withPhase("Succeeded").withStartTime(startedAt)
                .withContainerStatuses(new ContainerStatusBuilder().withName("task")
                        .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(0).withReason("Completed")
                                .withStartedAt(startedAt).withFinishedAt(finishedAt).endTerminated().build())
                        .build())
                .build();
    }
}
