package io.pauz.garden.internal;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.pauz.api.garden.Garden;
import io.pauz.api.rest.PauzPrincipal;
import io.pauz.api.rest.PauzResource;
import io.pauz.support.Awaited;

/** {@code /garden}: the caller's garden, the installed themes and the caller's choice among them. */
@Component(service = GardenResource.class)
@PauzResource
@Path("garden")
@Produces(MediaType.APPLICATION_JSON)
public class GardenResource {
    /** Dynamic: while the service (or storage under it) restarts, the resource stays and answers 503. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile GardenServiceImpl service;

    public record ThemeInput(String themeId) {
    }

    static GardenServiceImpl available(java.util.function.Supplier<GardenServiceImpl> current) {
        return Awaited.required(current, "garden_unavailable", "the garden is unavailable right now; try again shortly");
    }

    @GET
    public Garden garden(@Context SecurityContext security) {
        String userId = PauzPrincipal.of(security).userId();
        return available(() -> service).garden(userId);
    }

    @GET
    @Path("themes")
    public GardenServiceImpl.ThemeList themes(@Context SecurityContext security) {
        String userId = PauzPrincipal.of(security).userId();
        return available(() -> service).themes(userId);
    }

    @PUT
    @Path("theme")
    @Consumes(MediaType.APPLICATION_JSON)
    public Garden chooseTheme(@Context SecurityContext security, ThemeInput input) {
        String userId = PauzPrincipal.of(security).userId();
        return available(() -> service).chooseTheme(userId, input == null ? null : input.themeId());
    }
}
