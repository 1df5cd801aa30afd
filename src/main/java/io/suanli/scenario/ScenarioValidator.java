package io.suanli.scenario;

import io.suanli.catalog.domain.CatalogRules;
import io.suanli.catalog.domain.Estate;
import io.suanli.catalog.domain.Node;
import io.suanli.catalog.domain.PowerDraw;
import io.suanli.catalog.domain.Region;
import io.suanli.catalog.domain.Site;
import io.suanli.catalog.domain.SiteLatency;
import io.suanli.catalog.domain.SiteTier;
import io.suanli.catalog.domain.Tenant;
import io.suanli.catalog.domain.UnitPrices;
import io.suanli.common.problem.FieldError;
import io.suanli.common.problem.ProblemException;
import io.suanli.common.problem.Violations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks a whole scenario before anything is stored and turns its estate into catalog values.
 * Every violation names the element at fault in the scenario's own terms, e.g.
 * {@code nodes[17].site: unknown site 'sh-ai-9'}.
 */
public final class ScenarioValidator {

    private ScenarioValidator() {}

    /** The estate of a valid scenario, with carbon series starting at {@code carbonStartsAt}. */
    public static Estate toEstate(ScenarioDocument doc, Instant carbonStartsAt) {
        Violations v = new Violations();
        checkHeader(doc, v);
        List<ScenarioDocument.Region> regions = list(doc.regions(), "regions", v, true);
        List<ScenarioDocument.Site> sites = list(doc.sites(), "sites", v, true);
        List<ScenarioDocument.Latency> latency = list(doc.latency(), "latency", v, false);
        List<ScenarioDocument.Tenant> tenants = list(doc.tenants(), "tenants", v, false);
        List<ScenarioDocument.Node> nodes = list(doc.nodes(), "nodes", v, true);

        Set<String> regionIds = uniqueIds(regions, "regions", ScenarioDocument.Region::id, v);
        Set<String> siteIds = uniqueIds(sites, "sites", ScenarioDocument.Site::id, v);
        uniqueIds(tenants, "tenants", ScenarioDocument.Tenant::id, v);
        uniqueIds(nodes, "nodes", ScenarioDocument.Node::id, v);
        uniqueIds(doc.jobs() == null ? List.of() : doc.jobs().stream().filter(java.util.Objects::nonNull).toList(),
                "jobs", ScenarioDocument.Job::id, v);

        List<Region> estateRegions = new ArrayList<>();
        for (int i = 0; i < regions.size(); i++) {
            ScenarioDocument.Region r = regions.get(i);
            String path = "regions[" + i + "]";
            Region region = new Region(r.id(), r.name(), carbonStartsAt, r.carbonIntensity());
            check(v, path, violations -> CatalogRules.checkRegion(region, path, violations));
            if (r.carbonIntensity() != null && doc.horizonHours() != null) {
                int size = r.carbonIntensity().size();
                if (size != 1 && size != doc.horizonHours()) {
                    v.add(path + ".carbonIntensity", "has " + size + " values; needs 1 or horizonHours (" + doc.horizonHours() + ")");
                }
            }
            estateRegions.add(region);
        }

        List<Site> estateSites = new ArrayList<>();
        for (int i = 0; i < sites.size(); i++) {
            ScenarioDocument.Site s = sites.get(i);
            String path = "sites[" + i + "]";
            SiteTier tier = tier(s.tier(), path + ".tier", v);
            Site site = new Site(s.id(), s.name(), s.region(), tier, s.pue());
            check(v, path, violations -> CatalogRules.checkSite(site, path, violations));
            if (s.region() != null && !regionIds.contains(s.region())) {
                v.add(path + ".region", "unknown region '" + s.region() + "'");
            }
            estateSites.add(site);
        }

        List<SiteLatency> estateLatency = new ArrayList<>();
        Map<String, Integer> pairs = new HashMap<>();
        for (int i = 0; i < latency.size(); i++) {
            ScenarioDocument.Latency l = latency.get(i);
            String path = "latency[" + i + "]";
            if (l.from() != null && l.from().equals(l.to()) && l.ms() != null && l.ms() == 0.0) {
                continue; // a site to itself is 0 by definition; harmless to state
            }
            SiteLatency pair = new SiteLatency(l.from(), l.to(), l.ms());
            check(v, path, violations -> CatalogRules.checkLatency(pair, path, violations));
            for (String end : new String[] {"from", "to"}) {
                String site = end.equals("from") ? l.from() : l.to();
                if (site != null && !siteIds.contains(site)) {
                    v.add(path + "." + end, "unknown site '" + site + "'");
                }
            }
            if (l.from() != null && l.to() != null) {
                SiteLatency canonical = pair.canonical();
                Integer earlier = pairs.putIfAbsent(canonical.from() + "\n" + canonical.to(), i);
                if (earlier != null) {
                    v.add(path, "duplicate pair " + l.from() + " <-> " + l.to() + " (also latency[" + earlier + "])");
                }
            }
            estateLatency.add(pair);
        }

        List<Tenant> estateTenants = new ArrayList<>();
        for (int i = 0; i < tenants.size(); i++) {
            ScenarioDocument.Tenant t = tenants.get(i);
            String path = "tenants[" + i + "]";
            Tenant tenant = new Tenant(t.id(), null, t.gpuQuota(), t.cpuQuota());
            check(v, path, violations -> CatalogRules.checkTenant(tenant, path, violations));
            estateTenants.add(tenant);
        }

        List<Node> estateNodes = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            ScenarioDocument.Node n = nodes.get(i);
            String path = "nodes[" + i + "]";
            Node node = new Node(n.id(), n.site(), n.cpuCores(), n.memoryGiB(), n.gpus(), n.gpuModel(),
                    n.pricePerHour() == null ? null
                            : new UnitPrices(n.pricePerHour().cpuCore(), n.pricePerHour().memoryGiB(), n.pricePerHour().gpu()),
                    n.powerWatts() == null ? null : new PowerDraw(n.powerWatts().cpuCore(), n.powerWatts().gpu()),
                    null);
            check(v, path, violations -> CatalogRules.checkNode(node, path, violations));
            if (n.site() != null && !siteIds.contains(n.site())) {
                v.add(path + ".site", "unknown site '" + n.site() + "'");
            }
            estateNodes.add(node);
        }
        v.throwIfAny();
        return new Estate(estateRegions, estateSites, estateLatency, estateNodes, estateTenants);
    }

    private static void checkHeader(ScenarioDocument doc, Violations v) {
        if (doc == null) {
            throw ProblemException.malformed("body", "a scenario JSON object is required");
        }
        if (!ScenarioDocument.FORMAT.equals(doc.format())) {
            v.add("format", "must be '" + ScenarioDocument.FORMAT + "', was " + (doc.format() == null ? "missing" : "'" + doc.format() + "'"));
        }
        if (doc.name() == null || doc.name().isBlank()) {
            v.add("name", "is required");
        }
        v.range("horizonHours", doc.horizonHours(), 1, 168);
        v.amount("carbonPricePerTonne", doc.carbonPricePerTonne(), CatalogRules.MAX_PRICE_DECIMALS, CatalogRules.MAX_UNIT_PRICE);
    }

    private static <T> List<T> list(List<T> list, String field, Violations v, boolean required) {
        if (list == null) {
            if (required) {
                v.add(field, "is required (an empty list is allowed)");
            }
            return List.of();
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) {
                v.add(field + "[" + i + "]", "must be an object, not null");
            }
        }
        return list.stream().filter(java.util.Objects::nonNull).toList();
    }

    private static <T> Set<String> uniqueIds(List<T> elements, String field, Function<T, String> id, Violations v) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < elements.size(); i++) {
            String value = id.apply(elements.get(i));
            if (value == null) {
                continue;
            }
            Integer earlier = seen.putIfAbsent(value, i);
            if (earlier != null) {
                v.add(field + "[" + i + "].id", "duplicate id '" + value + "' (also " + field + "[" + earlier + "])");
            }
        }
        return new HashSet<>(seen.keySet());
    }

    private static SiteTier tier(String tier, String path, Violations v) {
        if (tier == null) {
            return null;
        }
        try {
            return SiteTier.valueOf(tier);
        } catch (IllegalArgumentException e) {
            v.add(path, "'" + tier + "' is not one of GENERAL, SUPERCOMPUTING, INTELLIGENT, EDGE");
            return SiteTier.GENERAL; // keeps the other checks of this site running
        }
    }

    /**
     * Runs catalog rules on an element and reports them with the scenario's field names: the
     * catalog's {@code name} is the scenario's {@code id}, its {@code displayName} the scenario's
     * {@code name}.
     */
    private static void check(Violations v, String path, java.util.function.Consumer<Violations> rules) {
        Violations local = new Violations();
        rules.accept(local);
        for (FieldError error : local.errors()) {
            String field = error.field();
            if (field.equals(path + ".name")) {
                field = path + ".id";
            } else if (field.equals(path + ".displayName")) {
                field = path + ".name";
            }
            v.add(field, error.message());
        }
    }
}
