package io.suanli.dashboard.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.suanli.dashboard.model.DashboardEvent;
import io.suanli.dashboard.service.DashboardConfig;
import io.suanli.dashboard.service.DashboardFeed;
import io.suanli.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The dashboard's live stream (server-sent events). The page reads it with {@code fetch} rather
 * than {@code EventSource}, so the same request can carry an {@code Authorization} header once
 * authentication exists; a keep-alive comment every {@code suanli.dashboard.keep-alive} lets both
 * sides notice a dead connection.
 */
@RolesAllowed({Roles.OPERATOR, Roles.REGULATOR})
@Path("/api/v1/dashboard/stream")
@Tag(name = "dashboard")
public class DashboardStreamResource {

    private final DashboardFeed feed;
    private final ObjectMapper json;
    private final DashboardConfig config;

    public DashboardStreamResource(DashboardFeed feed, ObjectMapper json, DashboardConfig config) {
        this.feed = feed;
        this.json = json;
        this.config = config;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Live changes for the dashboard: hello, jobs (changed jobs), plans, catalog, resync")
    public Multi<OutboundSseEvent> stream(@Context Sse sse) {
        Multi<OutboundSseEvent> events = feed.subscribe().map(e -> sse.newEventBuilder()
                .name(e.type()).mediaType(MediaType.APPLICATION_JSON_TYPE).data(String.class, write(e)).build());
        Multi<OutboundSseEvent> keepAlive = Multi.createFrom().ticks().every(config.keepAlive())
                .map(tick -> sse.newEventBuilder().comment("keep-alive").build());
        return Multi.createBy().merging().streams(events, keepAlive);
    }

    private String write(DashboardEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
