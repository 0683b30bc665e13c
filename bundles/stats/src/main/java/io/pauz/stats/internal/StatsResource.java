package io.pauz.stats.internal;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
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

/** {@code GET /stats?from=&to=}: the caller's own statistics over local dates (inclusive) in their time zone. */
@Component(service = StatsResource.class)
@PauzResource
@Path("stats")
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {
    /** Dynamic: while the service (or storage under it) restarts, the resource stays and answers 503. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile StatsService service;

    static StatsService available(java.util.function.Supplier<StatsService> current) {
        return Awaited.required(current, "stats_unavailable", "statistics are unavailable right now; try again shortly");
    }

    @GET
    public Map<String, Object> stats(@Context SecurityContext security, @QueryParam("from") String from,
            @QueryParam("to") String to) {
        String userId = PauzPrincipal.of(security).userId();
        return available(() -> service).stats(userId, from, to);
    }
}
