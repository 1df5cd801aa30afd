package io.suanli.catalog.rest;

import io.smallrye.mutiny.Uni;
import io.suanli.catalog.domain.ExchangeSettings;
import io.suanli.catalog.service.SettingsStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The exchange settings: slot length, horizon, freeze window, carbon price, currency, time zone. */
@Path("/api/v1/settings")
@Tag(name = "catalog")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SettingsResource {

    private final SettingsStore store;

    public SettingsResource(SettingsStore store) {
        this.store = store;
    }

    @GET
    public Uni<ExchangeSettings> get() {
        return store.get();
    }

    @PUT
    public Uni<ExchangeSettings> update(ExchangeSettings settings) {
        return store.update(settings);
    }
}
