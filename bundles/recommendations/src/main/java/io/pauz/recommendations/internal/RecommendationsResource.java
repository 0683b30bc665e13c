package io.pauz.recommendations.internal;

import jakarta.ws.rs.GET;
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

import io.pauz.api.rest.PauzPrincipal;
import io.pauz.api.rest.PauzResource;
import io.pauz.support.Awaited;

/** {@code /recommendations}: the caller's recommendations, and the profile they are derived from. */
@Component(service = RecommendationsResource.class)
@PauzResource
@Path("recommendations")
@Produces(MediaType.APPLICATION_JSON)
public class RecommendationsResource {
    /** Dynamic: while the service (or storage under it) restarts, the resource stays and answers 503. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile PersonalizationService service;

    private PersonalizationService personalization() {
        return Awaited.required(() -> service, "recommendations_unavailable", "recommendations are unavailable right now; try again shortly");
    }

    @GET
    public Recommendations recommendations(@Context SecurityContext security) {
        String userId = PauzPrincipal.of(security).userId();
        return personalization().recommendations(userId);
    }

    @GET
    @Path("profile")
    public Profile profile(@Context SecurityContext security) {
        String userId = PauzPrincipal.of(security).userId();
        return personalization().profile(userId);
    }
}
