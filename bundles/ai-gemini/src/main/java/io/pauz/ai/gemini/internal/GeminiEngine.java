package io.pauz.ai.gemini.internal;

import io.pauz.engine.http.Exchange;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pauz.api.ai.AiEngine;
import io.pauz.api.ai.AiEngineException;
import io.pauz.api.ai.AiMessage;
import io.pauz.api.ai.AiRequest;
import io.pauz.api.ai.AiResponse;

/**
 * {@code POST {base.url}/v1beta/models/{model}:generateContent}. System messages become the
 * {@code systemInstruction}, assistant turns the role {@code model}. Neither the key nor any message text
 * is ever logged.
 */
final class GeminiEngine implements AiEngine {
    static final String ID = "gemini";
    private static final Logger LOG = LoggerFactory.getLogger(GeminiEngine.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Finish reasons for which Gemini withholds the text. */
    private static final Set<String> WITHHELD = Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT",
            "SPII", "IMAGE_SAFETY");

    /** Swapped whole when the configuration changes, so a call in flight keeps the settings it began with. */
    private record State(Settings settings, HttpClient client, Exchange exchange) {
    }

    private volatile State state;

    GeminiEngine(Settings settings) {
        configure(settings);
    }

    void configure(Settings s) {
        HttpClient client = HttpClient.newBuilder()
                // Plain-http proxies and stubs get HTTP/1.1: some mishandle the h2c upgrade on a POST.
                .version("https".equals(s.endpoint().getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .connectTimeout(s.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        state = new State(s, client, new Exchange(ID, s.host(), s.apiKey(), s.timeout(), s.retries(), s.backoffMillis()));
    }

    Settings settings() {
        return state.settings();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String model() {
        return state.settings().model();
    }

    @Override
    public AiResponse complete(AiRequest request) throws AiEngineException {
        State st = state;
        Settings s = st.settings();
        HttpRequest.Builder http = HttpRequest.newBuilder(s.endpoint())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(s, request).toString()));
        if (!s.apiKey().isEmpty()) {
            http.header("x-goog-api-key", s.apiKey()); // a header, never the ?key= query: URLs end up in logs
        }
        HttpResponse<String> response = st.exchange().send(st.client(), http, GeminiEngine::error);
        AiResponse answer = answer(s, response.body());
        LOG.debug("{}: {} for {}, tokens {}+{}", ID, answer.model(), request.type(), answer.promptTokens(),
                answer.completionTokens());
        return answer;
    }

    static ObjectNode body(Settings s, AiRequest request) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode system = JSON.createArrayNode();
        ArrayNode contents = body.putArray("contents");
        for (AiMessage m : request.messages()) {
            String text = m.content() == null ? "" : m.content();
            if ("system".equals(m.role())) {
                system.addObject().put("text", text);
            } else {
                ObjectNode content = contents.addObject().put("role", "assistant".equals(m.role()) ? "model" : "user");
                content.putArray("parts").addObject().put("text", text);
            }
        }
        if (!system.isEmpty()) {
            body.putObject("systemInstruction").set("parts", system);
        }
        ObjectNode config = body.putObject("generationConfig");
        if (request.temperature() >= 0 && !Double.isNaN(request.temperature())) {
            config.put("temperature", request.temperature());
        }
        int maxTokens = request.maxTokens() > 0 ? request.maxTokens() : s.maxTokens();
        if (maxTokens > 0) {
            config.put("maxOutputTokens", maxTokens);
        }
        if (request.json()) {
            config.put("responseMimeType", "application/json");
        }
        return body;
    }

    static AiResponse answer(Settings s, String body) throws AiEngineException {
        JsonNode root = parse(body);
        String blocked = root.path("promptFeedback").path("blockReason").asText("");
        if (!blocked.isEmpty()) {
            throw failure("prompt blocked by Gemini (blockReason " + blocked + ")");
        }
        JsonNode candidates = root.path("candidates");
        if (!candidates.isArray() || candidates.isEmpty()) {
            throw failure("answer has no candidates");
        }
        JsonNode candidate = candidates.get(0);
        String finish = candidate.path("finishReason").asText("");
        StringBuilder text = new StringBuilder();
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.path("text").isTextual() && !part.path("thought").asBoolean(false)) {
                text.append(part.path("text").asText());
            }
        }
        if (text.length() == 0) {
            throw failure((WITHHELD.contains(finish) ? "answer withheld by Gemini" : "answer has no text") + " (finishReason "
                    + (finish.isEmpty() ? "none" : finish) + ")");
        }
        JsonNode usage = root.path("usageMetadata");
        // Thinking models bill their thoughts as output: count them with the answer.
        int completion = usage.path("candidatesTokenCount").asInt(0) + usage.path("thoughtsTokenCount").asInt(0);
        return new AiResponse(text.toString(), ID, root.path("modelVersion").asText(s.model()),
                usage.path("promptTokenCount").asInt(0), completion);
    }

    /** Google's {@code {"error":{"code","message","status","details"}}}; other bodies get the status alone. */
    static Exchange.Failure error(int status, HttpHeaders headers, String body) {
        String code = "";
        String message = "";
        String reason = "";
        long retryDelay = -1;
        boolean perDay = false;
        try {
            JsonNode error = JSON.readTree(body).path("error");
            code = error.path("status").asText("");
            message = error.path("message").asText("");
            for (JsonNode detail : error.path("details")) {
                String type = detail.path("@type").asText("");
                if (type.endsWith("google.rpc.ErrorInfo")) {
                    reason = detail.path("reason").asText("");
                } else if (type.endsWith("google.rpc.RetryInfo")) {
                    retryDelay = duration(detail.path("retryDelay").asText(""));
                } else if (type.endsWith("google.rpc.QuotaFailure")) {
                    for (JsonNode v : detail.path("violations")) {
                        perDay |= v.path("quotaId").asText("").contains("PerDay");
                    }
                }
            }
        } catch (JsonProcessingException | RuntimeException notJson) {
            // e.g. an HTML page from a proxy: the status says enough
        }
        // A daily quota does not come back within any retry budget.
        boolean retryable = (status == 429 || status >= 500) && !perDay;
        long wait = Exchange.retryAfterMillis(headers);
        String text = "HTTP " + status + (code.isEmpty() ? "" : " " + code) + (message.isEmpty() ? "" : ": " + message)
                + (reason.isEmpty() ? "" : " (" + reason + ")");
        return new Exchange.Failure(text, retryable, !retryable ? -1 : wait >= 0 ? wait : retryDelay);
    }

    /** google.protobuf.Duration in JSON: "43s", "0.5s". */
    static long duration(String d) {
        if (!d.endsWith("s")) {
            return -1;
        }
        try {
            return Math.max(0, Math.round(Double.parseDouble(d.substring(0, d.length() - 1)) * 1000));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static JsonNode parse(String body) throws AiEngineException {
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || !root.isObject()) {
                throw failure("answer is not a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            // The message of e may quote the body (model output): leave it out.
            throw failure("answer is malformed JSON");
        }
    }

    private static AiEngineException failure(String message) {
        return new AiEngineException(ID + ": " + message, null, false, false);
    }
}
