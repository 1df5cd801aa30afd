package io.suanli.catalog.domain;

import io.suanli.common.problem.Violations;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;

/**
 * The rules every estate object keeps, whether it comes from the REST API or a scenario.
 * References between objects (a node's site) are checked by whoever knows the other objects.
 */
public final class CatalogRules {

    public static final int MAX_PRICE_DECIMALS = 6;
    public static final BigDecimal MAX_UNIT_PRICE = new BigDecimal("1000000");
    public static final int MAX_CPU_CORES = 100_000;
    public static final double MAX_MEMORY_GIB = 1_000_000;
    public static final int MAX_GPUS = 1024;
    public static final double MAX_WATTS = 100_000;
    public static final double MAX_PUE = 5.0;
    public static final double MAX_LATENCY_MS = 10_000;
    public static final double MAX_CARBON_INTENSITY = 5_000;
    public static final int MAX_CARBON_HOURS = 87_600;

    private CatalogRules() {}

    public static void checkRegion(Region region, String path, Violations v) {
        v.name(at(path, "name"), region.name());
        checkDisplayName(region.displayName(), path, v);
        checkCarbonSeries(region.carbonIntensity(), at(path, "carbonIntensity"), v);
    }

    public static void checkCarbonSeries(List<Double> series, String path, Violations v) {
        if (!v.required(path, series)) {
            return;
        }
        if (series.isEmpty() || series.size() > MAX_CARBON_HOURS) {
            v.add(path, "needs 1 to " + MAX_CARBON_HOURS + " hourly values, has " + series.size());
            return;
        }
        for (int h = 0; h < series.size(); h++) {
            if (!v.range(path + "[" + h + "]", series.get(h), 0, MAX_CARBON_INTENSITY)) {
                return;
            }
        }
    }

    public static void checkSite(Site site, String path, Violations v) {
        v.name(at(path, "name"), site.name());
        checkDisplayName(site.displayName(), path, v);
        v.required(at(path, "region"), site.region());
        v.required(at(path, "tier"), site.tier());
        v.range(at(path, "pue"), site.pue(), 1.0, MAX_PUE);
    }

    public static void checkLatency(SiteLatency latency, String path, Violations v) {
        v.required(at(path, "from"), latency.from());
        v.required(at(path, "to"), latency.to());
        v.range(at(path, "ms"), latency.ms(), 0, MAX_LATENCY_MS);
        if (latency.from() != null && latency.from().equals(latency.to())) {
            v.add(at(path, "to"), "a site's latency to itself is always 0 and is not stored");
        }
    }

    public static void checkNode(Node node, String path, Violations v) {
        v.name(at(path, "name"), node.name());
        v.required(at(path, "site"), node.site());
        v.range(at(path, "cpuCores"), node.cpuCores(), 0, MAX_CPU_CORES);
        v.range(at(path, "memoryGiB"), node.memoryGiB(), 0, MAX_MEMORY_GIB);
        if (v.range(at(path, "gpus"), node.gpus(), 0, MAX_GPUS)) {
            if (node.gpus() > 0 && node.gpuModel() == null) {
                v.add(at(path, "gpuModel"), "is required when gpus > 0");
            } else if (node.gpus() == 0 && node.gpuModel() != null) {
                v.add(at(path, "gpuModel"), "must be null when gpus = 0");
            }
        }
        if (node.gpuModel() != null) {
            v.name(at(path, "gpuModel"), node.gpuModel());
        }
        if (v.required(at(path, "pricePerHour"), node.pricePerHour())) {
            UnitPrices p = node.pricePerHour();
            v.amount(at(path, "pricePerHour.cpuCore"), p.cpuCore(), MAX_PRICE_DECIMALS, MAX_UNIT_PRICE);
            v.amount(at(path, "pricePerHour.memoryGiB"), p.memoryGiB(), MAX_PRICE_DECIMALS, MAX_UNIT_PRICE);
            v.amount(at(path, "pricePerHour.gpu"), p.gpu(), MAX_PRICE_DECIMALS, MAX_UNIT_PRICE);
        }
        if (v.required(at(path, "powerWatts"), node.powerWatts())) {
            v.range(at(path, "powerWatts.cpuCore"), node.powerWatts().cpuCore(), 0, MAX_WATTS);
            v.range(at(path, "powerWatts.gpu"), node.powerWatts().gpu(), 0, MAX_WATTS);
        }
    }

    public static void checkTenant(Tenant tenant, String path, Violations v) {
        v.dnsLabel(at(path, "name"), tenant.name());
        checkDisplayName(tenant.displayName(), path, v);
        if (tenant.gpuQuota() != null) {
            v.range(at(path, "gpuQuota"), tenant.gpuQuota(), 0, Integer.MAX_VALUE);
        }
        if (tenant.cpuQuota() != null) {
            v.range(at(path, "cpuQuota"), tenant.cpuQuota(), 0, Integer.MAX_VALUE);
        }
    }

    public static void checkSettings(ExchangeSettings s, String path, Violations v) {
        String prefix = path.isEmpty() ? "" : at(path, "");
        v.range(at(path, "slotMinutes"), s.slotMinutes(), 1, 1440);
        v.range(at(path, "horizonHours"), s.horizonHours(), 1, 168);
        v.range(at(path, "freezeSlots"), s.freezeSlots(), 0, 168);
        v.amount(at(path, "carbonPricePerTonne"), s.carbonPricePerTonne(), MAX_PRICE_DECIMALS, MAX_UNIT_PRICE);
        if (v.required(at(path, "currency"), s.currency())) {
            try {
                if (!s.currency().equals(Currency.getInstance(s.currency()).getCurrencyCode())) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                v.add(at(path, "currency"), "'" + s.currency() + "' is not an ISO 4217 currency code");
            }
        }
        if (v.required(at(path, "timeZone"), s.timeZone())) {
            try {
                ZoneId.of(s.timeZone());
            } catch (RuntimeException e) {
                v.add(at(path, "timeZone"), "'" + s.timeZone() + "' is not a time zone id");
            }
        }
    }

    /** The path of {@code field} inside the element at {@code path} ("" for a request body). */
    public static String at(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static void checkDisplayName(String displayName, String path, Violations v) {
        if (displayName != null && displayName.length() > 200) {
            v.add(at(path, "displayName"), "is longer than 200 characters");
        }
    }
}
