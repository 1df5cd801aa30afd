package io.suanli.catalog.persistence;

import io.suanli.catalog.domain.ExchangeSettings;
import io.suanli.catalog.domain.Node;
import io.suanli.catalog.domain.NodeState;
import io.suanli.catalog.domain.PowerDraw;
import io.suanli.catalog.domain.Region;
import io.suanli.catalog.domain.Site;
import io.suanli.catalog.domain.SiteLatency;
import io.suanli.catalog.domain.SiteTier;
import io.suanli.catalog.domain.Tenant;
import io.suanli.catalog.domain.UnitPrices;
import io.suanli.common.money.Decimals;
import java.time.Instant;
import java.util.Arrays;

/** Maps catalog rows to domain values and back; the only place that knows both. */
public final class CatalogMapper {

    private CatalogMapper() {}

    public static Region toDomain(RegionEntity e) {
        return new Region(
                e.name,
                e.displayName,
                e.carbonStartsAt,
                Arrays.stream(e.carbonIntensity).boxed().toList());
    }

    public static void copyInto(Region d, RegionEntity e, Instant now) {
        e.name = d.name();
        e.displayName = d.displayName();
        e.carbonStartsAt = d.carbonStartsAt();
        e.carbonIntensity = d.carbonIntensity().stream().mapToDouble(Double::doubleValue).toArray();
        e.updatedAt = now;
    }

    public static Site toDomain(SiteEntity e) {
        return new Site(e.name, e.displayName, e.region, SiteTier.valueOf(e.tier), e.pue);
    }

    public static void copyInto(Site d, SiteEntity e, Instant now) {
        e.name = d.name();
        e.displayName = d.displayName();
        e.region = d.region();
        e.tier = d.tier().name();
        e.pue = d.pue();
        e.updatedAt = now;
    }

    public static SiteLatency toDomain(SiteLatencyEntity e) {
        return new SiteLatency(e.pair.siteA(), e.pair.siteB(), e.ms);
    }

    public static SiteLatencyEntity toEntity(SiteLatency d) {
        SiteLatency c = d.canonical();
        SiteLatencyEntity e = new SiteLatencyEntity();
        e.pair = new SiteLatencyEntity.Pair(c.from(), c.to());
        e.ms = c.ms();
        return e;
    }

    public static Node toDomain(NodeEntity e) {
        return new Node(
                e.name,
                e.site,
                e.cpuCores,
                e.memoryGiB,
                e.gpus,
                e.gpuModel,
                new UnitPrices(Decimals.plain(e.priceCpuCore), Decimals.plain(e.priceMemoryGiB), Decimals.plain(e.priceGpu)),
                new PowerDraw(e.powerCpuCoreWatts, e.powerGpuWatts),
                NodeState.valueOf(e.state));
    }

    public static void copyInto(Node d, NodeEntity e, Instant now) {
        e.name = d.name();
        e.site = d.site();
        e.cpuCores = d.cpuCores();
        e.memoryGiB = d.memoryGiB();
        e.gpus = d.gpus();
        e.gpuModel = d.gpuModel();
        e.priceCpuCore = d.pricePerHour().cpuCore();
        e.priceMemoryGiB = d.pricePerHour().memoryGiB();
        e.priceGpu = d.pricePerHour().gpu();
        e.powerCpuCoreWatts = d.powerWatts().cpuCore();
        e.powerGpuWatts = d.powerWatts().gpu();
        e.state = (d.state() == null ? NodeState.UP : d.state()).name();
        e.updatedAt = now;
    }

    public static Tenant toDomain(TenantEntity e) {
        return new Tenant(e.name, e.displayName, e.gpuQuota, e.cpuQuota);
    }

    public static void copyInto(Tenant d, TenantEntity e, Instant now) {
        e.name = d.name();
        e.displayName = d.displayName();
        e.gpuQuota = d.gpuQuota();
        e.cpuQuota = d.cpuQuota();
        e.updatedAt = now;
    }

    public static ExchangeSettings toDomain(ExchangeSettingsEntity e) {
        return new ExchangeSettings(
                e.slotMinutes, e.horizonHours, e.freezeSlots, Decimals.plain(e.carbonPricePerTonne), e.currency, e.timeZone);
    }

    public static void copyInto(ExchangeSettings d, ExchangeSettingsEntity e, Instant now) {
        e.slotMinutes = d.slotMinutes();
        e.horizonHours = d.horizonHours();
        e.freezeSlots = d.freezeSlots();
        e.carbonPricePerTonne = d.carbonPricePerTonne();
        e.currency = d.currency();
        e.timeZone = d.timeZone();
        e.updatedAt = now;
    }
}
