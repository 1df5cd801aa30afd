package io.suanli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ApportionTest {

    @Test
    void partsAddUpExactlyAndFollowTheWeights() {
        int[] parts = Apportion.largestRemainder(10, new int[] {1, 1, 1}, 0);
        assertThat(parts).containsExactly(4, 3, 3);
        assertThat(Arrays.stream(Apportion.largestRemainder(10_000, new int[] {3, 7, 11, 2}, 1)).sum())
                .isEqualTo(10_000);
    }

    @Test
    void everyPartGetsItsMinimumFirst() {
        assertThat(Apportion.largestRemainder(5, new int[] {100, 1, 1}, 1)).containsExactly(3, 1, 1);
    }

    @Test
    void refusesWhenTheMinimumsDoNotFit() {
        assertThatThrownBy(() -> Apportion.largestRemainder(2, new int[] {1, 1, 1}, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
