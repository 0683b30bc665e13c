package io.pauz.ai.openai.internal;

import io.pauz.engine.http.Exchange;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.pauz.ai.openai.internal.StubOpenAi.Reply;
import io.pauz.api.ai.AiEngineException;
import io.pauz.api.ai.AiMessage;
import io.pauz.api.ai.AiRequest;
import io.pauz.api.ai.AiResponse;
import io.pauz.api.ai.PromptType;
import io.pauz.testsupport.Configs;

/** Against {@link StubOpenAi} on 127.0.0.1; nothing else is ever contacted. */
public class OpenAiEngineTest {
    private static final String KEY = "sk-test-4f9a2c7e1b8d6053aa17";
    private static final String PRIVATE = "I argued with my sister about the inheritance";

    private StubOpenAi stub;

    @After
    public void stop() {
        if (stub != null) {
            stub.close();
            assertEquals(List.of(), stub.violations);
        }
    }

    private OpenAiEngine engine(String key, Map<String, Object> more) throws Exception {
        if (stub == null) {
            stub = new StubOpenAi(KEY);
        }
        Map<String, Object> cfg = new HashMap<>(Map.of("base.url", stub.baseUrl(), "api.key", key,
                "backoff.millis", 20, "timeout.seconds", 5));
        cfg.putAll(more);
        return new OpenAiEngine(Settings.of(Configs.of(OpenAiConfig.class, cfg)));
    }

    private static AiRequest request(boolean json, int maxTokens) {
        return new AiRequest(PromptType.REFLECTION, List.of(
                AiMessage.system(json ? "You suggest journaling topics. Answer as a JSON object {\"hint\":...}."
                        : "You suggest journaling topics."),
                AiMessage.user(PRIVATE)), Map.of("topic", "family"), 0.7, maxTokens, json);
    }

    private AiEngineException failing(OpenAiEngine engine, AiRequest request) {
        try {
            engine.complete(request);
        } catch (AiEngineException e) {
            return e;
        }
        throw new AssertionError("the call should have failed");
    }

    @Test
    public void completesWithUsageAndTheRequestTheServerExpects() throws Exception {
        OpenAiEngine engine = engine(KEY, Map.of());
        long t0 = System.nanoTime();
        AiResponse r = engine.complete(request(false, 200));
        System.out.printf("openai stub round trip: %.1f ms%n", (System.nanoTime() - t0) / 1e6);

        assertEquals("Here are 2 thoughts for you.", r.text());
        assertEquals("openai", r.engine());
        assertEquals("gpt-4o-mini-2024-07-18", r.model()); // as the server reported it
        assertEquals("gpt-4o-mini", engine.model());
        int promptWords = StubOpenAi.words(request(false, 0).messages().get(0).content()) + StubOpenAi.words(PRIVATE);
        assertEquals(promptWords, r.promptTokens());
        assertEquals(StubOpenAi.words(r.text()), r.completionTokens());

        assertEquals(1, stub.seen.size());
        StubOpenAi.Seen seen = stub.seen.get(0);
        assertEquals("Bearer " + KEY, seen.authorization());
        JsonNode body = seen.body();
        assertEquals("gpt-4o-mini", body.path("model").asText());
        assertEquals("system", body.path("messages").get(0).path("role").asText());
        assertEquals("user", body.path("messages").get(1).path("role").asText());
        assertEquals(PRIVATE, body.path("messages").get(1).path("content").asText());
        assertEquals(0.7, body.path("temperature").asDouble(), 1e-9);
        assertEquals(200, body.path("max_tokens").asInt());
        assertFalse("response_format only for json", body.has("response_format"));
    }

    @Test
    public void jsonModeAndConfiguredMaxTokens() throws Exception {
        OpenAiEngine engine = engine(KEY, Map.of("max.tokens", 333, "model", "gpt-4.1-nano"));
        AiResponse r = engine.complete(request(true, 0));
        assertEquals("write about 2 things", StubOpenAi.JSON.readTree(r.text()).path("hint").asText());
        JsonNode body = stub.seen.get(0).body();
        assertEquals("json_object", body.path("response_format").path("type").asText());
        assertEquals(333, body.path("max_tokens").asInt());
        assertEquals("gpt-4.1-nano", body.path("model").asText());
    }

    @Test
    public void jsonModeWithoutTheWordJsonIsTheServersFinalNo() throws Exception {
        OpenAiEngine engine = engine(KEY, Map.of());
        AiRequest noJsonWord = new AiRequest(PromptType.INSIGHT, List.of(AiMessage.user(PRIVATE)), null, 0.2, 50, true);
        AiEngineException e = failing(engine, noJsonWord);
        assertFalse(e.retryable());
        assertTrue(e.getMessage(), e.getMessage().contains("HTTP 400") && e.getMessage().contains("must contain the word 'json'"));
        assertEquals(1, stub.seen.size());
    }

    @Test
    public void localServerWithoutKeyAndBaseUrlEndingInV1() throws Exception {
        stub = new StubOpenAi(null);
        OpenAiEngine engine = engine("", Map.of("base.url", stub.baseUrl() + "/v1/", "model", "llama3.2"));
        AiResponse r = engine.complete(request(false, 64));
        assertEquals("Here are 2 thoughts for you.", r.text());
        assertEquals(null, stub.seen.get(0).authorization());
        assertEquals("/v1/chat/completions", stub.seen.get(0).path());
    }

    @Test
    public void wrongKeyIsFinalAndNeverShown() throws Exception {
        OpenAiEngine engine = engine("sk-wrong-0000111122223333", Map.of("retries", 3));
        AiEngineException e = failing(engine, request(false, 10));
        assertFalse(e.retryable());
        assertFalse(e.timeout());
        assertTrue(e.getMessage(), e.getMessage().contains("HTTP 401 invalid_api_key: Incorrect API key provided"));
        assertFalse(e.getMessage().contains("sk-wrong-0000111122223333"));
        assertEquals("4xx is never retried", 1, stub.seen.size());
    }

    @Test
    public void keyEchoedByAServerIsScrubbed() throws Exception {
        OpenAiEngine engine = engine("sk-wrong-0000111122223333", Map.of());
        stub.echoKey = true;
        AiEngineException e = failing(engine, request(false, 10));
        assertFalse(e.getMessage(), e.getMessage().contains("sk-wrong-0000111122223333"));
        assertTrue(e.getMessage(), e.getMessage().contains("Incorrect API key provided: ***."));
    }

    @Test
    public void rateLimitIsRetriedAfterRetryAfter() throws Exception {
        OpenAiEngine engine = engine(KEY, Map.of());
        stub.script(n -> n == 1 ? withHeader(Reply.error(429, "requests", "rate_limit_exceeded",
                "Rate limit reached for gpt-4o-mini in organization org-x on requests per min (RPM): Limit 3, Used 3,"
                        + " Requested 1. Please try again in 1s."), "retry-after", "1") : Reply.OK);
        AiResponse r = engine.complete(request(false, 10));
        assertEquals("Here are 2 thoughts for you.", r.text());
        assertEquals("one retry", 2, stub.seen.size());
        long gapMs = (stub.seen.get(1).nanos() - stub.seen.get(0).nanos()) / 1_000_000;
        System.out.println("openai: waited " + gapMs + " ms for Retry-After: 1 (backoff.millis 20)");
        assertTrue("Retry-After honoured, waited " + gapMs, gapMs >= 950);
    }

    @Test
    public void insufficientQuotaIsNotRetried() throws Exception {
        OpenAiEngine engine = engine(KEY, Map.of());
        stub.script(n -> Reply.error(429, "insufficient_quota", "insufficient_quota",
                "You exceeded your current quota, please check your plan and billing details."));
        AiEngineException e = failing(engine, request(false, 10));
        assertFalse(e.retryable());
        assertTrue(e.getMessage(), e.getMessage().contains("HTTP 429 insufficient_quota: You exceeded your current quota"));
        assertEquals(1, stub.seen.size());
    }

    @Test
    public void serverErrorsAreRetriedWithGrowingBackoffUntilExhausted() throws Exception {
        OpenAiEngine engine = engine(KEY, Map.of("retries", 2, "backoff.millis", 100));
        stub.script(n -> Reply.error(500, "server_error", null,
                "The server had an error while processing your request. Sorry about that!"));
        AiEngineException e = failing(engine, request(false, 10));
        assertTrue(e.retryable());
        assertFalse(e.timeout());
        assertTrue(e.getMessage(), e.getMessage().contains("HTTP 500 server_error: The server had an error"));
        assertEquals("1 + 2 retries", 3, stub.seen.size());
        long gap1 = (stub.seen.get(1).nanos() - stub.seen.get(0).nanos()) / 1_000_000;
        long gap2 = (stub.seen.get(2).nanos() - stub.seen.get(1).nanos()) / 1_000_000;
        System.out.println("openai: backoff gaps " + gap1 + " ms, " + gap2 + " ms (backoff.millis 100)");
        assertTrue("first wait " + gap1, gap1 >= 100);
        assertTrue("second wait doubled " + gap2, gap2 >= 200);
    }

    @Test
    public void unavailableWithAnHtmlPageThenSuccess() throws Exception {
        OpenAiEngine engine = engine(KEY, Map.of());
        stub.script(n -> n == 1 ? new Reply(503, Map.of(), "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>")
                : Reply.OK);
        assertEquals("Here are 2 thoughts for you.", engine.complete(request(false, 10)).text());
        assertEquals(2, stub.seen.size());
    }

    @Test
    public void droppedConnectionIsRetried() throws Exception {
        OpenAiEngine engine = engine(KEY, Map.of());
        stub.script(n -> n == 1 ? Reply.DROP : Reply.OK);
        assertEquals("Here are 2 thoughts for you.", engine.complete(request(false, 10)).text());
        assertEquals(2, stub.seen.size());
    }

    @Test
    public void unreachableServerIsRetryableNotTimeout() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        OpenAiEngine engine = new OpenAiEngine(Settings.of(Configs.of(OpenAiConfig.class, Map.of(
                "base.url", "http://127.0.0.1:" + closedPort, "retries", 1, "backoff.millis", 10))));
        AiEngineException e = failing(engine, request(false, 10));
        assertTrue(e.retryable());
        assertFalse(e.timeout());
        assertTrue(e.getMessage(), e.getMessage().contains("cannot reach 127.0.0.1:" + closedPort));
        assertNotNull(e.getCause());
    }

    @Test
    public void serverThatNeverAnswersTimesOutWithinTheBudget() throws Exception {
        OpenAiEngine engine = engine(KEY, Map.of("timeout.seconds", 1, "retries", 2));
        stub.script(n -> Reply.NEVER);
        long t0 = System.nanoTime();
        AiEngineException e = failing(engine, request(false, 10));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("openai: timeout.seconds=1 gave up after " + ms + " ms");
        assertTrue(e.timeout());
        assertTrue(e.retryable());
        assertEquals("the budget is spent: no second attempt", 1, stub.seen.size());
    }

    @Test
    public void malformedJsonIsAFinalFailure() throws Exception {
        OpenAiEngine engine = engine(KEY, Map.of());
        stub.script(n -> new Reply(200, Map.of(), "{\"id\":\"chatcmpl-1\",\"choices\":[{\"message\":{\"content\":\"" + PRIVATE));
        AiEngineException e = failing(engine, request(false, 10));
        assertFalse(e.retryable());
        assertEquals("openai: answer is malformed JSON", e.getMessage());
        assertFalse(e.getMessage().contains(PRIVATE));
        assertEquals(1, stub.seen.size());
    }

    @Test
    public void emptyChoicesAndFilteredContentFail() throws Exception {
        OpenAiEngine engine = engine(KEY, Map.of());
        stub.script(n -> new Reply(200, Map.of(), "{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion\",\"created\":1741569952,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":0,\"total_tokens\":9}}"));
        assertEquals("openai: answer has no choices", failing(engine, request(false, 10)).getMessage());

        stub.script(n -> new Reply(200, Map.of(), "{\"id\":\"chatcmpl-3\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null},\"finish_reason\":\"content_filter\"}]}"));
        AiEngineException e = failing(engine, request(false, 10));
        assertEquals("openai: answer withheld by the content filter", e.getMessage());
        assertFalse(e.retryable());
    }

    @Test
    public void logsNeitherKeyNorPrompt() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            OpenAiEngine engine = engine(KEY, Map.of());
            stub.script(n -> n % 2 == 1 ? Reply.error(503, "server_error", null, "The engine is currently overloaded") : Reply.OK);
            engine.complete(request(false, 10));
            engine.complete(request(true, 10));
            stub.echoKey = true;
            failing(engine(KEY + "x", Map.of()), request(false, 10));
        } finally {
            System.setErr(err);
        }
        String text = log.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        assertTrue("the retries were logged", text.contains("HTTP 503"));
        assertFalse(text.contains(KEY));
        assertFalse(text.contains(PRIVATE));
        assertFalse(text.contains("journaling topics"));
    }

    private static Reply withHeader(Reply r, String name, String value) {
        return new Reply(r.status(), Map.of(name, value), r.body());
    }

    @Test
    public void retryAfterForms() {
        assertEquals(1500, Exchange.retryAfterMillis(headers("retry-after", "1.5")));
        assertEquals(250, Exchange.retryAfterMillis(headers("retry-after-ms", "250")));
        assertEquals(-1, Exchange.retryAfterMillis(headers("x-other", "1")));
        assertEquals(-1, Exchange.retryAfterMillis(headers("retry-after", "soon")));
        long date = Exchange.retryAfterMillis(headers("retry-after",
                java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(30))));
        assertTrue("about 30 s: " + date, date > 25_000 && date <= 30_000);
    }

    private static java.net.http.HttpHeaders headers(String name, String value) {
        return java.net.http.HttpHeaders.of(Map.of(name, List.of(value)), (a, b) -> true);
    }

    @Test
    public void interruptedCallerGetsANonRetryableFailure() throws Exception {
        OpenAiEngine engine = engine(KEY, Map.of("backoff.millis", 5000));
        stub.script(n -> Reply.error(503, "server_error", null, "overloaded"));
        Thread.currentThread().interrupt();
        try {
            AiEngineException e = failing(engine, request(false, 10));
            assertFalse(e.retryable());
        } finally {
            Thread.interrupted();
        }
        if (stub.seen.size() > 1) {
            fail("no retry after an interrupt");
        }
    }

    /** A figure, not a limit: what the engine adds per call over a local server (JSON both ways, HTTP/1.1). */
    @Test
    public void sequentialCallsAgainstTheStub() throws Exception {
        OpenAiEngine engine = engine(KEY, Map.of());
        engine.complete(request(false, 10)); // warm-up: class loading, first connection
        int n = 200;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            boolean json = i % 2 == 0;
            String text = engine.complete(request(json, 10)).text();
            if (json) {
                assertTrue(text, StubOpenAi.JSON.readTree(text).has("hint"));
            } else {
                assertEquals("Here are 2 thoughts for you.", text);
            }
        }
        System.out.printf("openai: %d warm calls, %.2f ms each%n", n, (System.nanoTime() - t0) / 1e6 / n);
        assertEquals(1 + n, stub.seen.size());
    }
}
