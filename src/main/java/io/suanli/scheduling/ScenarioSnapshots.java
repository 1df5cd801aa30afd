package io.suanli.scheduling;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.suanli.scenario.ScenarioDocument;
import io.suanli.scheduling.domain.JobSpec;
import io.suanli.scheduling.domain.NodeFact;
import io.suanli.scheduling.domain.SiteFact;
import io.suanli.scheduling.domain.PlanningSnapshot;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

/** Maps a {@code suanli-scenario/1} document to a {@link PlanningSnapshot}; a bad scenario fails as a whole. */
public final class ScenarioSnapshots {
    private ScenarioSnapshots() {}

    /** A JSON mapper for scenario and result files. */
    public static ObjectMapper mapper() {
        return new ObjectMapper().findAndRegisterModules()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true)
                .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false);
    }

    public static ScenarioDocument read(Path file) throws IOException {
        return mapper().readValue(file.toFile(), ScenarioDocument.class);
    }

    public static PlanningSnapshot fromScenario(ScenarioDocument doc) {
        if (!ScenarioDocument.FORMAT.equals(doc.format())) throw new IllegalArgumentException("format must be " + ScenarioDocument.FORMAT);
        int horizon = require(doc.horizonHours(), "horizonHours");
        PlanningSnapshot.Builder b = PlanningSnapshot.builder(doc.name(), horizon, require(doc.carbonPricePerTonne(), "carbonPricePerTonne").doubleValue());
        for (ScenarioDocument.Region r : list(doc.regions())) {
            b.region(r.id(), require(r.carbonIntensity(), "region " + r.id() + ".carbonIntensity").stream().mapToDouble(Double::doubleValue).toArray());
        }
        for (ScenarioDocument.Site s : list(doc.sites())) b.site(s.id(), s.region(), s.tier(), s.pue() == null ? 1.0 : s.pue());
        for (ScenarioDocument.Latency l : list(doc.latency())) b.latency(l.from(), l.to(), require(l.ms(), "latency.ms"));
        for (ScenarioDocument.Tenant t : list(doc.tenants())) {
            b.tenant(t.id(), t.gpuQuota() == null ? null : t.gpuQuota().longValue(), t.cpuQuota() == null ? null : t.cpuQuota().longValue());
        }
        for (ScenarioDocument.Node n : list(doc.nodes())) {
            String ctx = "node " + n.id();
            ScenarioDocument.Prices p = require(n.pricePerHour(), ctx + ".pricePerHour");
            ScenarioDocument.Power w = require(n.powerWatts(), ctx + ".powerWatts");
            b.node(n.id(), n.site(), require(n.cpuCores(), ctx + ".cpuCores"), require(n.memoryGiB(), ctx + ".memoryGiB"),
                    require(n.gpus(), ctx + ".gpus"), n.gpuModel(), dbl(p.cpuCore()), dbl(p.memoryGiB()), dbl(p.gpu()),
                    require(w.cpuCore(), ctx + ".powerWatts.cpuCore"), require(w.gpu(), ctx + ".powerWatts.gpu"));
        }
        for (ScenarioDocument.Job j : list(doc.jobs())) {
            String ctx = "job " + j.id();
            ScenarioDocument.Pinned pin = j.pinned();
            b.job(new JobSpec(j.id(), require(j.tenant(), ctx + ".tenant"), require(j.tasks(), ctx + ".tasks"),
                    require(j.cpuCores(), ctx + ".cpuCores"), require(j.memoryGiB(), ctx + ".memoryGiB"),
                    require(j.gpus(), ctx + ".gpus"), j.gpuModel(), require(j.durationHours(), ctx + ".durationHours"),
                    j.earliestStartHour(), j.deadlineHour(), require(j.priority(), ctx + ".priority"), j.dataSite(),
                    j.maxLatencyMs(), j.allowedRegions() == null ? null : new HashSet<>(j.allowedRegions()),
                    j.maxPricePerHour() == null ? null : j.maxPricePerHour().doubleValue(),
                    pin == null ? null : pin.startHour(), pin == null ? null : pin.nodes()));
        }
        return b.build();
    }

    /**
     * The inverse of {@link #fromScenario}: the snapshot as a scenario that {@code ./suanli solve}
     * reads, so a plan made in the service can be compared with an offline solve of the same problem.
     */
    public static ScenarioDocument toScenario(PlanningSnapshot snapshot, java.time.Instant startsAt, String description) {
        int horizon = snapshot.horizonHours();
        List<ScenarioDocument.Region> regions = snapshot.regions().stream().map(r -> {
            List<Double> intensity = new java.util.ArrayList<>(horizon);
            for (int h = 0; h < horizon; h++) intensity.add(r.intensityAt(h));
            return new ScenarioDocument.Region(r.id(), r.id(), intensity);
        }).toList();
        List<ScenarioDocument.Site> sites = snapshot.sites().stream()
                .map(s -> new ScenarioDocument.Site(s.id(), s.id(), s.region().id(), s.tier(), s.pue())).toList();
        List<ScenarioDocument.Latency> latency = new java.util.ArrayList<>();
        for (SiteFact a : snapshot.sites()) {
            for (SiteFact b : snapshot.sites()) {
                double ms = snapshot.latencyMs(a, b);
                if (a.index() < b.index() && !Double.isNaN(ms)) latency.add(new ScenarioDocument.Latency(a.id(), b.id(), ms));
            }
        }
        List<ScenarioDocument.Tenant> tenants = snapshot.tenants().stream().map(t -> new ScenarioDocument.Tenant(t.id(),
                t.hasGpuQuota() ? Math.toIntExact(t.gpuQuota()) : null, t.hasCpuQuota() ? Math.toIntExact(t.cpuQuota()) : null)).toList();
        List<ScenarioDocument.Node> nodes = snapshot.nodes().stream().map(n -> new ScenarioDocument.Node(n.id(), n.site().id(),
                n.cpuCores(), n.memoryGiB(), n.gpus(), n.gpuModel(),
                new ScenarioDocument.Prices(BigDecimal.valueOf(n.priceCpuCore()), BigDecimal.valueOf(n.priceMemoryGiB()),
                        BigDecimal.valueOf(n.priceGpu())),
                new ScenarioDocument.Power(n.wattsCpuCore(), n.wattsGpu()))).toList();
        List<ScenarioDocument.Job> jobs = snapshot.jobs().stream().map(j -> new ScenarioDocument.Job(j.id(), j.tenant().id(),
                j.tasks(), j.cpuCores(), j.memoryGiB(), j.gpus(), j.gpuModel(), j.durationHours(),
                j.earliestStartHour(), j.deadlineHour(), Math.toIntExact(j.priority()),
                j.dataSite() == null ? null : j.dataSite().id(), j.maxLatencyMs(),
                j.allowedRegions() == null ? null : new java.util.TreeSet<>(j.allowedRegions()).stream().toList(),
                j.maxPricePerHour() == null ? null : BigDecimal.valueOf(j.maxPricePerHour()),
                j.isPinned() ? new ScenarioDocument.Pinned(j.pinnedStartHour(), j.pinnedNodes().stream().map(NodeFact::id).toList())
                        : null)).toList();
        return new ScenarioDocument(ScenarioDocument.FORMAT, snapshot.name(), description, startsAt, horizon,
                BigDecimal.valueOf(snapshot.carbonPricePerTonne()), regions, sites, latency, tenants, nodes, jobs);
    }

    private static double dbl(BigDecimal d) {
        if (d == null) throw new IllegalArgumentException("a price is missing");
        return d.doubleValue();
    }

    private static <T> List<T> list(List<T> l) { return l == null ? List.of() : l; }

    private static <T> T require(T value, String what) {
        if (value == null) throw new IllegalArgumentException(what + " is missing");
        return value;
    }
}
