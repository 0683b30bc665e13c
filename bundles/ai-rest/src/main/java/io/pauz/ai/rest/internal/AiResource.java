package io.pauz.ai.rest.internal;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.pauz.api.ai.AiAnswers;
import io.pauz.api.rest.ApiException;
import io.pauz.api.rest.PauzPrincipal;
import io.pauz.api.rest.PauzResource;
import io.pauz.support.Awaited;

/**
 * {@code /ai}: writing hints, reflections and mood readings for the caller, and ratings of their answers. In a bundle
 * apart from the AI layer so that updating the AI layer does not rebuild the REST application (see README).
 */
@Component(service = AiResource.class)
@PauzResource
@Path("ai")
@Produces(MediaType.APPLICATION_JSON)
public class AiResource {
    /** Dynamic: while the AI layer restarts, the resource stays and requests wait for it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AiAnswers service;

    public record HintInput(String text, String topic) {
    }

    public record ReflectionInput(String entryId, String text) {
    }

    public record MoodInput(String text) {
    }

    public record RatingInput(Integer score) {
    }

    public AiResource() {
    }

    /** Tests: a fixed AI layer. */
    public AiResource(AiAnswers service) {
        this.service = service;
    }

    private AiAnswers ai() {
        return Awaited.required(() -> service, "ai_unavailable", "the AI layer is unavailable right now; try again shortly");
    }

    private static String user(SecurityContext security) {
        return PauzPrincipal.of(security).userId();
    }

    @POST
    @Path("hints")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> hints(@Context SecurityContext security, HintInput input) {
        String userId = user(security);
        HintInput in = input == null ? new HintInput(null, null) : input;
        return ai().hints(userId, in.text(), in.topic());
    }

    @POST
    @Path("reflections")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> reflections(@Context SecurityContext security, ReflectionInput input) {
        String userId = user(security);
        if (input == null || (input.entryId() == null && input.text() == null)) {
            throw ApiException.unprocessable("entry_or_text", "send entryId or text");
        }
        return ai().reflection(userId, input.entryId(), input.text());
    }

    @POST
    @Path("mood")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> mood(@Context SecurityContext security, MoodInput input) {
        String userId = user(security);
        return ai().mood(userId, input == null ? null : input.text());
    }

    @GET
    @Path("answers/{id}")
    public Map<String, Object> answer(@Context SecurityContext security, @PathParam("id") String id) {
        String userId = user(security);
        return ai().answer(userId, id).orElseThrow(() -> ApiException.notFound("answer_not_found", "no such answer"));
    }

    @POST
    @Path("answers/{id}/rating")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> rate(@Context SecurityContext security, @PathParam("id") String id, RatingInput input) {
        String userId = user(security);
        return ai().rate(userId, id, input == null ? null : input.score());
    }
}
