package io.suanli.catalog.rest;

import io.smallrye.mutiny.Uni;
import io.suanli.catalog.domain.ExchangeSettings;
import io.suanli.catalog.service.SettingsStore;
import io.suanli.security.Roles;
import jakarta.annotation.security.RolesAllowed;
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
// Writes are the operators'; reads as annotated per method.
@RolesAllowed(Roles.OPERATOR)
public class SettingsResource {

    private final SettingsStore store;

    public SettingsResource(SettingsStore store) {
        this.store = store;
    }

    @GET
    @RolesAllowed({Roles.TENANT, Roles.OPERATOR, Roles.BILLING, Roles.REGULATOR})
    public Uni<ExchangeSettings> get() {
        return store.get();
    }

    @PUT
    public Uni<ExchangeSettings> update(ExchangeSettings settings) {
        return store.update(settings);
    }
}
