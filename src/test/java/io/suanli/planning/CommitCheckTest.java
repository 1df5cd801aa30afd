package io.suanli.planning;

import static org.assertj.core.api.Assertions.assertThat;

import io.suanli.planning.domain.CommitCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommitCheckTest {

    private static final CommitCheck.NodeNow GPU_NODE = new CommitCheck.NodeNow("n1", true, 128, 1024, 8);
    private static final long H = 3600;

    private static CommitCheck.Candidate gang(String job, long startHour, long endHour, int gpus, String... nodes) {
        return new CommitCheck.Candidate(job, List.of(nodes), startHour * H, endHour * H, 16, 64, gpus);
    }

    @Test
    void aPlanFitsBesideCommittedWorkThatLeavesRoom() {
        CommitCheck check = new CommitCheck(List.of(GPU_NODE), List.of(new CommitCheck.Use("n1", 0, 4 * H, 16, 64, 4, 1)));
        assertThat(check.accept(gang("a", 2, 5, 2, "n1", "n1"))).isNull();
    }

    @Test
    void aPlanIsRefusedWhenCommittedWorkTakesTheCapacityInAnyOfItsHours() {
        CommitCheck check = new CommitCheck(List.of(GPU_NODE), List.of(new CommitCheck.Use("n1", 4 * H, 6 * H, 16, 64, 6, 1)));
        assertThat(check.accept(gang("a", 2, 5, 2, "n1", "n1"))).isEqualTo("capacity on node n1 is taken");
    }

    @Test
    void committedWorkThatEndsBeforeTheStartDoesNotCount() {
        CommitCheck check = new CommitCheck(List.of(GPU_NODE), List.of(new CommitCheck.Use("n1", 0, 2 * H, 16, 64, 8, 1)));
        assertThat(check.accept(gang("a", 2, 5, 4, "n1", "n1"))).isNull();
    }

    @Test
    void twoPlansOfOneBatchCannotBothTakeTheLastCapacity() {
        CommitCheck check = new CommitCheck(List.of(GPU_NODE), List.of());
        assertThat(check.accept(gang("a", 0, 3, 3, "n1", "n1"))).isNull();
        assertThat(check.accept(gang("b", 1, 2, 3, "n1"))).isEqualTo("capacity on node n1 is taken");
        assertThat(check.accept(gang("c", 1, 2, 2, "n1"))).isNull();
    }

    @Test
    void aNodeThatIsNotUpOrGoneTakesNoPlan() {
        CommitCheck check = new CommitCheck(List.of(new CommitCheck.NodeNow("n2", false, 128, 1024, 8)), List.of());
        assertThat(check.accept(gang("a", 0, 1, 1, "n2"))).isEqualTo("node n2 is not UP");
        assertThat(check.accept(gang("b", 0, 1, 1, "n3"))).isEqualTo("node n3 no longer exists");
    }

    @Test
    void memoryIsComparedInWholeMebibytesLikeTheEngine() {
        CommitCheck check = new CommitCheck(List.of(new CommitCheck.NodeNow("m", true, 128, 64.0, 0)), List.of());
        assertThat(check.accept(new CommitCheck.Candidate("a", List.of("m"), 0, H, 1, 32.0, 0))).isNull();
        assertThat(check.accept(new CommitCheck.Candidate("b", List.of("m"), 0, H, 1, 32.001, 0))).isEqualTo("capacity on node m is taken");
    }
}
