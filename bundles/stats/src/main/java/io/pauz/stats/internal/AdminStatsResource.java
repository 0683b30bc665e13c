package io.pauz.stats.internal;

import java.util.Map;

import jakarta.ws.rs.POST;
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

import io.pauz.api.rest.ApiException;
import io.pauz.api.rest.ErrorCodes;
import io.pauz.api.rest.PauzAdminResource;
import io.pauz.api.rest.PauzPrincipal;
import io.pauz.support.Ids;

/**
 * Operator endpoints (admin token): {@code POST /admin/stats/rebuild[?user=]} recomputes the rollups from the journal
 * and the guided sessions; {@code POST /admin/stats/reports[?user=]} writes the periodic reports now.
 */
@Component(service = AdminStatsResource.class)
@PauzAdminResource
@Path("admin/stats")
@Produces(MediaType.APPLICATION_JSON)
public class AdminStatsResource {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile StatsService service;

    private static void operator(SecurityContext security) {
        // the admin filter guards admin/ already; this keeps the resource safe should the filter be missing
        if (!(security != null && security.getUserPrincipal() instanceof PauzPrincipal p && p.admin())) {
            throw new ApiException(403, ErrorCodes.FORBIDDEN, "operators only");
        }
    }

    @POST
    @Path("rebuild")
    public Map<String, Object> rebuild(@Context SecurityContext security, @QueryParam("user") String user) {
        operator(security);
        StatsService s = StatsResource.available(() -> service);
        return user == null || user.isBlank() ? s.rebuildAll() : s.rebuildOne(user.strip());
    }

    @POST
    @Path("reports")
    public Map<String, Object> reports(@Context SecurityContext security, @QueryParam("user") String user) {
        operator(security);
        StatsService s = StatsResource.available(() -> service);
        if (user != null && !user.isBlank() && !Ids.isUserId(user.strip())) {
            throw ApiException.unprocessable("bad_user", "user must be a user id");
        }
        return s.reports.run(user == null || user.isBlank() ? null : user.strip());
    }
}
