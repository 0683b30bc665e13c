package io.pauz.ai.gemini.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Gemini API on 127.0.0.1 that checks requests the way generativelanguage.googleapis.com does (path and
 * model, x-goog-api-key, known field names only, roles user/model) and answers in its wire format. Tests
 * script what happens after the checks per attempt number (1, 2, ...).
 */
final class StubGemini implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    static {
        // Without TCP_NODELAY the JDK server's split header/body writes meet delayed ACKs: ~40 ms per answer
        // that real services do not have. Read once, when the server classes load.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    private static final Pattern PATH = Pattern.compile("/v1beta/models/([^/:]+):generateContent");
    private static final Set<String> TOP = Set.of("contents", "systemInstruction", "generationConfig", "safetySettings",
            "tools", "toolConfig", "cachedContent");
    private static final Set<String> CONFIG = Set.of("temperature", "maxOutputTokens", "topP", "topK", "candidateCount",
            "stopSequences", "responseMimeType", "responseSchema", "seed", "thinkingConfig");

    /** What the server saw: the body is already parsed. */
    record Seen(String path, String query, String apiKey, JsonNode body, long nanos) {
    }

    /** A scripted answer; {@link #NEVER} hangs, {@link #DROP} closes the connection, {@link #OK} is a real answer. */
    record Reply(int status, Map<String, String> headers, String body) {
        static final Reply NEVER = new Reply(-1, Map.of(), "");
        static final Reply DROP = new Reply(-2, Map.of(), "");
        static final Reply OK = new Reply(200, Map.of(), null);

        static Reply error(int code, String status, String message, JsonNode... details) {
            ObjectNode root = JSON.createObjectNode();
            ObjectNode e = root.putObject("error").put("code", code).put("message", message).put("status", status);
            if (details.length > 0) {
                ArrayNode d = e.putArray("details");
                for (JsonNode n : details) {
                    d.add(n);
                }
            }
            return new Reply(code, Map.of(), root.toString());
        }
    }

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    /** Things the real service might tolerate but the engine must not do; tests assert none. */
    final List<String> violations = new CopyOnWriteArrayList<>();
    private final String key;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile IntFunction<Reply> script = attempt -> Reply.OK;

    StubGemini(String key) throws IOException {
        this.key = key;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void script(IntFunction<Reply> script) {
        this.script = script;
    }

    static ObjectNode detail(String type) {
        return JSON.createObjectNode().put("@type", "type.googleapis.com/google.rpc." + type);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String sentKey = ex.getRequestHeaders().getFirst("x-goog-api-key");
            String query = ex.getRequestURI().getRawQuery();
            JsonNode body;
            try {
                body = JSON.readTree(ex.getRequestBody().readAllBytes());
            } catch (IOException e) {
                body = null;
            }
            seen.add(new Seen(ex.getRequestURI().getPath(), query, sentKey, body, System.nanoTime()));
            if (query != null && query.contains("key=")) {
                violations.add("the key was put in the URL");
            }
            Matcher path = PATH.matcher(ex.getRequestURI().getPath());
            if (!"POST".equals(ex.getRequestMethod()) || !path.matches()) {
                send(ex, Reply.error(404, "NOT_FOUND", "Requested entity was not found."));
                return;
            }
            if (sentKey == null) {
                send(ex, Reply.error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers"
                        + " without established identity). Please use API Key or other form of API consumer identity"
                        + " to call this API."));
                return;
            }
            if (!sentKey.equals(key)) {
                send(ex, Reply.error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.",
                        detail("ErrorInfo").put("reason", "API_KEY_INVALID").put("domain", "googleapis.com")));
                return;
            }
            String model = path.group(1);
            if (!model.startsWith("gemini-")) {
                send(ex, Reply.error(404, "NOT_FOUND", "models/" + model + " is not found for API version v1beta, or is"
                        + " not supported for generateContent. Call ListModels to see the list of available models"
                        + " and their supported methods."));
                return;
            }
            String invalid = invalid(body);
            if (invalid != null) {
                send(ex, Reply.error(400, "INVALID_ARGUMENT", invalid));
                return;
            }
            Reply reply = script.apply(seen.size());
            if (reply == Reply.NEVER) {
                release.await(30, TimeUnit.SECONDS);
                return;
            }
            if (reply == Reply.DROP) {
                return; // closing without response headers drops the connection
            }
            send(ex, reply.body() == null ? answer(model, body) : reply);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The service's own validation, as far as the engine can get it wrong. */
    private static String invalid(JsonNode body) {
        if (body == null || !body.isObject()) {
            return "Invalid JSON payload received.";
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!TOP.contains(name)) {
                return "Invalid JSON payload received. Unknown name \"" + name + "\": Cannot find field.";
            }
        }
        JsonNode contents = body.path("contents");
        if (!contents.isArray() || contents.isEmpty()) {
            return "* GenerateContentRequest.contents: contents is not specified";
        }
        for (JsonNode c : contents) {
            if (!Set.of("user", "model").contains(c.path("role").asText())) {
                return "Please use a valid role: user, model.";
            }
            String parts = parts(c);
            if (parts != null) {
                return parts;
            }
        }
        if (body.has("systemInstruction")) {
            String parts = parts(body.get("systemInstruction"));
            if (parts != null) {
                return parts;
            }
        }
        JsonNode config = body.path("generationConfig");
        for (Iterator<String> names = config.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!CONFIG.contains(name)) {
                return "Invalid JSON payload received. Unknown name \"" + name + "\" at 'generation_config': Cannot find field.";
            }
        }
        if (config.has("temperature") && !(config.get("temperature").isNumber()
                && config.get("temperature").asDouble() >= 0 && config.get("temperature").asDouble() <= 2)) {
            return "* GenerateContentRequest.generation_config.temperature: must be in [0.0, 2.0]";
        }
        if (config.has("maxOutputTokens") && !(config.get("maxOutputTokens").isInt() && config.get("maxOutputTokens").asInt() > 0)) {
            return "* GenerateContentRequest.generation_config.max_output_tokens: must be positive";
        }
        if (config.has("responseMimeType") && !Set.of("text/plain", "application/json", "text/x.enum")
                .contains(config.get("responseMimeType").asText())) {
            return "* GenerateContentRequest.generation_config.response_mime_type: allowed mimetypes are"
                    + " `text/plain`, `application/json`, `application/xml`, `application/yaml` and `text/x.enum`.";
        }
        return null;
    }

    private static String parts(JsonNode content) {
        JsonNode parts = content.path("parts");
        if (!parts.isArray() || parts.isEmpty()) {
            return "* GenerateContentRequest.contents.parts: contents.parts must not be empty.";
        }
        for (JsonNode p : parts) {
            if (!p.path("text").isTextual()) {
                return "Invalid JSON payload received. Unknown name \"parts\": each part needs data.";
            }
        }
        return null;
    }

    /** An answer whose text and usage derive from the request, so tests can check them. */
    static Reply answer(String model, JsonNode body) {
        int promptWords = 0;
        for (JsonNode c : body.path("contents")) {
            for (JsonNode p : c.path("parts")) {
                promptWords += words(p.path("text").asText());
            }
        }
        for (JsonNode p : body.path("systemInstruction").path("parts")) {
            promptWords += words(p.path("text").asText());
        }
        boolean json = "application/json".equals(body.path("generationConfig").path("responseMimeType").asText());
        String text = json ? "{\"hint\": \"write about " + body.path("contents").size() + " turns\"}"
                : "Here are " + body.path("contents").size() + " thoughts for you.";
        int out = words(text);
        ObjectNode r = JSON.createObjectNode();
        ObjectNode candidate = r.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content");
        content.putArray("parts").addObject().put("text", text);
        content.put("role", "model");
        candidate.put("finishReason", "STOP").put("avgLogprobs", -0.12).put("index", 0);
        r.putObject("usageMetadata").put("promptTokenCount", promptWords).put("candidatesTokenCount", out)
                .put("totalTokenCount", promptWords + out);
        r.put("modelVersion", model + "-001").put("responseId", "Gm1zaPzOD4SFz7IPjN7m8Qg");
        return new Reply(200, Map.of(), r.toString());
    }

    static int words(String s) {
        return s.isBlank() ? 0 : s.strip().split("\\s+").length;
    }

    private static void send(HttpExchange ex, Reply reply) throws IOException {
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        boolean json = reply.body().startsWith("{") || reply.body().startsWith("[");
        ex.getResponseHeaders().set("Content-Type", json ? "application/json; charset=UTF-8" : "text/html");
        reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
