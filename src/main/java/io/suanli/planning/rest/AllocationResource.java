package io.suanli.planning.rest;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.suanli.planning.service.AllocationService;
import io.suanli.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** The estate's allocation by region, site and node, and a stream of its changes. */
@RolesAllowed({Roles.OPERATOR, Roles.REGULATOR})
@Path("/api/v1/allocation")
@Tag(name = "scheduling")
@Produces(MediaType.APPLICATION_JSON)
public class AllocationResource {

    private static final Duration STREAM_INTERVAL = Duration.ofSeconds(2);

    /** Regions and sites whose figures changed since the last event (the first event has them all). */
    public record AllocationDelta(java.time.Instant slotZero, List<AllocationService.Unit> regions, List<AllocationService.Unit> sites) {}

    private final AllocationService allocation;

    public AllocationResource(AllocationService allocation) {
        this.allocation = allocation;
    }

    @GET
    @Operation(summary = "Capacity, use now and planned use per slot, by region and site (and by node with ?nodes=SITE or ?nodes=*)")
    public Uni<AllocationService.Allocation> current(@QueryParam("nodes") String nodesOfSite) {
        return allocation.current(nodesOfSite);
    }

    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Server-sent events: the regions and sites whose allocation changed, every 2 s at most")
    public Multi<AllocationDelta> stream() {
        Map<String, AllocationService.Unit> last = new HashMap<>();
        return Multi.createFrom().ticks().every(STREAM_INTERVAL)
                .onItem().transformToUniAndConcatenate(tick -> allocation.current(null))
                .map(a -> new AllocationDelta(a.slotZero(), changed(last, "r:", a.regions()), changed(last, "s:", a.sites())))
                .filter(d -> !d.regions().isEmpty() || !d.sites().isEmpty());
    }

    private static List<AllocationService.Unit> changed(Map<String, AllocationService.Unit> last, String kind,
            List<AllocationService.Unit> units) {
        List<AllocationService.Unit> out = new ArrayList<>();
        for (AllocationService.Unit u : units) {
            AllocationService.Unit before = last.put(kind + u.name(), u);
            if (before == null || !same(before, u)) out.add(u);
        }
        return out;
    }

    private static boolean same(AllocationService.Unit a, AllocationService.Unit b) {
        return Objects.equals(a.capacity(), b.capacity()) && Objects.equals(a.usedNow(), b.usedNow())
                && Arrays.equals(a.plannedCpuCores(), b.plannedCpuCores()) && Arrays.equals(a.plannedGpus(), b.plannedGpus());
    }
}
