package io.pauz.ai.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.SecurityContext;

import org.junit.Rule;
import org.junit.Test;

import io.pauz.api.rest.ApiException;
import io.pauz.ai.rest.internal.AiResource;
import io.pauz.api.rest.PauzPrincipal;
import io.pauz.api.rest.RateLimitedException;

/** The REST resource of io.pauz.ai.rest on the real AI layer of this bundle. */
public class AiResourceTest {
    @Rule
    public final Fixture fx = new Fixture();

    private static SecurityContext as(String userId) {
        return new PauzPrincipal(userId, "s-" + userId, userId + "@example.org", false).securityContext(true);
    }

    @Test
    public void userComesFromThePrincipalOnly() {
        AiResource r = new AiResource(fx.service(Map.of()));
        ApiException e = assertThrows(ApiException.class, () -> r.hints(null, new AiResource.HintInput("text", null)));
        assertEquals(401, e.status());
        Map<String, Object> h = r.hints(as("carol"), new AiResource.HintInput("The garden needs weeding again.", "nature"));
        assertTrue(((List<?>) h.get("hints")).size() >= 3);
        assertEquals("offline", h.get("engine"));
        String id = (String) h.get("id");
        assertEquals(id, r.answer(as("carol"), id).get("id"));
        assertEquals(404, assertThrows(ApiException.class, () -> r.answer(as("dave"), id)).status());
        assertEquals(404, assertThrows(ApiException.class, () -> r.rate(as("dave"), id, new AiResource.RatingInput(4))).status());
        assertEquals(4, r.rate(as("carol"), id, new AiResource.RatingInput(4)).get("score"));
    }

    @Test
    public void rateLimitAnswers429WithRetryAfter() {
        AiResource r = new AiResource(fx.service(Map.of("rate.per.minute", 1)));
        r.mood(as("erin"), new AiResource.MoodInput("First text."));
        // the platform's error mapper turns it into 429 with Retry-After (AccountsIT shows that over HTTP for sign-ins)
        RateLimitedException e = assertThrows(RateLimitedException.class,
                () -> r.mood(as("erin"), new AiResource.MoodInput("Second text.")));
        assertEquals(429, e.status());
        assertTrue(e.retryAfterSeconds() >= 1 && e.retryAfterSeconds() <= 60);
    }

    @Test
    public void missingServiceOrBodyAnswersCleanly() {
        AiResource none = new AiResource();
        ApiException e = assertThrows(ApiException.class, () -> none.hints(as("x"), new AiResource.HintInput("t", null)));
        assertEquals(503, e.status());
        assertEquals("ai_unavailable", e.code());
        AiResource r = new AiResource(fx.service(Map.of()));
        assertEquals(422, assertThrows(ApiException.class, () -> r.reflections(as("x"), null)).status());
        assertEquals(422, assertThrows(ApiException.class, () -> r.hints(as("x"), null)).status());
        assertEquals(422, assertThrows(ApiException.class, () -> r.rate(as("x"), "whatever", null)).status());
    }
}
