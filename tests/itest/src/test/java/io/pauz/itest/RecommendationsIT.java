package io.pauz.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pauz.api.bucket.Bucket;
import io.pauz.api.bucket.BucketStore;

/**
 * GET /recommendations in the real runtime over REST, with two users: a new user gets starter recommendations; after
 * anxious entries the anxiety topic leads for that user only; after a guided session on it, it is not recommended
 * again; the profile is stored in the ai-models bucket.
 */
public class RecommendationsIT extends PauzTestBase {
    private static final String ANXIOUS = "I feel anxious and worried about everything, my chest is tight and I cannot stop the panic.";

    @Configuration
    public Option[] config() {
        return PauzOptions.runtime(newWorkDir(RecommendationsIT.class), "io.pauz.accounts:password.iterations=20000");
    }

    private String[] signUp() {
        Http.Reply r = http.post("auth/local/register", "application/json", "{\"email\":\"r" + UUID.randomUUID().toString()
                .substring(0, 8) + "@example.org\",\"password\":\"correct horse\",\"name\":\"R\"}");
        assertEquals(r.body(), 201, r.status());
        return new String[] { "Authorization", "Bearer " + r.json().path("token").asText() };
    }

    private static void assertWellFormed(JsonNode r) {
        for (String list : new String[] { "prompts", "topics", "flowers" }) {
            double previous = 1;
            for (JsonNode item : r.path(list)) {
                double c = item.path("confidence").asDouble(-1);
                assertTrue(list + " " + c, c > 0 && c <= previous);
                assertFalse(item.path("reason").asText().isBlank());
                previous = c;
            }
        }
    }

    @Test
    public void recommendationsFollowEachUsersBehaviour() throws Exception {
        String[] a = signUp();
        String[] b = signUp();
        assertEquals(401, http.get("recommendations").status());

        Http.Reply first = http.await("recommendations", r -> r.status() == 200, Duration.ofSeconds(30), a);
        assertEquals(first.body(), 200, first.status());
        assertEquals("starter", first.json().path("basis").asText());
        assertEquals("builtin:gratitude", first.json().path("topics").path(0).path("id").asText());
        assertWellFormed(first.json());
        Http.Reply bBefore = http.get("recommendations", b);
        assertEquals("starter", bBefore.json().path("basis").asText());

        for (int i = 0; i < 3; i++) {
            assertEquals(201, http.post("journal/entries", "application/json", "{\"text\":\"" + ANXIOUS + "\"}", a).status());
        }
        // Events reach the recommendations on a background thread: wait for the anxiety topic to lead.
        Http.Reply after = http.await("recommendations",
                r -> r.json().path("topics").path(0).path("id").asText().equals("builtin:anxiety"), Duration.ofSeconds(30), a);
        assertEquals(after.body(), "builtin:anxiety", after.json().path("topics").path(0).path("id").asText());
        assertEquals("profile", after.json().path("basis").asText());
        assertTrue(after.json().path("mood").path("latest").asDouble() < 0);
        assertWellFormed(after.json());

        // B is untouched by A.
        Http.Reply bAfter = http.get("recommendations", b);
        assertEquals("starter", bAfter.json().path("basis").asText());
        assertEquals(bBefore.json().path("topics"), bAfter.json().path("topics"));
        assertEquals(0, http.get("recommendations/profile", b).json().path("entries").asInt());

        // The profile is A's own, and stored in the ai-models bucket.
        JsonNode profile = http.get("recommendations/profile", a).json();
        assertEquals(3, profile.path("entries").asInt());
        String userId = profile.path("userId").asText();
        BucketStore buckets = service(BucketStore.class, null, 10);
        String stored = new String(buckets.get(Bucket.AI_MODELS, "personalization-data/" + userId + "/profile.json")
                .orElseThrow().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(userId, new ObjectMapper().readTree(stored).path("userId").asText());

        // A guided session on the recommended topic, started with the id as recommended: then it is not offered again.
        Http.Reply started = http.post("guided/sessions", "application/json", "{\"topic\":\"builtin:anxiety\"}", a);
        assertEquals(started.body(), 201, started.status());
        String id = started.json().path("id").asText();
        JsonNode prompt = started.json().path("currentPrompt");
        for (int i = 0; i < 10 && !prompt.isMissingNode() && !prompt.isNull(); i++) {
            Http.Reply r = http.post("guided/sessions/" + id + "/responses", "application/json",
                    "{\"promptId\":\"" + prompt.path("id").asText() + "\",\"text\":\"Breathing slowly helped a bit\"}", a);
            assertEquals(r.body(), 200, r.status());
            prompt = r.json().path("currentPrompt");
        }
        assertEquals(200, http.post("guided/sessions/" + id + "/complete", "application/json", "", a).status());
        Http.Reply afterSession = http.await("recommendations",
                r -> r.json().path("topics").findValuesAsText("id").stream().noneMatch("builtin:anxiety"::equals),
                Duration.ofSeconds(30), a);
        JsonNode rec = afterSession.json();
        assertTrue(rec.toString(), rec.path("topics").findValuesAsText("id").stream().noneMatch("builtin:anxiety"::equals));
        for (JsonNode p : rec.path("prompts")) {
            assertFalse(p.toString(), p.path("topic").asText().equals("builtin:anxiety"));
        }
        assertEquals(1, http.get("recommendations/profile", a).json().path("sessions").asInt());
    }
}
