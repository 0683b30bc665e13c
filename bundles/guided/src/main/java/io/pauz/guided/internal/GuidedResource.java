package io.pauz.guided.internal;

import java.net.URI;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.pauz.api.rest.ApiException;
import io.pauz.api.rest.PauzPrincipal;
import io.pauz.api.rest.PauzResource;
import io.pauz.guided.internal.Views.SessionPage;
import io.pauz.guided.internal.Views.SessionView;
import io.pauz.support.Awaited;

/** {@code /guided}: topics of the installed prompt packs and the caller's own guided sessions. */
@Component(service = GuidedResource.class)
@PauzResource
@Path("guided")
@Produces(MediaType.APPLICATION_JSON)
public class GuidedResource {
    /** Dynamic: while the service (or storage under it) restarts, the resource stays and answers 503. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile GuidedServiceImpl service;

    public record StartInput(String topic) {
    }

    public record AnswerInput(String promptId, String text) {
    }

    private GuidedServiceImpl guided() {
        return Awaited.required(() -> service, "guided_unavailable", "guided journaling is unavailable right now; try again shortly");
    }

    private static String user(SecurityContext security) {
        return PauzPrincipal.of(security).userId();
    }

    @GET
    @Path("topics")
    public Map<String, Object> topics(@Context SecurityContext security) {
        user(security);
        return Map.of("topics", guided().topics());
    }

    @POST
    @Path("sessions")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(@Context SecurityContext security, StartInput input) {
        String userId = user(security);
        if (input == null || input.topic() == null || input.topic().isBlank()) {
            throw ApiException.unprocessable("missing_topic", "topic is required, e.g. builtin:stress");
        }
        SessionView session = guided().start(userId, input.topic().strip());
        return Response.created(URI.create("guided/sessions/" + session.id())).entity(session).build();
    }

    @GET
    @Path("sessions")
    public SessionPage list(@Context SecurityContext security, @QueryParam("status") String status,
            @QueryParam("limit") @DefaultValue("20") String limit, @QueryParam("cursor") String cursor) {
        String userId = user(security);
        int size;
        try {
            size = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("bad_limit", "limit must be a number 1..100");
        }
        return guided().list(userId, status == null || status.isBlank() ? null : status, size, cursor);
    }

    @GET
    @Path("sessions/{id}")
    public SessionView get(@Context SecurityContext security, @PathParam("id") String id) {
        return guided().get(user(security), id);
    }

    @POST
    @Path("sessions/{id}/responses")
    @Consumes(MediaType.APPLICATION_JSON)
    public SessionView answer(@Context SecurityContext security, @PathParam("id") String id, AnswerInput input) {
        String userId = user(security);
        if (input == null) {
            throw ApiException.unprocessable("empty_answer", "promptId and text are required");
        }
        return guided().answer(userId, id, input.promptId(), input.text());
    }

    @POST
    @Path("sessions/{id}/complete")
    public SessionView complete(@Context SecurityContext security, @PathParam("id") String id) {
        return guided().complete(user(security), id);
    }

    @DELETE
    @Path("sessions/{id}")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        if (!guided().delete(user(security), id)) {
            throw ApiException.notFound("session_not_found", "no such session");
        }
        return Response.noContent().build();
    }
}
