package io.suanli.demo;

import io.suanli.demo.SiteTemplate.ShapeWeight;
import io.suanli.demo.SiteTemplate.Tier;
import io.suanli.scenario.ScenarioDocument.Latency;
import io.suanli.scenario.ScenarioDocument.Node;
import io.suanli.scenario.ScenarioDocument.Power;
import io.suanli.scenario.ScenarioDocument.Prices;
import io.suanli.scenario.ScenarioDocument.Region;
import io.suanli.scenario.ScenarioDocument.Site;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Lays out the estate of the demo city: regions, sites, latency and nodes (no jobs yet). */
final class EstateGenerator {

    /** A larger estate grows by more sites per hub, not only by larger sites. */
    private static final int NODES_PER_SITE_COPY = 2500;
    private static final int TEMPLATES_PER_COPY = SiteTemplate.CITY_EDGE.size() + SiteTemplate.CENTRES.size();
    private static final BigDecimal AI_PREMIUM = new BigDecimal("1.12");
    private static final BigDecimal EDGE_PREMIUM = new BigDecimal("1.25");
    private static final BigDecimal HPC_DISCOUNT = new BigDecimal("0.97");

    private final CarbonCurves carbon;

    EstateGenerator(CarbonCurves carbon) {
        this.carbon = carbon;
    }

    /** The estate part of a scenario; the caller adds tenants and jobs. */
    Estate generate(DemoSettings settings, SplittableRandom random) {
        List<SiteTemplate> templates = siteTemplates(settings.nodes());
        if (settings.nodes() < templates.size()) {
            throw new IllegalArgumentException(
                    "nodes must be at least " + templates.size() + " (one per site), was " + settings.nodes());
        }
        List<Region> regions = new ArrayList<>();
        for (Hub hub : Hub.values()) {
            regions.add(new Region(hub.id, hub.displayName,
                    carbon.series(hub, settings.startsAt(), settings.horizonHours(), random.split())));
        }
        List<Site> sites = new ArrayList<>();
        List<LatencyModel.PlacedSite> placed = new ArrayList<>();
        List<Node> nodes = new ArrayList<>(settings.nodes());
        int[] siteNodes = Apportion.largestRemainder(settings.nodes(), weights(templates), 1);
        Map<Hub, Map<Tier, Integer>> counters = new EnumMap<>(Hub.class);
        for (int i = 0; i < templates.size(); i++) {
            SiteTemplate template = templates.get(i);
            int index = counters.computeIfAbsent(template.hub(), h -> new EnumMap<>(Tier.class))
                    .merge(template.tier(), 1, Integer::sum);
            String id = template.hub().id + "-" + template.tier().shortName + "-" + index;
            int copy = i / TEMPLATES_PER_COPY;
            String name = copy == 0 ? template.name() : template.name() + " #" + (copy + 1);
            sites.add(new Site(id, name, template.hub().id, template.tier().name(), pue(template, random)));
            placed.add(new LatencyModel.PlacedSite(id, template.hub()));
            addNodes(nodes, id, template, siteNodes[i], random);
        }
        List<Latency> latency = LatencyModel.between(placed, random.split());
        return new Estate(regions, sites, latency, nodes);
    }

    /** Every template once, and again for each further {@value #NODES_PER_SITE_COPY} nodes. */
    static List<SiteTemplate> siteTemplates(int nodes) {
        int copies = Math.max(1, nodes / NODES_PER_SITE_COPY);
        List<SiteTemplate> result = new ArrayList<>();
        for (int copy = 0; copy < copies; copy++) {
            result.addAll(SiteTemplate.CITY_EDGE);
            result.addAll(SiteTemplate.CENTRES);
        }
        return result;
    }

    private static int[] weights(List<SiteTemplate> templates) {
        return templates.stream().mapToInt(SiteTemplate::nodeWeight).toArray();
    }

    /** Western hubs run on free cooling; edge rooms are small and run warm. */
    private static double pue(SiteTemplate template, SplittableRandom random) {
        double base;
        if (template.tier() == Tier.EDGE) {
            base = 1.45 + 0.15 * random.nextDouble();
        } else if (template.hub().western) {
            base = 1.12 + 0.08 * random.nextDouble();
        } else {
            base = 1.22 + 0.12 * random.nextDouble();
        }
        if (template.tier() == Tier.SUPERCOMPUTING) {
            base += 0.03;
        }
        return Math.round(base * 100.0) / 100.0;
    }

    private static void addNodes(List<Node> nodes, String siteId, SiteTemplate template, int count,
            SplittableRandom random) {
        List<ShapeWeight> shapes = template.shapes();
        int[] perShape = Apportion.largestRemainder(count, shapes.stream().mapToInt(ShapeWeight::weight).toArray(), 0);
        // one price list per site: a site posts its prices per server model, not per machine
        double siteJitter = 0.95 + 0.10 * random.nextDouble();
        int serial = 0;
        for (int s = 0; s < shapes.size(); s++) {
            NodeShape shape = shapes.get(s).shape();
            Prices prices = prices(shape, template, siteJitter);
            Power power = new Power(shape.cpuCoreWatts, shape.gpuWatts());
            for (int k = 0; k < perShape[s]; k++) {
                serial++;
                nodes.add(new Node(String.format("%s-n%03d", siteId, serial), siteId, shape.cpuCores,
                        (double) shape.memoryGiB, shape.gpus, shape.gpuModel, prices, power));
            }
        }
    }

    static Prices prices(NodeShape shape, SiteTemplate template, double siteJitter) {
        BigDecimal factor = BigDecimal.valueOf(template.hub().priceFactor)
                .multiply(tierFactor(template.tier()))
                .multiply(BigDecimal.valueOf(siteJitter));
        BigDecimal cpu = BigDecimal.valueOf(NodeShape.CPU_CORE_PRICE).multiply(factor)
                .setScale(5, RoundingMode.HALF_EVEN);
        BigDecimal memory = BigDecimal.valueOf(NodeShape.MEMORY_GIB_PRICE).multiply(factor)
                .setScale(6, RoundingMode.HALF_EVEN);
        BigDecimal gpu = shape.gpus == 0
                ? BigDecimal.ZERO
                : BigDecimal.valueOf(shape.gpuPrice).multiply(factor).setScale(4, RoundingMode.HALF_EVEN);
        return new Prices(cpu, memory, gpu);
    }

    private static BigDecimal tierFactor(Tier tier) {
        return switch (tier) {
            case INTELLIGENT -> AI_PREMIUM;
            case EDGE -> EDGE_PREMIUM;
            case SUPERCOMPUTING -> HPC_DISCOUNT;
            case GENERAL -> BigDecimal.ONE;
        };
    }

    /** The generated estate, in scenario records. */
    record Estate(List<Region> regions, List<Site> sites, List<Latency> latency, List<Node> nodes) {}
}
