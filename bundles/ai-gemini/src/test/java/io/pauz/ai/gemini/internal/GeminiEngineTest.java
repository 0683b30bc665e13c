package io.pauz.ai.gemini.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.pauz.ai.gemini.internal.StubGemini.Reply;
import io.pauz.api.ai.AiEngineException;
import io.pauz.api.ai.AiMessage;
import io.pauz.api.ai.AiRequest;
import io.pauz.api.ai.AiResponse;
import io.pauz.api.ai.PromptType;
import io.pauz.testsupport.Configs;

/** Against {@link StubGemini} on 127.0.0.1; nothing else is ever contacted. */
public class GeminiEngineTest {
    private static final String KEY = "AIzaSyD-test9kX2mQ7vL4pR8tW1zY6bN3cF0hJ";
    private static final String PRIVATE = "I argued with my sister about the inheritance";
    private static final String SYSTEM = "You suggest journaling topics.";

    private StubGemini stub;

    @After
    public void stop() {
        if (stub != null) {
            stub.close();
            assertEquals(List.of(), stub.violations);
        }
    }

    private GeminiEngine engine(String key, Map<String, Object> more) throws Exception {
        if (stub == null) {
            stub = new StubGemini(KEY);
        }
        Map<String, Object> cfg = new HashMap<>(Map.of("base.url", stub.baseUrl(), "api.key", key,
                "backoff.millis", 20, "timeout.seconds", 5));
        cfg.putAll(more);
        return new GeminiEngine(Settings.of(Configs.of(GeminiConfig.class, cfg)));
    }

    private static AiRequest request(boolean json, int maxTokens) {
        return new AiRequest(PromptType.GUIDED_PROMPT, List.of(
                AiMessage.system(SYSTEM),
                AiMessage.system("Answer in one sentence."),
                AiMessage.user(PRIVATE),
                new AiMessage("assistant", "What felt unfair?"),
                AiMessage.user("That nobody asked me.")), Map.of(), 0.4, maxTokens, json);
    }

    private AiEngineException failing(GeminiEngine engine, AiRequest request) {
        try {
            engine.complete(request);
        } catch (AiEngineException e) {
            return e;
        }
        throw new AssertionError("the call should have failed");
    }

    @Test
    public void completesWithUsageAndTheRequestTheServiceExpects() throws Exception {
        GeminiEngine engine = engine(KEY, Map.of());
        long t0 = System.nanoTime();
        AiResponse r = engine.complete(request(false, 256));
        System.out.printf("gemini stub round trip: %.1f ms%n", (System.nanoTime() - t0) / 1e6);

        assertEquals("Here are 3 thoughts for you.", r.text());
        assertEquals("gemini", r.engine());
        assertEquals("gemini-2.0-flash-001", r.model()); // modelVersion as the service reported it
        assertEquals("gemini-2.0-flash", engine.model());
        int words = 0;
        for (AiMessage m : request(false, 0).messages()) {
            words += StubGemini.words(m.content());
        }
        assertEquals(words, r.promptTokens());
        assertEquals(StubGemini.words(r.text()), r.completionTokens());

        assertEquals(1, stub.seen.size());
        StubGemini.Seen seen = stub.seen.get(0);
        assertEquals("/v1beta/models/gemini-2.0-flash:generateContent", seen.path());
        assertEquals(KEY, seen.apiKey());
        assertNull("nothing in the query", seen.query());
        JsonNode body = seen.body();
        JsonNode system = body.path("systemInstruction").path("parts");
        assertEquals(2, system.size());
        assertEquals(SYSTEM, system.get(0).path("text").asText());
        JsonNode contents = body.path("contents");
        assertEquals(3, contents.size());
        assertEquals("user", contents.get(0).path("role").asText());
        assertEquals(PRIVATE, contents.get(0).path("parts").get(0).path("text").asText());
        assertEquals("model", contents.get(1).path("role").asText());
        assertEquals("user", contents.get(2).path("role").asText());
        assertEquals(0.4, body.path("generationConfig").path("temperature").asDouble(), 1e-9);
        assertEquals(256, body.path("generationConfig").path("maxOutputTokens").asInt());
        assertFalse(body.path("generationConfig").has("responseMimeType"));
    }

    @Test
    public void jsonModeConfiguredMaxTokensAndNoSystemMessage() throws Exception {
        GeminiEngine engine = engine(KEY, Map.of("max.tokens", 333, "model", "models/gemini-2.5-flash"));
        AiRequest noSystem = new AiRequest(PromptType.MOOD_ANALYSIS, List.of(AiMessage.user(PRIVATE)), null, 0.0, 0, true);
        AiResponse r = engine.complete(noSystem);
        assertEquals("write about 1 turns", StubGemini.JSON.readTree(r.text()).path("hint").asText());
        JsonNode body = stub.seen.get(0).body();
        assertEquals("/v1beta/models/gemini-2.5-flash:generateContent", stub.seen.get(0).path());
        assertEquals("application/json", body.path("generationConfig").path("responseMimeType").asText());
        assertEquals(333, body.path("generationConfig").path("maxOutputTokens").asInt());
        assertFalse("no empty systemInstruction", body.has("systemInstruction"));
    }

    @Test
    public void baseUrlEndingInVersion() throws Exception {
        stub = new StubGemini(KEY);
        GeminiEngine engine = engine(KEY, Map.of("base.url", stub.baseUrl() + "/v1beta/"));
        assertEquals("Here are 3 thoughts for you.", engine.complete(request(false, 10)).text());
        assertEquals("/v1beta/models/gemini-2.0-flash:generateContent", stub.seen.get(0).path());
    }

    @Test
    public void wrongKeyIsFinalAndNeverShown() throws Exception {
        GeminiEngine engine = engine("AIzaSyWRONG-0000111122223333", Map.of("retries", 3));
        AiEngineException e = failing(engine, request(false, 10));
        assertFalse(e.retryable());
        assertFalse(e.timeout());
        assertEquals("gemini: HTTP 400 INVALID_ARGUMENT: API key not valid. Please pass a valid API key. (API_KEY_INVALID)",
                e.getMessage());
        assertEquals("4xx is never retried", 1, stub.seen.size());
    }

    @Test
    public void unknownModelIsFinal() throws Exception {
        GeminiEngine engine = engine(KEY, Map.of("model", "palm-2"));
        AiEngineException e = failing(engine, request(false, 10));
        assertFalse(e.retryable());
        assertTrue(e.getMessage(), e.getMessage().startsWith("gemini: HTTP 404 NOT_FOUND: models/palm-2 is not found"));
        assertEquals(1, stub.seen.size());
    }

    @Test
    public void resourceExhaustedIsRetriedAfterTheServicesRetryDelay() throws Exception {
        GeminiEngine engine = engine(KEY, Map.of());
        stub.script(n -> n == 1 ? Reply.error(429, "RESOURCE_EXHAUSTED",
                "You exceeded your current quota, please check your plan and billing details.",
                quota("GenerateRequestsPerMinutePerProjectPerModel-FreeTier"),
                StubGemini.detail("RetryInfo").put("retryDelay", "1s")) : Reply.OK);
        AiResponse r = engine.complete(request(false, 10));
        assertEquals("Here are 3 thoughts for you.", r.text());
        assertEquals("one retry", 2, stub.seen.size());
        long gapMs = (stub.seen.get(1).nanos() - stub.seen.get(0).nanos()) / 1_000_000;
        System.out.println("gemini: waited " + gapMs + " ms for retryDelay 1s (backoff.millis 20)");
        assertTrue("retryDelay honoured, waited " + gapMs, gapMs >= 950);
    }

    @Test
    public void dailyQuotaIsNotRetried() throws Exception {
        GeminiEngine engine = engine(KEY, Map.of());
        stub.script(n -> Reply.error(429, "RESOURCE_EXHAUSTED",
                "You exceeded your current quota, please check your plan and billing details.",
                quota("GenerateRequestsPerDayPerProjectPerModel-FreeTier"),
                StubGemini.detail("RetryInfo").put("retryDelay", "20s")));
        AiEngineException e = failing(engine, request(false, 10));
        assertFalse(e.retryable());
        assertTrue(e.getMessage(), e.getMessage().contains("HTTP 429 RESOURCE_EXHAUSTED"));
        assertEquals(1, stub.seen.size());
    }

    @Test
    public void retryDelayBeyondTheBudgetFailsAtOnce() throws Exception {
        GeminiEngine engine = engine(KEY, Map.of("timeout.seconds", 5));
        stub.script(n -> Reply.error(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).",
                StubGemini.detail("RetryInfo").put("retryDelay", "43s")));
        long t0 = System.nanoTime();
        AiEngineException e = failing(engine, request(false, 10));
        System.out.println("gemini: retryDelay 43s > budget, gave up after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertTrue("worth trying later", e.retryable());
        assertFalse(e.timeout());
        assertEquals(1, stub.seen.size());
    }

    @Test
    public void unavailableUntilRetriesAreExhausted() throws Exception {
        GeminiEngine engine = engine(KEY, Map.of("retries", 2, "backoff.millis", 100));
        stub.script(n -> Reply.error(503, "UNAVAILABLE", "The model is overloaded. Please try again later."));
        AiEngineException e = failing(engine, request(false, 10));
        assertTrue(e.retryable());
        assertFalse(e.timeout());
        assertEquals("gemini: HTTP 503 UNAVAILABLE: The model is overloaded. Please try again later.", e.getMessage());
        assertEquals("1 + 2 retries", 3, stub.seen.size());
        long gap1 = (stub.seen.get(1).nanos() - stub.seen.get(0).nanos()) / 1_000_000;
        long gap2 = (stub.seen.get(2).nanos() - stub.seen.get(1).nanos()) / 1_000_000;
        System.out.println("gemini: backoff gaps " + gap1 + " ms, " + gap2 + " ms (backoff.millis 100)");
        assertTrue("first wait " + gap1, gap1 >= 100);
        assertTrue("second wait doubled " + gap2, gap2 >= 200);
    }

    @Test
    public void droppedConnectionIsRetried() throws Exception {
        GeminiEngine engine = engine(KEY, Map.of());
        stub.script(n -> n == 1 ? Reply.DROP : Reply.OK);
        assertEquals("Here are 3 thoughts for you.", engine.complete(request(false, 10)).text());
        assertEquals(2, stub.seen.size());
    }

    @Test
    public void serviceThatNeverAnswersTimesOutWithinTheBudget() throws Exception {
        GeminiEngine engine = engine(KEY, Map.of("timeout.seconds", 1, "retries", 2));
        stub.script(n -> Reply.NEVER);
        long t0 = System.nanoTime();
        AiEngineException e = failing(engine, request(false, 10));
        System.out.println("gemini: timeout.seconds=1 gave up after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertTrue(e.timeout());
        assertTrue(e.retryable());
        assertEquals(1, stub.seen.size());
    }

    @Test
    public void malformedJsonIsAFinalFailure() throws Exception {
        GeminiEngine engine = engine(KEY, Map.of());
        stub.script(n -> new Reply(200, Map.of(), "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + PRIVATE));
        AiEngineException e = failing(engine, request(false, 10));
        assertFalse(e.retryable());
        assertEquals("gemini: answer is malformed JSON", e.getMessage());
        assertEquals(1, stub.seen.size());
    }

    @Test
    public void safetyBlocksAreClearFailures() throws Exception {
        GeminiEngine engine = engine(KEY, Map.of());
        stub.script(n -> new Reply(200, Map.of(), "{\"candidates\":[{\"finishReason\":\"SAFETY\",\"index\":0,"
                + "\"safetyRatings\":[{\"category\":\"HARM_CATEGORY_HARASSMENT\",\"probability\":\"HIGH\",\"blocked\":true}]}],"
                + "\"usageMetadata\":{\"promptTokenCount\":18,\"totalTokenCount\":18},\"modelVersion\":\"gemini-2.0-flash\"}"));
        AiEngineException e = failing(engine, request(false, 10));
        assertEquals("gemini: answer withheld by Gemini (finishReason SAFETY)", e.getMessage());
        assertFalse(e.retryable());

        stub.script(n -> new Reply(200, Map.of(), "{\"promptFeedback\":{\"blockReason\":\"SAFETY\",\"safetyRatings\":"
                + "[{\"category\":\"HARM_CATEGORY_DANGEROUS_CONTENT\",\"probability\":\"HIGH\"}]},"
                + "\"usageMetadata\":{\"promptTokenCount\":18,\"totalTokenCount\":18},\"modelVersion\":\"gemini-2.0-flash\"}"));
        e = failing(engine, request(false, 10));
        assertEquals("gemini: prompt blocked by Gemini (blockReason SAFETY)", e.getMessage());

        stub.script(n -> new Reply(200, Map.of(), "{\"candidates\":[],\"modelVersion\":\"gemini-2.0-flash\"}"));
        assertEquals("gemini: answer has no candidates", failing(engine, request(false, 10)).getMessage());
    }

    @Test
    public void thinkingModels() throws Exception {
        GeminiEngine engine = engine(KEY, Map.of("model", "gemini-2.5-flash"));
        // All output spent on thoughts: no text.
        stub.script(n -> new Reply(200, Map.of(), "{\"candidates\":[{\"content\":{\"role\":\"model\"},\"finishReason\":\"MAX_TOKENS\",\"index\":0}],"
                + "\"usageMetadata\":{\"promptTokenCount\":18,\"totalTokenCount\":118,\"thoughtsTokenCount\":100},"
                + "\"modelVersion\":\"gemini-2.5-flash\"}"));
        assertEquals("gemini: answer has no text (finishReason MAX_TOKENS)", failing(engine, request(false, 10)).getMessage());

        // Thought parts are not the answer; thought tokens count as output.
        stub.script(n -> new Reply(200, Map.of(), "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"pondering\",\"thought\":true},"
                + "{\"text\":\"Write about \"},{\"text\":\"fairness.\"}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],"
                + "\"usageMetadata\":{\"promptTokenCount\":18,\"candidatesTokenCount\":4,\"thoughtsTokenCount\":40,\"totalTokenCount\":62},"
                + "\"modelVersion\":\"gemini-2.5-flash\"}"));
        AiResponse r = engine.complete(request(false, 10));
        assertEquals("Write about fairness.", r.text());
        assertEquals(18, r.promptTokens());
        assertEquals(44, r.completionTokens());
        assertEquals("gemini-2.5-flash", r.model());
    }

    @Test
    public void logsNeitherKeyNorPrompt() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            GeminiEngine engine = engine(KEY, Map.of());
            stub.script(n -> n % 2 == 1 ? Reply.error(500, "INTERNAL", "An internal error has occurred.") : Reply.OK);
            engine.complete(request(false, 10));
            engine.complete(request(true, 10));
            failing(engine(KEY + "x", Map.of()), request(false, 10));
        } finally {
            System.setErr(err);
        }
        String text = log.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        assertTrue("the retries were logged", text.contains("HTTP 500 INTERNAL"));
        assertFalse(text.contains(KEY));
        assertFalse(text.contains(PRIVATE));
        assertFalse(text.contains(SYSTEM));
    }

    @Test
    public void retryDelayForms() {
        assertEquals(43_000, GeminiEngine.duration("43s"));
        assertEquals(500, GeminiEngine.duration("0.5s"));
        assertEquals(-1, GeminiEngine.duration("soon"));
        assertEquals(-1, GeminiEngine.duration(""));
    }

    private static JsonNode quota(String quotaId) {
        var d = StubGemini.detail("QuotaFailure");
        d.putArray("violations").addObject()
                .put("quotaMetric", "generativelanguage.googleapis.com/generate_content_free_tier_requests")
                .put("quotaId", quotaId).put("quotaValue", "15");
        return d;
    }

    /** A figure, not a limit: what the engine adds per call over a local server (JSON both ways, HTTP/1.1). */
    @Test
    public void sequentialCallsAgainstTheStub() throws Exception {
        GeminiEngine engine = engine(KEY, Map.of());
        engine.complete(request(false, 10)); // warm-up: class loading, first connection
        int n = 200;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            boolean json = i % 2 == 0;
            String text = engine.complete(request(json, 10)).text();
            if (json) {
                assertTrue(text, StubGemini.JSON.readTree(text).has("hint"));
            } else {
                assertEquals("Here are 3 thoughts for you.", text);
            }
        }
        System.out.printf("gemini: %d warm calls, %.2f ms each%n", n, (System.nanoTime() - t0) / 1e6 / n);
        assertEquals(1 + n, stub.seen.size());
    }
}
