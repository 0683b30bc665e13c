package io.pauz.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The AI layer in the real runtime with the offline engine and real Infinispan: hints, reflections on the
 * user's own entry, mood, the 24-hour cache (second identical request costs no engine call), ratings into
 * ai_performance, metrics, and isolation between users.
 */
public class AiIT extends PauzTestBase {

    @Configuration
    public Option[] config() {
        return PauzOptions.runtime(newWorkDir(AiIT.class), "io.pauz.accounts:password.iterations=20000");
    }

    private String[] signUp() {
        Http.Reply r = http.post("auth/local/register", "application/json", "{\"email\":\"ai" + UUID.randomUUID().toString()
                .substring(0, 8) + "@example.org\",\"password\":\"correct horse\",\"name\":\"A\"}");
        assertEquals(r.body(), 201, r.status());
        return new String[] { "Authorization", "Bearer " + r.json().path("token").asText() };
    }

    @Test
    public void hintsReflectionsMoodCacheRatingsAndIsolation() throws Exception {
        String[] a = signUp();
        String text = "I keep thinking about the garden my grandmother planted and how quiet the mornings were there";
        Http.Reply first = http.post("ai/hints", "application/json", "{\"text\":\"" + text + "\"}", a);
        assertEquals(first.body(), 200, first.status());
        assertTrue(first.json().path("hints").size() >= 3);
        assertFalse(first.json().path("cached").asBoolean());
        assertEquals("offline", first.json().path("engine").asText());
        String hints = first.json().path("hints").toString().toLowerCase();
        assertTrue(hints, hints.contains("garden") || hints.contains("grandmother") || hints.contains("mornings"));
        Http.Reply again = http.post("ai/hints", "application/json", "{\"text\":\"" + text + "\"}", a);
        assertTrue(again.body(), again.json().path("cached").asBoolean());
        assertEquals(first.json().path("hints"), again.json().path("hints"));

        Http.Reply entry = http.post("journal/entries", "application/json",
                "{\"text\":\"Work was exhausting and my manager ignored my idea again. I feel invisible.\"}", a);
        String entryId = entry.json().path("id").asText();
        Http.Reply reflection = http.post("ai/reflections", "application/json", "{\"entryId\":\"" + entryId + "\"}", a);
        assertEquals(reflection.body(), 200, reflection.status());
        assertFalse(reflection.json().path("reflection").asText().isBlank());
        assertTrue(reflection.json().path("questions").size() >= 2);
        assertTrue(reflection.json().path("mood").path("score").asDouble() < 0);

        Http.Reply mood = http.post("ai/mood", "application/json", "{\"text\":\"What a wonderful, happy day with friends!\"}", a);
        assertEquals(mood.body(), 200, mood.status());
        assertTrue(mood.json().path("score").asDouble() > 0.5);
        assertTrue(mood.json().path("emotions").isObject());

        String[] b = signUp();
        assertEquals("entry_not_found", http.post("ai/reflections", "application/json", "{\"entryId\":\"" + entryId + "\"}", b).errorCode());
        String answerId = first.json().path("id").asText();
        assertEquals(404, http.post("ai/answers/" + answerId + "/rating", "application/json", "{\"score\":1}", b).status());
        assertEquals(200 / 100, http.post("ai/answers/" + answerId + "/rating", "application/json", "{\"score\":5}", a).status() / 100);
        assertEquals(422, http.post("ai/answers/" + answerId + "/rating", "application/json", "{\"score\":9}", a).status());
        assertEquals(422, http.post("ai/hints", "application/json", "{\"text\":\"  \"}", a).status());
        assertEquals(401, http.post("ai/hints", "application/json", "{\"text\":\"x\"}").status());

        DataSource ds = service(DataSource.class, "(pauz.sql.provider=derby)", 10);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT user_satisfaction_score FROM ai_performance WHERE prompt_type = 'WRITING_HINT'")) {
            assertTrue(rs.next());
            assertEquals(5.0, rs.getDouble(1), 0.001);
        }
        String metrics = http.get("metrics", Http.admin()).body();
        assertTrue(metrics, metrics.contains("pauz_ai_cache_hits_total"));
        assertTrue(metrics, metrics.contains("pauz_ai_engine_calls_saved_total"));
        JsonNode health = http.get("health").json();
        assertEquals("UP", health.path("status").asText());
    }
}
