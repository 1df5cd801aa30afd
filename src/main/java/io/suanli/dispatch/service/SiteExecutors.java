package io.suanli.dispatch.service;

import io.suanli.dispatch.DispatchConfig;
import io.suanli.dispatch.DispatchConfig.ExecutorKind;
import io.suanli.dispatch.domain.SimulatedRun;
import io.suanli.dispatch.kubernetes.ApiRetry;
import io.suanli.dispatch.kubernetes.KubernetesClusters;
import io.suanli.dispatch.kubernetes.KubernetesExecutor;
import io.suanli.dispatch.kubernetes.PodFactory;
import io.suanli.dispatch.simulated.SimulatedExecutor;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The executor of each site, from configuration: {@code suanli.dispatch.sites."<site>".*}, else the
 * default executor. Sites on the same cluster share one executor (and so one informer).
 */
@Singleton
public class SiteExecutors {

    private final DispatchConfig config;
    private final KubernetesClusters clusters;
    private final DispatchWakeUp wakeUp;
    private final PodFactory pods;
    private final ApiRetry retry;
    private final Map<String, KubernetesExecutor> byCluster = new ConcurrentHashMap<>();
    private final Map<String, SimulatedExecutor> simulatedBySite = new ConcurrentHashMap<>();

    public SiteExecutors(DispatchConfig config, KubernetesClusters clusters, DispatchWakeUp wakeUp) {
        this.config = config;
        this.clusters = clusters;
        this.wakeUp = wakeUp;
        this.pods = new PodFactory(config.gpuResources(), config.defaultGpuResource(), config.defaultImage());
        DispatchConfig.ApiRetry r = config.apiRetry();
        this.retry = new ApiRetry(r.maxAttempts(), r.initialBackoff(), r.maxBackoff());
    }

    public SiteExecutor forSite(String site) {
        DispatchConfig.Site siteConfig = config.sites().get(site);
        ExecutorKind kind = siteConfig == null ? config.defaultExecutor() : siteConfig.executor().orElse(config.defaultExecutor());
        if (kind == ExecutorKind.SIMULATED) {
            return simulatedBySite.computeIfAbsent(site, s -> new SimulatedExecutor(simulation(siteConfig)));
        }
        return byCluster.computeIfAbsent(KubernetesClusters.clusterKey(siteConfig), key -> new KubernetesExecutor(
                key, clusters.client(siteConfig), pods, retry, config.namespacePrefix().orElse(""), wakeUp::signal));
    }

    /** Stops every informer: this instance no longer dispatches. */
    public void stopWatching() {
        byCluster.values().forEach(KubernetesExecutor::unwatch);
    }

    private SimulatedRun.Settings simulation(DispatchConfig.Site site) {
        DispatchConfig.Simulation s = config.simulation();
        double failureRate = site == null ? s.failureRate() : site.failureRate().orElse(s.failureRate());
        double stragglerRate = site == null ? s.stragglerRate() : site.stragglerRate().orElse(s.stragglerRate());
        return new SimulatedRun.Settings(s.seed(), failureRate, stragglerRate, s.startDelay(), s.minRunShare(), s.maxRunShare());
    }
}
