package io.suanli.scheduling;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.suanli.scenario.ScenarioDocument;
import io.suanli.scheduling.domain.JobSpec;
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
