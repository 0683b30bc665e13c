package io.pauz.ai.openai.internal;

import io.pauz.engine.http.Exchange;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

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
 * {@code POST {base.url}/v1/chat/completions}, the wire format of OpenAI and of the servers that copy it
 * (llama.cpp server, Ollama, vLLM, LM Studio). Neither the key nor any message text is ever logged.
 */
final class OpenAiEngine implements AiEngine {
    static final String ID = "openai";
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiEngine.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Swapped whole when the configuration changes, so a call in flight keeps the settings it began with. */
    private record State(Settings settings, HttpClient client, Exchange exchange) {
    }

    private volatile State state;

    OpenAiEngine(Settings settings) {
        configure(settings);
    }

    void configure(Settings s) {
        HttpClient client = HttpClient.newBuilder()
                // Plain-http local servers get HTTP/1.1: some mishandle the h2c upgrade on a POST.
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
            http.header("Authorization", "Bearer " + s.apiKey());
        }
        HttpResponse<String> response = st.exchange().send(st.client(), http, OpenAiEngine::error);
        AiResponse answer = answer(s, response.body());
        LOG.debug("{}: {} for {}, tokens {}+{}", ID, answer.model(), request.type(), answer.promptTokens(),
                answer.completionTokens());
        return answer;
    }

    static ObjectNode body(Settings s, AiRequest request) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", s.model());
        ArrayNode messages = body.putArray("messages");
        for (AiMessage m : request.messages()) {
            messages.addObject().put("role", role(m.role())).put("content", m.content() == null ? "" : m.content());
        }
        if (request.temperature() >= 0 && !Double.isNaN(request.temperature())) {
            body.put("temperature", request.temperature());
        }
        int maxTokens = request.maxTokens() > 0 ? request.maxTokens() : s.maxTokens();
        if (maxTokens > 0) {
            body.put("max_tokens", maxTokens);
        }
        if (request.json()) {
            body.putObject("response_format").put("type", "json_object");
        }
        return body;
    }

    private static String role(String role) {
        return "system".equals(role) || "assistant".equals(role) ? role : "user";
    }

    static AiResponse answer(Settings s, String body) throws AiEngineException {
        JsonNode root = parse(body);
        JsonNode choices = root.path("choices");
        if (!choices.isArray() || choices.isEmpty()) {
            throw failure("answer has no choices");
        }
        JsonNode choice = choices.get(0);
        String finish = choice.path("finish_reason").asText("");
        JsonNode message = choice.path("message");
        if (message.hasNonNull("refusal")) {
            throw failure("the model refused the request");
        }
        JsonNode content = message.path("content");
        if (!content.isTextual() || content.asText().isEmpty()) {
            throw failure("content_filter".equals(finish) ? "answer withheld by the content filter"
                    : "answer has no text (finish_reason " + (finish.isEmpty() ? "none" : finish) + ")");
        }
        JsonNode usage = root.path("usage");
        return new AiResponse(content.asText(), ID, root.path("model").asText(s.model()),
                usage.path("prompt_tokens").asInt(0), usage.path("completion_tokens").asInt(0));
    }

    /** OpenAI's {@code {"error":{"message","type","code"}}}; servers that answer otherwise get the status alone. */
    static Exchange.Failure error(int status, HttpHeaders headers, String body) {
        String code = "";
        String message = "";
        try {
            JsonNode error = JSON.readTree(body).path("error");
            if (error.isTextual()) { // some compatible servers: {"error":"..."}
                message = error.asText();
            } else {
                code = error.path("code").asText(error.path("type").asText(""));
                message = error.path("message").asText("");
            }
        } catch (JsonProcessingException | RuntimeException notJson) {
            // e.g. an HTML page from a proxy: the status says enough
        }
        // 429 means "slow down" unless the money ran out; waiting does not help there.
        boolean retryable = status == 429 ? !"insufficient_quota".equals(code) : status >= 500;
        String text = "HTTP " + status + (code.isEmpty() || "null".equals(code) ? "" : " " + code)
                + (message.isEmpty() ? "" : ": " + message);
        return new Exchange.Failure(text, retryable, retryable ? Exchange.retryAfterMillis(headers) : -1);
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
