package io.suanli.dispatch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Where and how placed jobs run: which sites are Kubernetes clusters (and how to reach them),
 * which are simulated, and the tunables of the dispatch loop, the API retries and the simulation.
 */
@ConfigMapping(prefix = "suanli.dispatch")
public interface DispatchConfig {

    /**
     * Runs the dispatch loop from start-up without waiting to become the leader. Off in production
     * (leader election starts it); on for the single-instance demo.
     */
    @WithDefault("false")
    boolean autostart();

    /**
     * Whether this instance dispatches at all when it leads. Off for a scheduler that should only
     * plan and commit (and in tests of the planner alone, which look at PLACED jobs).
     */
    @WithDefault("true")
    boolean enabled();

    /** How often the loop reconciles when nothing wakes it earlier (a watch event does). */
    @WithDefault("1s")
    Duration interval();

    /** Most due placed jobs dispatched per pass; the rest follow in the next pass. */
    @WithDefault("200")
    int batchSize();

    /**
     * Jobs looked after at the same time within one pass (each needs a few database round trips
     * and, for Kubernetes, API calls; jobs are independent of each other).
     */
    @WithDefault("8")
    int parallelism();

    /** The executor of a site not listed under {@code sites}: {@code simulated} or {@code kubernetes}. */
    @WithDefault("simulated")
    ExecutorKind defaultExecutor();

    /** Per site (by catalog name): its executor and, for Kubernetes, how to reach its cluster. */
    Map<String, Site> sites();

    /** The extended resource a GPU model is requested as; models not listed use {@link #defaultGpuResource()}. */
    Map<String, String> gpuResources();

    /** The extended resource of GPU models not listed in {@link #gpuResources()}. */
    @WithDefault("nvidia.com/gpu")
    String defaultGpuResource();

    /** Prefixed to the tenant name to make its namespace (empty: the namespace is the tenant name). */
    Optional<String> namespacePrefix();

    /** The container image of a job that names none. */
    @WithDefault("busybox:1.36")
    String defaultImage();

    /**
     * Extra time past a task's wall time before the service itself stops it as {@code WALLTIME}, in
     * case a cluster does not enforce {@code activeDeadlineSeconds} (the kubelet normally does).
     */
    @WithDefault("5m")
    Duration walltimeGrace();

    /** How long a task's object may be absent (watch cache and API) before the task counts as lost. */
    @WithDefault("30s")
    Duration lostAfter();

    /** Retries of one Kubernetes API call that failed with a server error, throttling or a timeout. */
    ApiRetry apiRetry();

    /** The simulated executor. */
    Simulation simulation();

    enum ExecutorKind {
        SIMULATED,
        KUBERNETES
    }

    /** One site's executor. */
    interface Site {

        /** {@code kubernetes} or {@code simulated}; unset: the default executor. */
        Optional<ExecutorKind> executor();

        /**
         * A kubeconfig file for this site's cluster. Unset together with {@link #kubeconfigSecret()}:
         * the service's own client (in-cluster service account, or {@code quarkus.kubernetes-client.*}).
         */
        Optional<String> kubeconfig();

        /** A Secret in the service's namespace whose key {@code kubeconfig} holds this site's kubeconfig. */
        Optional<String> kubeconfigSecret();

        /** The kubeconfig context to use; unset: its current context. */
        Optional<String> context();

        /** Simulation only: the share of jobs that fail at this site; unset: the simulation default. */
        OptionalDouble failureRate();

        /** Simulation only: the share of jobs that overrun their wall time; unset: the simulation default. */
        OptionalDouble stragglerRate();
    }

    /** Retries with exponential backoff, in real time (not the exchange clock). */
    interface ApiRetry {

        /** Tries of one call in all, the first included. */
        @WithDefault("6")
        int maxAttempts();

        @WithDefault("200ms")
        Duration initialBackoff();

        @WithDefault("5s")
        Duration maxBackoff();

        /** How long a job whose objects could not be created waits before the next pass tries again. */
        @WithDefault("10s")
        Duration jobBackoff();
    }

    /** The simulated executor: run times and outcomes drawn from a seeded random per job attempt. */
    interface Simulation {

        @WithDefault("42")
        long seed();

        /** The share of jobs of which one task fails part-way. */
        @WithDefault("0.0")
        double failureRate();

        /** The share of jobs that run past their wall time (stopped as {@code WALLTIME}). */
        @WithDefault("0.0")
        double stragglerRate();

        /** From dispatch until the tasks run (image pull, start-up), on the exchange clock. */
        @WithDefault("10s")
        Duration startDelay();

        /** A normal run takes between these shares of the wall time. */
        @WithName("min-run-share")
        @WithDefault("0.4")
        double minRunShare();

        @WithName("max-run-share")
        @WithDefault("0.95")
        double maxRunShare();
    }
}
