package io.suanli.dispatch.kubernetes;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.suanli.dispatch.DispatchConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Kubernetes clients of the sites' clusters, one per distinct cluster. A site names a kubeconfig
 * file or a Secret holding one; a site that names neither uses the service's own client (the
 * in-cluster service account, or whatever {@code quarkus.kubernetes-client.*} configures).
 */
@Singleton
public class KubernetesClusters {

    /** The key in a cluster Secret that holds the kubeconfig. */
    public static final String SECRET_KEY = "kubeconfig";
    /** The cluster of sites that configure no kubeconfig. */
    public static final String OWN_CLUSTER = "own";

    private final Instance<KubernetesClient> ownClient;
    private final Map<String, KubernetesClient> built = new ConcurrentHashMap<>();

    public KubernetesClusters(Instance<KubernetesClient> ownClient) {
        // Looked up lazily: a service with only simulated sites never builds a client.
        this.ownClient = ownClient;
    }

    /** A name that is the same for sites on the same cluster. */
    public static String clusterKey(DispatchConfig.Site site) {
        if (site == null) {
            return OWN_CLUSTER;
        }
        String context = site.context().map(c -> "#" + c).orElse("");
        if (site.kubeconfig().isPresent()) {
            return "file:" + site.kubeconfig().get() + context;
        }
        if (site.kubeconfigSecret().isPresent()) {
            return "secret:" + site.kubeconfigSecret().get() + context;
        }
        return OWN_CLUSTER;
    }

    public KubernetesClient client(DispatchConfig.Site site) {
        String key = clusterKey(site);
        if (OWN_CLUSTER.equals(key)) {
            return ownClient.get();
        }
        return built.computeIfAbsent(key, k -> new KubernetesClientBuilder().withConfig(config(site)).build());
    }

    private Config config(DispatchConfig.Site site) {
        String context = site.context().orElse(null);
        if (site.kubeconfig().isPresent()) {
            Path path = Path.of(site.kubeconfig().get());
            try {
                return Config.fromKubeconfig(context, Files.readString(path), path.toString());
            } catch (IOException e) {
                throw new IllegalStateException("cannot read kubeconfig " + path + ": " + e.getMessage(), e);
            }
        }
        String name = site.kubeconfigSecret().orElseThrow();
        KubernetesClient own = ownClient.get();
        Secret secret = own.secrets().inNamespace(own.getNamespace()).withName(name).get();
        if (secret == null || secret.getData() == null || !secret.getData().containsKey(SECRET_KEY)) {
            throw new IllegalStateException("Secret " + own.getNamespace() + "/" + name + " has no key '" + SECRET_KEY + "'");
        }
        String kubeconfig = new String(Base64.getDecoder().decode(secret.getData().get(SECRET_KEY)), StandardCharsets.UTF_8);
        return Config.fromKubeconfig(context, kubeconfig, null);
    }

    @PreDestroy
    void close() {
        built.values().forEach(KubernetesClient::close);
    }
}
