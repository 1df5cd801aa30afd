package io.suanli.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.suanli.dispatch.domain.ObjectNames;
import org.junit.jupiter.api.Test;

class ObjectNamesTest {

    private static final String JOB = "0190c3a2-7b1e-7f00-8abc-0123456789ab";

    @Test
    void taskObjectNameIsDeterministicAndNamesJobAttemptAndTask() {
        assertThat(ObjectNames.taskObject(JOB, 0, 3)).isEqualTo("sl-" + JOB + "-a0-t3");
        assertThat(ObjectNames.taskObject(JOB, 0, 3)).isEqualTo(ObjectNames.taskObject(JOB, 0, 3));
        assertThat(ObjectNames.taskObject(JOB, 1, 3)).isNotEqualTo(ObjectNames.taskObject(JOB, 0, 3));
    }

    @Test
    void largestGangAndAttemptStillFitA63CharacterDnsLabel() {
        String name = ObjectNames.taskObject(JOB, 10, 9_999);
        assertThat(name).hasSize(49);
        assertThat(ObjectNames.isDns1123Label(name)).isTrue();
    }

    @Test
    void idThatIsNoDnsLabelIsDigestedIntoOneDeterministically() {
        String name = ObjectNames.taskObject("Scenario_Job.With.A.Very.Long.Identifier.That.Goes.On.And.On", 2, 7);
        assertThat(name).hasSizeLessThanOrEqualTo(63).startsWith("sl-").endsWith("-a2-t7");
        assertThat(ObjectNames.isDns1123Label(name)).isTrue();
        assertThat(ObjectNames.taskObject("Scenario_Job.With.A.Very.Long.Identifier.That.Goes.On.And.On", 2, 7)).isEqualTo(name);
    }

    @Test
    void namespaceIsTheTenantWithTheConfiguredPrefix() {
        assertThat(ObjectNames.namespace("", "transport")).isEqualTo("transport");
        assertThat(ObjectNames.namespace("sl-", "transport")).isEqualTo("sl-transport");
        assertThatThrownBy(() -> ObjectNames.namespace("", "Transport_Dept")).isInstanceOf(IllegalArgumentException.class);
    }
}
