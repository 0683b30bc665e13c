package io.pauz.garden.internal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.pauz.api.rest.PauzPrincipal;
import io.pauz.api.rest.PauzResource;

/**
 * {@code /garden.svg}: the caller's garden as a picture. A root resource of its own because {@code garden.svg} is
 * a sibling of {@code garden}, not below it (the template {@code garden} only matches {@code garden} and
 * {@code garden/...}).
 */
@Component(service = GardenPictureResource.class)
@PauzResource
@Path("garden.svg")
public class GardenPictureResource {
    static final String SVG = "image/svg+xml";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile GardenServiceImpl service;

    @GET
    @Produces(SVG + ";charset=utf-8")
    public String svg(@Context SecurityContext security) {
        String userId = PauzPrincipal.of(security).userId();
        return GardenResource.available(() -> service).svg(userId);
    }
}
