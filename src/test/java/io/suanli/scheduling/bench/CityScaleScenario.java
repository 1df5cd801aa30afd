package io.suanli.scheduling.bench;

import io.suanli.scenario.ScenarioDocument;
import io.suanli.scheduling.ScenarioSnapshots;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic generator of city-scale scenarios for the solver's scale benchmark (not a demo
 * city): {@code CityScaleScenario JOBS NODES HOURS SEED OUT.json}. Eight regions in the east-west
 * pattern, sites of about 200 nodes, GPU and CPU nodes, gangs, windows, latency, residency, price
 * caps and tenant quotas in roughly the proportions of the public scenarios.
 */
public final class CityScaleScenario {
    private static final String[] REGIONS = {"jing-jin-ji", "yangtze", "greater-bay", "cheng-yu", "inner-mongolia", "guizhou", "gansu", "ningxia"};
    private static final double[] CARBON = {678, 562, 387, 227, 685, 540, 586, 586};
    private static final boolean[] EAST = {true, true, true, true, false, false, false, false};
    private static final String[] MODELS = {"H100", "A100", "L40S", "Ascend910B"};
    private static final int[] MODEL_GPUS = {8, 8, 4, 8};
    private static final double[] MODEL_PRICE = {22.0, 12.0, 9.0, 10.0};
    private static final double[] MODEL_WATTS = {650, 400, 350, 400};
    private static final String[] TENANTS = {"transport", "health", "ai-lab", "planning", "statistics", "public-safety"};

    private CityScaleScenario() {}

    public static void main(String[] args) throws Exception {
        int jobs = Integer.parseInt(args[0]), nodes = Integer.parseInt(args[1]), hours = Integer.parseInt(args[2]);
        long seed = Long.parseLong(args[3]);
        ScenarioDocument doc = generate(jobs, nodes, hours, seed);
        ScenarioSnapshots.mapper().writeValue(Path.of(args[4]).toFile(), doc);
        System.out.println("wrote " + args[4] + ": " + doc.nodes().size() + " nodes, " + doc.jobs().size() + " jobs, " + doc.sites().size() + " sites");
    }

    public static ScenarioDocument generate(int jobCount, int nodeCount, int hours, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<ScenarioDocument.Region> regions = new ArrayList<>();
        for (int r = 0; r < REGIONS.length; r++) {
            List<Double> curve = new ArrayList<>();
            for (int h = 0; h < hours; h++) {
                double solar = Math.max(0, Math.sin(Math.PI * ((h % 24) - 6) / 12.0));
                curve.add(round(CARBON[r] * (1.1 - 0.25 * solar), 1));
            }
            regions.add(new ScenarioDocument.Region(REGIONS[r], REGIONS[r], curve));
        }
        int siteCount = Math.max(REGIONS.length, nodeCount / 200);
        List<ScenarioDocument.Site> sites = new ArrayList<>();
        String[] tiers = {"GENERAL", "SUPERCOMPUTING", "INTELLIGENT", "EDGE"};
        for (int p = 0; p < siteCount; p++) {
            int r = p % REGIONS.length;
            String tier = tiers[p % tiers.length];
            sites.add(new ScenarioDocument.Site("s" + p + "-" + REGIONS[r], null, REGIONS[r], tier, round(EAST[r] ? 1.3 + 0.1 * rnd.nextDouble() : 1.1 + 0.1 * rnd.nextDouble(), 2)));
        }
        List<ScenarioDocument.Latency> latency = new ArrayList<>();
        for (int a = 0; a < siteCount; a++) {
            for (int b = a + 1; b < siteCount; b++) {
                int ra = a % REGIONS.length, rb = b % REGIONS.length;
                double ms = ra == rb ? 1 + rnd.nextInt(4) : (EAST[ra] == EAST[rb] ? 8 + rnd.nextInt(10) : 15 + rnd.nextInt(25));
                if (ra != rb && rnd.nextInt(20) == 0) continue;
                latency.add(new ScenarioDocument.Latency(sites.get(a).id(), sites.get(b).id(), ms));
            }
        }
        List<ScenarioDocument.Tenant> tenants = new ArrayList<>();
        List<ScenarioDocument.Node> nodes = new ArrayList<>();
        long totalGpus = 0, totalCpu = 0;
        for (int n = 0; n < nodeCount; n++) {
            int p = n % siteCount;
            ScenarioDocument.Site site = sites.get(p);
            boolean west = !EAST[p % REGIONS.length];
            double discount = west ? 0.75 : 1.0;
            if (rnd.nextInt(10) < 4) {
                int m = (p + rnd.nextInt(2)) % MODELS.length;
                nodes.add(new ScenarioDocument.Node(String.format("%s-n%05d", site.id(), n), site.id(), 96, 1024.0, MODEL_GPUS[m], MODELS[m],
                        new ScenarioDocument.Prices(money(0.05 * discount), money(0.006 * discount), money(MODEL_PRICE[m] * discount)),
                        new ScenarioDocument.Power(6.0, MODEL_WATTS[m])));
                totalGpus += MODEL_GPUS[m];
                totalCpu += 96;
            } else {
                nodes.add(new ScenarioDocument.Node(String.format("%s-n%05d", site.id(), n), site.id(), 128, 512.0, 0, null,
                        new ScenarioDocument.Prices(money(0.04 * discount), money(0.005 * discount), money(0)),
                        new ScenarioDocument.Power(7.0, 0.0)));
                totalCpu += 128;
            }
        }
        for (int t = 0; t < TENANTS.length; t++) {
            Integer gpuQuota = t < 3 ? (int) (totalGpus * (0.2 + 0.1 * t)) : null;
            Integer cpuQuota = t == 4 ? (int) (totalCpu * 0.3) : null;
            tenants.add(new ScenarioDocument.Tenant(TENANTS[t], gpuQuota, cpuQuota));
        }
        List<ScenarioDocument.Job> jobs = new ArrayList<>();
        for (int j = 0; j < jobCount; j++) {
            boolean gpu = rnd.nextInt(10) < 4;
            int tasks = rnd.nextInt(10) < 7 ? 1 : 2 + rnd.nextInt(7);
            int duration = 1 + rnd.nextInt(Math.min(12, hours));
            int earliest = rnd.nextInt(Math.max(1, hours - duration));
            int deadline = Math.min(hours, earliest + duration + rnd.nextInt(hours));
            int gpus = gpu ? new int[] {1, 1, 2, 4, 8}[rnd.nextInt(5)] : 0;
            String model = gpu && rnd.nextInt(3) == 0 ? MODELS[rnd.nextInt(MODELS.length)] : null;
            if (model != null) gpus = Math.min(gpus, MODEL_GPUS[java.util.Arrays.asList(MODELS).indexOf(model)]);
            int cpu = gpu ? 4 * Math.max(1, gpus) : new int[] {2, 4, 8, 16, 32}[rnd.nextInt(5)];
            double mem = cpu * 4.0;
            String dataSite = null;
            Double maxLatency = null;
            if (rnd.nextInt(10) < 3) {
                dataSite = sites.get(rnd.nextInt(siteCount)).id();
                maxLatency = (double) new int[] {5, 10, 20, 40}[rnd.nextInt(4)];
            }
            List<String> allowed = null;
            if (rnd.nextInt(10) < 2) {
                int r = rnd.nextInt(REGIONS.length);
                allowed = List.of(REGIONS[r], REGIONS[(r + 1) % REGIONS.length]);
            }
            BigDecimal cap = null;
            if (rnd.nextInt(10) == 0) cap = money(tasks * (gpus * 20.0 + cpu * 0.06 + mem * 0.008));
            jobs.add(new ScenarioDocument.Job(String.format("j-%06d", j + 1), TENANTS[rnd.nextInt(TENANTS.length)], tasks, cpu, mem, gpus,
                    model, duration, earliest, deadline, 1 + rnd.nextInt(100), dataSite, maxLatency, allowed, cap, null));
        }
        return new ScenarioDocument(ScenarioDocument.FORMAT, "city-scale-" + jobCount + "x" + nodeCount + "x" + hours + "-s" + seed,
                "generated by CityScaleScenario for the solver scale benchmark", null, hours, BigDecimal.valueOf(200), regions, sites,
                latency, tenants, nodes, jobs);
    }

    private static BigDecimal money(double d) {
        return BigDecimal.valueOf(d).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
    }

    private static double round(double d, int places) {
        return BigDecimal.valueOf(d).setScale(places, RoundingMode.HALF_UP).doubleValue();
    }
}
