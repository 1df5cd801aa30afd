package io.suanli.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.suanli.dispatch.domain.DispatchOrder;
import io.suanli.dispatch.kubernetes.PodFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodFactoryTest {

    private static final PodFactory FACTORY = new PodFactory(
            Map.of("Ascend910B", "huawei.com/Ascend910"), "nvidia.com/gpu", "busybox:1.36");

    @Test
    void gpuModelMapsToItsExtendedResourceAndOthersToTheDefault() {
        Pod ascend = FACTORY.pod(order(2, "Ascend910B", 0.5, Map.of()), new DispatchOrder.TaskPlacement(0, "hz-npu-01"), "health");
        assertThat(ascend.getSpec().getContainers().get(0).getResources().getLimits()).isEqualTo(Map.of(
                "cpu", new Quantity("8"), "memory", new Quantity("512Mi"), "huawei.com/Ascend910", new Quantity("2")));
        assertThat(FACTORY.gpuResource("L40S")).isEqualTo("nvidia.com/gpu");
    }

    @Test
    void cpuOnlyTaskRequestsNoGpuAndGetsTheDefaultImage() {
        Pod pod = FACTORY.pod(order(0, null, 16, Map.of()), new DispatchOrder.TaskPlacement(1, "edge-01"), "transport");
        var container = pod.getSpec().getContainers().get(0);
        assertThat(container.getResources().getRequests()).containsOnlyKeys("cpu", "memory");
        assertThat(container.getImage()).isEqualTo("busybox:1.36");
        assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(7200L);
        assertThat(pod.getSpec().getNodeName()).isEqualTo("edge-01");
    }

    @Test
    void jobLabelsKubernetesWouldRefuseOrThatImpersonateOursAreLeftOut() {
        Pod pod = FACTORY.pod(order(0, null, 1, Map.of("team", "video", "bad key!", "x", "suanli.io/job-id", "forged",
                "cost-centre", "not a valid value")), new DispatchOrder.TaskPlacement(0, "n"), "t");
        assertThat(pod.getMetadata().getLabels()).containsEntry("team", "video").containsEntry("suanli.io/job-id", "job-1")
                .doesNotContainKeys("bad key!", "cost-centre");
    }

    private static DispatchOrder order(int gpus, String model, double memoryGiB, Map<String, String> labels) {
        return new DispatchOrder("job-1", "t", null, 0, "site", Instant.parse("2026-12-01T08:00:00Z"), Duration.ofHours(2),
                new DispatchOrder.TaskResources(8, memoryGiB, gpus, model),
                new DispatchOrder.Workload(null, List.of(), List.of(), Map.of()), labels,
                List.of(new DispatchOrder.TaskPlacement(0, "n"), new DispatchOrder.TaskPlacement(1, "edge-01")));
    }
}
