package io.suanli.dispatch.kubernetes;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.suanli.dispatch.domain.DispatchOrder;
import io.suanli.dispatch.domain.DispatchOrder.TaskPlacement;
import io.suanli.dispatch.domain.ObjectNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The Pod of one task: pinned to its node with {@code spec.nodeName} (the exchange has already
 * chosen the node; the cluster's scheduler must not move it), requests equal to limits, the job's
 * wall time as {@code activeDeadlineSeconds}, never restarted (a retry is the exchange's decision:
 * a new attempt with new objects), and labels that find every task of a job.
 */
public final class PodFactory {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "suanli";
    public static final String JOB_ID = "suanli.io/job-id";
    public static final String TENANT = "suanli.io/tenant";
    public static final String ATTEMPT = "suanli.io/attempt";
    public static final String TASK = "suanli.io/task";
    public static final String SITE = "suanli.io/site";
    public static final String NODE = "suanli.io/node";
    public static final String PLANNED_START = "suanli.io/planned-start";
    public static final String EXTERNAL_ID = "suanli.io/external-id";
    public static final String WALL_TIME = "suanli.io/wall-time";
    public static final String CONTAINER = "task";

    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

    private final Map<String, String> gpuResources;
    private final String defaultGpuResource;
    private final String defaultImage;

    public PodFactory(Map<String, String> gpuResources, String defaultGpuResource, String defaultImage) {
        this.gpuResources = Map.copyOf(gpuResources);
        this.defaultGpuResource = defaultGpuResource;
        this.defaultImage = defaultImage;
    }

    public Pod pod(DispatchOrder order, TaskPlacement placement, String namespace) {
        String name = ObjectNames.taskObject(order.jobId(), order.attempt(), placement.task());
        return new PodBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .withLabels(labels(order, placement))
                    .withAnnotations(annotations(order, placement))
                .endMetadata()
                .withNewSpec()
                    .withNodeName(placement.node())
                    .withRestartPolicy("Never")
                    .withActiveDeadlineSeconds(order.wallTime().toSeconds())
                    .addNewContainer()
                        .withName(CONTAINER)
                        .withImage(order.workload().image() == null ? defaultImage : order.workload().image())
                        .withCommand(order.workload().command().isEmpty() ? null : order.workload().command())
                        .withArgs(order.workload().args().isEmpty() ? null : order.workload().args())
                        .withEnv(env(order, placement))
                        .withNewResources()
                            .withRequests(resources(order))
                            .withLimits(resources(order))
                        .endResources()
                    .endContainer()
                .endSpec()
                .build();
    }

    /** The extended resource a GPU model is requested as (e.g. {@code nvidia.com/gpu}, {@code huawei.com/Ascend910}). */
    public String gpuResource(String gpuModel) {
        return gpuModel == null ? defaultGpuResource : gpuResources.getOrDefault(gpuModel, defaultGpuResource);
    }

    private Map<String, Quantity> resources(DispatchOrder order) {
        DispatchOrder.TaskResources r = order.resources();
        Map<String, Quantity> q = new LinkedHashMap<>();
        q.put("cpu", new Quantity(Integer.toString(r.cpuCores())));
        // Whole mebibytes: memoryGiB may be fractional (0.5 GiB), and quantities should stay exact.
        q.put("memory", new Quantity(Math.round(r.memoryGiB() * 1024) + "Mi"));
        if (r.gpus() > 0) {
            q.put(gpuResource(r.gpuModel()), new Quantity(Integer.toString(r.gpus())));
        }
        return q;
    }

    private static Map<String, String> labels(DispatchOrder order, TaskPlacement placement) {
        Map<String, String> labels = new TreeMap<>();
        // The job's own labels first, so ours win; ones Kubernetes would refuse are left out
        // (they are still on the job in the exchange).
        order.jobLabels().forEach((k, v) -> {
            if (isLabelKey(k) && v != null && LABEL_VALUE.matcher(v).matches() && !k.startsWith("suanli.io/")) {
                labels.put(k, v);
            }
        });
        labels.put(MANAGED_BY, MANAGER);
        labels.put(JOB_ID, order.jobId());
        labels.put(TENANT, order.tenant());
        labels.put(ATTEMPT, Integer.toString(order.attempt()));
        labels.put(TASK, Integer.toString(placement.task()));
        if (LABEL_VALUE.matcher(order.site()).matches()) {
            labels.put(SITE, order.site());
        }
        return labels;
    }

    private static Map<String, String> annotations(DispatchOrder order, TaskPlacement placement) {
        Map<String, String> a = new TreeMap<>();
        a.put(JOB_ID, order.jobId());
        a.put(TENANT, order.tenant());
        a.put(ATTEMPT, Integer.toString(order.attempt()));
        a.put(TASK, placement.task() + " of " + order.tasks().size());
        a.put(SITE, order.site());
        a.put(NODE, placement.node());
        a.put(PLANNED_START, order.plannedStart().toString());
        a.put(WALL_TIME, order.wallTime().toString());
        if (order.externalId() != null) {
            a.put(EXTERNAL_ID, order.externalId());
        }
        return a;
    }

    private static List<EnvVar> env(DispatchOrder order, TaskPlacement placement) {
        List<EnvVar> env = new ArrayList<>();
        new TreeMap<>(order.workload().env()).forEach((k, v) -> env.add(new EnvVar(k, v, null)));
        // What a gang member needs to find its place in the gang.
        env.add(new EnvVar("SUANLI_JOB_ID", order.jobId(), null));
        env.add(new EnvVar("SUANLI_ATTEMPT", Integer.toString(order.attempt()), null));
        env.add(new EnvVar("SUANLI_TASK_INDEX", Integer.toString(placement.task()), null));
        env.add(new EnvVar("SUANLI_TASK_COUNT", Integer.toString(order.tasks().size()), null));
        return env;
    }

    private static boolean isLabelKey(String key) {
        if (key == null || key.isEmpty()) {
            return false;
        }
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        String prefix = slash < 0 ? null : key.substring(0, slash);
        boolean prefixOk = prefix == null
                || (prefix.length() <= 253 && prefix.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"));
        return prefixOk && LABEL_NAME.matcher(name).matches();
    }
}
