package io.suanli.demo;

import io.suanli.demo.EstateIndex.NodeGroup;
import io.suanli.scenario.ScenarioDocument.Job;
import io.suanli.scenario.ScenarioDocument.Site;
import io.suanli.scenario.ScenarioDocument.Tenant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Makes one department job of a kind that is placeable by construction: it first draws a group
 * of nodes the job could run on, then sizes the job and its rules (residency, latency, bid,
 * quota) so that this group satisfies all of them.
 */
final class JobFactory {

    /** Patient data may not leave the city and its own delta region. */
    static final List<String> HEALTH_REGIONS = List.of(Hub.CITY.id, Hub.YANGTZE.id);
    private static final String EDGE = SiteTemplate.Tier.EDGE.name();

    private final EstateIndex estate;
    private final Map<JobKind, List<NodeGroup>> hosts = new EnumMap<>(JobKind.class);
    private final List<NodeGroup> anyHost;
    private final List<Site> edgeSites;

    JobFactory(EstateIndex estate) {
        this.estate = estate;
        this.edgeSites = estate.sites(s -> EDGE.equals(s.tier()));
        List<String> edgeRegions = edgeSites.stream().map(Site::region).distinct().toList();
        List<String> healthRegions = HEALTH_REGIONS.stream().filter(estate::hasRegion).toList();
        hosts.put(JobKind.TRANSPORT_VIDEO, gpuHosts(JobKind.TRANSPORT_VIDEO,
                g -> g.gpus() > 0 && edgeRegions.contains(g.region())));
        hosts.put(JobKind.HEALTH_AI, gpuHosts(JobKind.HEALTH_AI,
                g -> g.gpus() > 0 && healthRegions.contains(g.region()) && !edgeSites.isEmpty()));
        hosts.put(JobKind.TRAINING, gpuHosts(JobKind.TRAINING, g -> g.gpus() >= 4 && "INTELLIGENT".equals(g.tier())));
        hosts.put(JobKind.TWIN_HPC, estate.groups(g -> g.gpus() == 0 && "SUPERCOMPUTING".equals(g.tier())));
        hosts.put(JobKind.BATCH_ANALYTICS, estate.groups(g -> g.gpus() == 0 && "GENERAL".equals(g.tier())
                && isWestern(g.region())));
        hosts.put(JobKind.CARBON_TRACKING, estate.groups(g -> g.gpus() == 0));
        this.anyHost = estate.groups(g -> true);
    }

    /** GPU kinds need a tenant whose GPU quota admits at least one GPU. */
    private List<NodeGroup> gpuHosts(JobKind kind, Predicate<NodeGroup> filter) {
        Tenant tenant = estate.tenant(kind.tenant);
        if (tenant != null && tenant.gpuQuota() != null && tenant.gpuQuota() < 1) {
            return List.of();
        }
        return estate.groups(filter);
    }

    private static boolean isWestern(String region) {
        for (Hub hub : Hub.values()) {
            if (hub.id.equals(region)) {
                return hub.western;
            }
        }
        return false;
    }

    /** A job of this kind, or of a simpler kind when the estate has no host for it. */
    Job create(String id, JobKind kind, int horizonHours, SplittableRandom random) {
        JobKind actual = kind;
        if (hosts.get(actual).isEmpty()) {
            actual = hosts.get(JobKind.BATCH_ANALYTICS).isEmpty() ? JobKind.CARBON_TRACKING : JobKind.BATCH_ANALYTICS;
        }
        List<NodeGroup> candidates = hosts.get(actual).isEmpty() ? anyHost : hosts.get(actual);
        NodeGroup host = pickByNodeCount(candidates, random);
        JobDraft draft = switch (actual) {
            case TRANSPORT_VIDEO -> transport(host, random);
            case HEALTH_AI -> health(host, random);
            case TRAINING -> training(host, random);
            case TWIN_HPC -> twin(host, random);
            case BATCH_ANALYTICS -> batch(host, random);
            case CARBON_TRACKING -> carbonTracking(host, random);
        };
        return draft.withinQuota(estate.tenant(actual.tenant)).toJob(id, actual.tenant, horizonHours, random);
    }

    /** Larger groups host proportionally more work, so demand follows capacity. */
    private static NodeGroup pickByNodeCount(List<NodeGroup> groups, SplittableRandom random) {
        int total = 0;
        for (NodeGroup g : groups) {
            total += g.count();
        }
        int target = random.nextInt(total);
        for (NodeGroup g : groups) {
            target -= g.count();
            if (target < 0) {
                return g;
            }
        }
        return groups.get(groups.size() - 1);
    }

    private JobDraft transport(NodeGroup host, SplittableRandom random) {
        JobDraft d = new JobDraft(1, 4 + 2 * random.nextInt(3), 16 + 16 * random.nextInt(2), 1, host);
        d.modelFree = random.nextDouble() < 0.5;
        d.duration(1 + random.nextInt(3)).slack(random.nextInt(3)).priority(50 + random.nextInt(41));
        List<Site> local = edgeSites.stream().filter(s -> s.region().equals(host.region())).toList();
        List<Site> cameras = local.stream().filter(s -> named(s, "traffic") || named(s, "metro")).toList();
        List<Site> from = cameras.isEmpty() ? local : cameras;
        Site data = from.get(random.nextInt(from.size()));
        d.dataSite(data, latencyToHost(data, host), 2.0, 0.5);
        if (random.nextDouble() < 0.3) {
            d.bid(1.1 + 0.4 * random.nextDouble());
        }
        return d;
    }

    private JobDraft health(NodeGroup host, SplittableRandom random) {
        int gpus = Math.min(host.gpus(), 1 << random.nextInt(3));
        JobDraft d = new JobDraft(1 + random.nextInt(Math.min(2, host.count())), 8 * gpus, 64 * gpus, gpus, host);
        d.modelFree = random.nextDouble() < 0.3;
        d.duration(1 + random.nextInt(4)).slack(random.nextInt(5)).priority(60 + random.nextInt(36));
        List<Site> hospitals = edgeSites.stream().filter(s -> named(s, "hospital")).toList();
        List<Site> from = hospitals.isEmpty() ? edgeSites : hospitals;
        Site data = from.get(random.nextInt(from.size()));
        d.dataSite(data, latencyToHost(data, host), 5.0, 2.0);
        d.allowedRegions = HEALTH_REGIONS.stream().filter(estate::hasRegion).toList();
        return d;
    }

    private JobDraft training(NodeGroup host, SplittableRandom random) {
        int gpus = random.nextDouble() < 0.7 ? host.gpus() : host.gpus() / 2;
        int cores = host.cpuCores() * gpus / host.gpus();
        double memory = Math.floor(host.memoryGiB() * gpus / host.gpus());
        int tasks = 2 + random.nextInt(Math.max(1, Math.min(7, host.count() - 1)));
        JobDraft d = new JobDraft(Math.min(tasks, host.count()), cores, memory, gpus, host);
        d.modelFree = random.nextDouble() < 0.15;
        d.duration(4 + random.nextInt(13)).slack(random.nextInt(24)).priority(30 + random.nextInt(61));
        if (random.nextDouble() < 0.4) {
            d.bid(1.05 + 0.5 * random.nextDouble());
        }
        return d;
    }

    private JobDraft twin(NodeGroup host, SplittableRandom random) {
        int quarters = 2 + random.nextInt(3);
        int cores = host.cpuCores() * quarters / 4;
        double memory = Math.floor(host.memoryGiB() * quarters / 4);
        JobDraft d = new JobDraft(Math.min(2 + random.nextInt(5), host.count()), cores, memory, 0, host);
        d.duration(2 + random.nextInt(5)).slack(random.nextInt(8)).priority(40 + random.nextInt(41));
        return d;
    }

    private JobDraft batch(NodeGroup host, SplittableRandom random) {
        int cores = Math.min(host.cpuCores(), 16 * (1 + random.nextInt(4)));
        JobDraft d = new JobDraft(Math.min(1 + random.nextInt(3), host.count()), cores,
                Math.min(host.memoryGiB(), cores * 4.0), 0, host);
        d.duration(2 + random.nextInt(7)).flexible().priority(5 + random.nextInt(26));
        if (random.nextDouble() < 0.8) {
            // a bid just above western prices: the eastern premium sites are out of reach
            d.bid(1.02 + 0.2 * random.nextDouble());
        }
        return d;
    }

    private JobDraft carbonTracking(NodeGroup host, SplittableRandom random) {
        int cores = Math.min(host.cpuCores(), 4 << random.nextInt(3));
        JobDraft d = new JobDraft(1, cores, Math.min(host.memoryGiB(), cores * 4.0), 0, host);
        d.duration(1 + random.nextInt(2)).slack(random.nextInt(7)).priority(10 + random.nextInt(31));
        if (!edgeSites.isEmpty() && random.nextDouble() < 0.5) {
            List<Site> sensors = edgeSites.stream().filter(s -> named(s, "environment")).toList();
            List<Site> from = sensors.isEmpty() ? edgeSites : sensors;
            Site data = from.get(random.nextInt(from.size()));
            d.dataSite(data, latencyToHost(data, host), 30.0, 1.0);
        }
        return d;
    }

    /** Edge sites are told apart by their role in the name; any estate without them still works. */
    private static boolean named(Site site, String role) {
        return site.name() != null && site.name().contains(role);
    }

    /** The latency of the data site to the host's site, for the latency bound. */
    private double latencyToHost(Site dataSite, NodeGroup host) {
        return estate.latencyMs(dataSite.id(), host.site().id());
    }
}
