package io.suanli.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.suanli.catalog.domain.EstateView;
import io.suanli.catalog.domain.Node;
import io.suanli.catalog.domain.NodeState;
import io.suanli.catalog.domain.PowerDraw;
import io.suanli.catalog.domain.Region;
import io.suanli.catalog.domain.Site;
import io.suanli.catalog.domain.SiteLatency;
import io.suanli.catalog.domain.SiteTier;
import io.suanli.catalog.domain.Tenant;
import io.suanli.catalog.domain.UnitPrices;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A reloaded view with the same contents is the same estate; any change to what plans depend on is not. */
class EstateViewTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void aViewReloadedWithoutChangesIsTheSameEstateAndAChangedOneIsNot() {
        EstateView loaded = view(node("n1", NodeState.UP, "0.10"), 20.0, 8);

        assertThat(view(node("n1", NodeState.UP, "0.10"), 20.0, 8).sameEstate(loaded)).isTrue();
        assertThat(view(node("n1", NodeState.DRAINING, "0.10"), 20.0, 8).sameEstate(loaded)).as("node drained").isFalse();
        assertThat(view(node("n1", NodeState.UP, "0.12"), 20.0, 8).sameEstate(loaded)).as("price changed").isFalse();
        assertThat(view(node("n1", NodeState.UP, "0.10"), 25.0, 8).sameEstate(loaded)).as("latency changed").isFalse();
        assertThat(view(node("n1", NodeState.UP, "0.10"), 20.0, 16).sameEstate(loaded)).as("quota changed").isFalse();
        assertThat(loaded.sameEstate(null)).isFalse();
    }

    private static EstateView view(Node node, double latencyMs, int gpuQuota) {
        return new EstateView(List.of(new Region("east", "East", T0, List.of(500.0))),
                List.of(new Site("s1", "S1", "east", SiteTier.GENERAL, 1.2), new Site("s2", "S2", "east", SiteTier.EDGE, 1.4)),
                List.of(new SiteLatency("s1", "s2", latencyMs)), List.of(node), List.of(new Tenant("t", "T", gpuQuota, null)));
    }

    private static Node node(String name, NodeState state, String corePrice) {
        return new Node(name, "s1", 8, 32.0, 0, null, new UnitPrices(new BigDecimal(corePrice), new BigDecimal("0.01"), BigDecimal.ZERO),
                new PowerDraw(10.0, 0.0), state);
    }
}
