package io.suanli.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.suanli.catalog.domain.Node;
import io.suanli.catalog.domain.NodeState;
import io.suanli.catalog.domain.PowerDraw;
import io.suanli.catalog.domain.Region;
import io.suanli.catalog.domain.SiteLatency;
import io.suanli.catalog.domain.UnitPrices;
import io.suanli.catalog.persistence.CatalogMapper;
import io.suanli.catalog.persistence.NodeEntity;
import io.suanli.catalog.persistence.RegionEntity;
import io.suanli.catalog.persistence.SiteLatencyEntity;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogMapperTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void nodeSurvivesTheRowWithExactPrices() {
        Node node = new Node("n1", "s1", 64, 512.5, 4, "H100",
                new UnitPrices(new BigDecimal("0.000001"), new BigDecimal("0.0150"), new BigDecimal("22.123456")),
                new PowerDraw(6.0, 650.0), NodeState.DRAINING);
        NodeEntity row = new NodeEntity();
        CatalogMapper.copyInto(node, row, NOW);
        // numeric(20,6) gives six decimals back; the mapper hands out the value as given.
        row.priceMemoryGiB = row.priceMemoryGiB.setScale(6);
        Node back = CatalogMapper.toDomain(row);
        assertThat(back.pricePerHour().memoryGiB()).isEqualTo(new BigDecimal("0.015"));
        assertThat(back.pricePerHour().cpuCore()).isEqualTo(new BigDecimal("0.000001"));
        assertThat(back).usingRecursiveComparison().withComparatorForType(BigDecimal::compareTo, BigDecimal.class).isEqualTo(node);
        assertThat(row.updatedAt).isEqualTo(NOW);
    }

    @Test
    void regionSeriesRoundTrips() {
        Region region = new Region("r1", "长三角", NOW, List.of(500.0, 480.5));
        RegionEntity row = new RegionEntity();
        CatalogMapper.copyInto(region, row, NOW);
        assertThat(CatalogMapper.toDomain(row)).isEqualTo(region);
    }

    @Test
    void latencyIsStoredOncePerPairInCanonicalOrder() {
        SiteLatencyEntity row = CatalogMapper.toEntity(new SiteLatency("zeta", "alpha", 4.5));
        assertThat(row.pair).isEqualTo(new SiteLatencyEntity.Pair("alpha", "zeta"));
        assertThat(CatalogMapper.toDomain(row)).isEqualTo(new SiteLatency("alpha", "zeta", 4.5));
    }

    @Test
    void regionIntensityRepeatsTheLastDayBeyondTheSeries() {
        List<Double> twoDays = new java.util.ArrayList<>();
        for (int h = 0; h < 48; h++) {
            twoDays.add((double) h);
        }
        Region region = new Region("r", null, NOW, twoDays);
        assertThat(region.intensityAt(NOW.plusSeconds(3600 * 47 + 1800))).isEqualTo(47.0);
        assertThat(region.intensityAt(NOW.plusSeconds(3600 * 48))).isEqualTo(24.0);
        assertThat(region.intensityAt(NOW.plusSeconds(3600 * 75))).isEqualTo(27.0);
        assertThat(region.intensityAt(NOW.minusSeconds(10))).isEqualTo(0.0);
        assertThat(new Region("c", null, NOW, List.of(300.0)).intensitySeries(NOW, 5)).containsExactly(300.0);
    }
}
