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
                ResultSet rs = s.executeQuery("SELECT MAX(user_satisfaction_score) FROM ai_performance WHERE prompt_type = 'WRITING_HINT'")) {
            assertTrue(rs.next());
            assertEquals(5.0, rs.getDouble(1), 0.001);
        }
        String metrics = http.get("metrics", Http.admin()).body();
        assertTrue(metrics, metrics.contains("pauz_ai_cache_hits_total"));
        assertTrue(metrics, metrics.contains("pauz_ai_engine_calls_saved_total"));
        JsonNode health = http.get("health").json();
        assertEquals("UP", health.path("status").asText());
    }

    /**
     * The OpenAI-compatible engine bundle inside Felix, configured live through Configuration Admin against a
     * local server speaking the chat-completions wire format: answers come from it; when it fails the user gets
     * 503 without fallback and the offline engine's answer with fallback.
     */
    /**
     * The resource lives in io.pauz.ai.rest and stays while the AI layer restarts: a hint asked meanwhile waits for it
     * and is answered (from the 24-hour cache, which outlives the bundle) instead of failing.
     */
    @Test
    public void aHintDuringAnUpdateOfTheAiLayerWaitsForIt() throws Exception {
        String[] a = signUp();
        String body = "{\"text\":\"The river was loud after the rain and I walked along it for an hour\"}";
        Http.Reply first = http.post("ai/hints", "application/json", body, a);
        assertEquals(first.body(), 200, first.status());
        Http.Reply answered = answeredWhileStopped("io.pauz.ai", () -> http.post("ai/hints", "application/json", body, a));
        assertEquals(answered.body(), 200, answered.status());
        assertTrue(answered.body(), answered.json().path("cached").asBoolean());
        assertEquals(first.json().path("hints"), answered.json().path("hints"));
    }

    @Test
    public void remoteEngineServesAndFallsBack() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            calls.incrementAndGet();
            byte[] request = exchange.getRequestBody().readAllBytes();
            boolean authorized = "Bearer sk-test".equals(exchange.getRequestHeaders().getFirst("Authorization"));
            String body;
            int status;
            if (!authorized) {
                status = 401;
                body = "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}";
            } else if (broken.get()) {
                status = 500;
                body = "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\",\"param\":null,\"code\":null}}";
            } else {
                status = 200;
                String content = "{\\\"hints\\\":[\\\"Name the smell of the rain\\\",\\\"Describe who was there\\\",\\\"Write what you wished you had said\\\"]}";
                body = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1764000000,\"model\":\"stub-model\","
                        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"},"
                        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":" + request.length / 4
                        + ",\"completion_tokens\":20,\"total_tokens\":40}}";
            }
            byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        var cmRef = context.getServiceReference(org.osgi.service.cm.ConfigurationAdmin.class);
        var cm = context.getService(cmRef);
        var openai = cm.getConfiguration("io.pauz.ai.openai", "?");
        var ai = cm.getConfiguration("io.pauz.ai", "?");
        try {
            java.util.Hashtable<String, Object> engine = new java.util.Hashtable<>();
            engine.put("base.url", "http://127.0.0.1:" + server.getAddress().getPort());
            engine.put("api.key", "sk-test");
            engine.put("model", "stub-model");
            engine.put("retries", 0);
            openai.update(engine);
            java.util.Hashtable<String, Object> flow = new java.util.Hashtable<>();
            flow.put("engine", "openai");
            flow.put("fallback", false);
            ai.update(flow);
            service(io.pauz.api.ai.AiEngine.class, "(pauz.ai.engine=openai)", 20);
            String[] a = signUp();
            Http.Reply hints = null;
            for (int i = 0; i < 50 && (hints == null || !"openai".equals(hints.json().path("engine").asText())); i++) {
                hints = http.post("ai/hints", "application/json", "{\"text\":\"Rain on the window attempt " + i + "\"}", a);
                Thread.sleep(100);
            }
            assertEquals(hints.body(), "openai", hints.json().path("engine").asText());
            assertEquals("Name the smell of the rain", hints.json().path("hints").get(0).asText());
            assertFalse(openai.getProperties().isEmpty());
            var refs = context.getServiceReferences(io.pauz.api.ai.AiEngine.class, "(pauz.ai.engine=openai)");
            for (String key : refs.iterator().next().getPropertyKeys()) {
                assertFalse("the api key is no service property", String.valueOf(refs.iterator().next().getProperty(key)).contains("sk-test"));
            }

            broken.set(true);
            Http.Reply down = http.post("ai/hints", "application/json", "{\"text\":\"A new text while the engine is down\"}", a);
            assertEquals(down.body(), 503, down.status());
            assertEquals("engine_unavailable", down.errorCode());
            flow.put("fallback", true);
            ai.update(flow);
            Http.Reply fallback = null;
            for (int i = 0; i < 50 && (fallback == null || fallback.status() != 200); i++) {
                Thread.sleep(100);
                fallback = http.post("ai/hints", "application/json", "{\"text\":\"A new text while the engine is down\"}", a);
            }
            assertEquals(fallback.body(), 200, fallback.status());
            assertEquals("offline", fallback.json().path("engine").asText());
            assertEquals("openai", fallback.json().path("fallbackFrom").asText());
        } finally {
            openai.delete();
            ai.delete();
            context.ungetService(cmRef);
            server.stop(0);
        }
    }
}
