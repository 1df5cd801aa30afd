package io.suanli.dispatch.kubernetes;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.suanli.dispatch.DispatchConfig.ExecutorKind;
import io.suanli.dispatch.domain.Dispatch;
import io.suanli.dispatch.domain.DispatchOrder;
import io.suanli.dispatch.domain.ObjectNames;
import io.suanli.dispatch.domain.TaskStatus;
import io.suanli.dispatch.service.SiteExecutor;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Runs jobs on one Kubernetes cluster: one Pod per task in the tenant's namespace (created when
 * missing), watched by one informer over every pod the service manages in the cluster. The
 * informer's cache answers {@link #observe}; a pod absent from it is looked up once more through
 * the API, so a cache that lags behind a fresh create does not count as a lost task.
 */
public final class KubernetesExecutor implements SiteExecutor {

    private static final Logger LOG = Logger.getLogger(KubernetesExecutor.class);

    private final String cluster;
    private final KubernetesClient client;
    private final PodFactory pods;
    private final ApiRetry retry;
    private final String namespacePrefix;
    private final Runnable onChange;
    private final Set<String> knownNamespaces = ConcurrentHashMap.newKeySet();
    private volatile SharedIndexInformer<Pod> informer;

    /**
     * @param cluster a name for the cluster, for logs
     * @param onChange called from the informer's thread whenever a managed pod changes
     */
    public KubernetesExecutor(String cluster, KubernetesClient client, PodFactory pods, ApiRetry retry,
            String namespacePrefix, Runnable onChange) {
        this.cluster = cluster;
        this.client = client;
        this.pods = pods;
        this.retry = retry;
        this.namespacePrefix = namespacePrefix;
        this.onChange = onChange;
    }

    @Override
    public ExecutorKind kind() {
        return ExecutorKind.KUBERNETES;
    }

    @Override
    public String namespaceFor(String tenant) {
        return ObjectNames.namespace(namespacePrefix, tenant);
    }

    @Override
    public void launch(DispatchOrder order) {
        String namespace = namespaceFor(order.tenant());
        ensureNamespace(namespace);
        for (DispatchOrder.TaskPlacement task : order.tasks()) {
            Pod pod = pods.pod(order, task, namespace);
            retry.run("create pod " + namespace + "/" + pod.getMetadata().getName(), () -> createUnlessExists(pod));
        }
    }

    @Override
    public List<TaskStatus> observe(Dispatch dispatch, Instant now) {
        SharedIndexInformer<Pod> cache = watch();
        List<TaskStatus> statuses = new ArrayList<>(dispatch.tasks().size());
        for (Dispatch.DispatchedTask task : dispatch.tasks()) {
            String name = ObjectNames.taskObject(dispatch.jobId(), dispatch.attempt(), task.task());
            Pod pod = cache.getStore().getByKey(dispatch.namespace() + "/" + name);
            if (pod == null) {
                pod = retry.call("get pod " + dispatch.namespace() + "/" + name,
                        () -> client.pods().inNamespace(dispatch.namespace()).withName(name).get());
            }
            statuses.add(PodStatuses.of(task.task(), pod));
        }
        return statuses;
    }

    @Override
    public void stop(Dispatch dispatch) {
        for (Dispatch.DispatchedTask task : dispatch.tasks()) {
            String name = ObjectNames.taskObject(dispatch.jobId(), dispatch.attempt(), task.task());
            retry.run("delete pod " + dispatch.namespace() + "/" + name,
                    () -> client.pods().inNamespace(dispatch.namespace()).withName(name).delete());
        }
    }

    /** Starts the informer if it is not running yet, and returns it. */
    public synchronized SharedIndexInformer<Pod> watch() {
        if (informer == null) {
            informer = client.pods().inAnyNamespace().withLabel(PodFactory.MANAGED_BY, PodFactory.MANAGER)
                    .inform(new ResourceEventHandler<>() {
                        @Override
                        public void onAdd(Pod pod) {
                            onChange.run();
                        }

                        @Override
                        public void onUpdate(Pod before, Pod after) {
                            onChange.run();
                        }

                        @Override
                        public void onDelete(Pod pod, boolean finalStateUnknown) {
                            onChange.run();
                        }
                    }, 0);
            LOG.infof("watching the pods of cluster %s", cluster);
        }
        return informer;
    }

    /** Stops the informer (this instance no longer dispatches). */
    public synchronized void unwatch() {
        if (informer != null) {
            informer.stop();
            informer = null;
        }
    }

    private void ensureNamespace(String namespace) {
        if (knownNamespaces.contains(namespace)) {
            return;
        }
        boolean exists = retry.call("get namespace " + namespace, () -> client.namespaces().withName(namespace).get()) != null;
        if (!exists) {
            retry.run("create namespace " + namespace, () -> createUnlessExists(namespace));
            LOG.infof("created namespace %s in cluster %s", namespace, cluster);
        }
        knownNamespaces.add(namespace);
    }

    private void createUnlessExists(Pod pod) {
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
        } catch (KubernetesClientException e) {
            // Our own earlier create (a crashed pass, a timed-out answer): the name is deterministic.
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            LOG.debugf("pod %s/%s exists already", pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        }
    }

    private void createUnlessExists(String namespace) {
        try {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                    .addToLabels(PodFactory.MANAGED_BY, PodFactory.MANAGER).endMetadata().build()).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
    }
}
