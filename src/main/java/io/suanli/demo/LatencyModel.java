package io.suanli.demo;

import io.suanli.scenario.ScenarioDocument.Latency;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One-way latency between sites after the published East-Data-West-Computing figures: about
 * 1 ms inside the city, about 5 ms from the nearby Yangtze cluster, 10-25 ms between hubs.
 */
final class LatencyModel {

    /** Fixed cost of routers, switches and the last mile on a long-haul path. */
    private static final double LONG_HAUL_BASE_MS = 3.0;
    /** Light in fibre takes 5 us/km; real routes are about twice the great-circle distance. */
    private static final double MS_PER_KM = 0.0105;
    /** Routes to the western hubs are less direct and cross more IP hops. */
    private static final double WESTERN_DETOUR_MS = 2.0;
    private static final double HUB_MIN_MS = 10.0;
    private static final double HUB_MAX_MS = 25.0;

    private LatencyModel() {}

    /** One entry per unordered pair of sites, in the order of the site list. */
    static List<Latency> between(List<PlacedSite> sites, SplittableRandom random) {
        List<Latency> result = new ArrayList<>(sites.size() * (sites.size() - 1) / 2);
        for (int i = 0; i < sites.size(); i++) {
            for (int j = i + 1; j < sites.size(); j++) {
                PlacedSite a = sites.get(i);
                PlacedSite b = sites.get(j);
                double ms = Math.round(oneWayMs(a.hub(), b.hub(), random) * 10.0) / 10.0;
                result.add(new Latency(a.id(), b.id(), ms));
            }
        }
        return result;
    }

    private static double oneWayMs(Hub a, Hub b, SplittableRandom random) {
        if (a == b) {
            // inside one metro area or one cluster campus
            return a == Hub.CITY ? 0.6 + 0.6 * random.nextDouble() : 0.8 + 1.2 * random.nextDouble();
        }
        if (isCityAndYangtze(a, b)) {
            return 4.5 + random.nextDouble();
        }
        double ms = LONG_HAUL_BASE_MS + a.distanceKm(b) * MS_PER_KM;
        if (a.western || b.western) {
            ms += WESTERN_DETOUR_MS;
        }
        ms += random.nextDouble() - 0.5;
        return Math.max(HUB_MIN_MS, Math.min(HUB_MAX_MS, ms));
    }

    private static boolean isCityAndYangtze(Hub a, Hub b) {
        return (a == Hub.CITY && b == Hub.YANGTZE) || (a == Hub.YANGTZE && b == Hub.CITY);
    }

    /** A site as laid out by the generator, with the hub that fixes its position. */
    record PlacedSite(String id, Hub hub) {}
}
