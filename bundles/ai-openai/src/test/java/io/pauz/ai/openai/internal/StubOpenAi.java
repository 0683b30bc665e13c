package io.pauz.ai.openai.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A chat completions server on 127.0.0.1 that checks requests the way OpenAI does (path, Bearer key, body
 * shape, the json_object rule) and answers in OpenAI's wire format. Tests script what happens after the
 * checks per attempt number (1, 2, ...).
 */
final class StubOpenAi implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    static {
        // Without TCP_NODELAY the JDK server's split header/body writes meet delayed ACKs: ~40 ms per answer
        // that real services do not have. Read once, when the server classes load.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "developer", "tool");

    /** What the server saw: the body is already parsed. */
    record Seen(String path, String authorization, JsonNode body, long nanos) {
    }

    /** A scripted answer; {@link #NEVER} hangs, {@link #DROP} closes the connection, {@link #OK} is a real completion. */
    record Reply(int status, Map<String, String> headers, String body) {
        static final Reply NEVER = new Reply(-1, Map.of(), "");
        static final Reply DROP = new Reply(-2, Map.of(), "");
        static final Reply OK = new Reply(200, Map.of(), null);

        static Reply error(int status, String type, String code, String message) {
            ObjectNode error = JSON.createObjectNode();
            ObjectNode e = error.putObject("error");
            e.put("message", message).put("type", type).putNull("param");
            if (code == null) {
                e.putNull("code");
            } else {
                e.put("code", code);
            }
            return new Reply(status, Map.of(), error.toString());
        }
    }

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    /** Things the real service would not mind but the engine must not do; tests assert none. */
    final List<String> violations = new CopyOnWriteArrayList<>();
    private final String key;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile IntFunction<Reply> script = attempt -> Reply.OK;
    volatile boolean echoKey;

    /** @param key the only key accepted; null: no Authorization expected (a local server) */
    StubOpenAi(String key) throws IOException {
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

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            byte[] raw = ex.getRequestBody().readAllBytes();
            JsonNode body;
            try {
                body = JSON.readTree(raw);
            } catch (IOException e) {
                body = null;
            }
            seen.add(new Seen(ex.getRequestURI().getPath(), auth, body, System.nanoTime()));
            if (!"POST".equals(ex.getRequestMethod()) || !"/v1/chat/completions".equals(ex.getRequestURI().getPath())) {
                send(ex, Reply.error(404, "invalid_request_error", "unknown_url",
                        "Invalid URL (" + ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + ")"));
                return;
            }
            if (key != null && !("Bearer " + key).equals(auth)) {
                if (auth == null) {
                    send(ex, Reply.error(401, "invalid_request_error", null,
                            "You didn't provide an API key. You need to provide your API key in an Authorization header"
                                    + " using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."));
                } else {
                    String sent = auth.replaceFirst("^Bearer ", "");
                    String shown = echoKey ? sent : mask(sent);
                    send(ex, Reply.error(401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided: "
                            + shown + ". You can find your API key at https://platform.openai.com/account/api-keys."));
                }
                return;
            }
            if (key == null && auth != null) {
                violations.add("a key was sent to a server that needs none");
            }
            String invalid = invalid(body);
            if (invalid != null) {
                send(ex, Reply.error(400, "invalid_request_error", null, invalid));
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
            send(ex, reply.body() == null ? completion(body) : reply);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** OpenAI's own validation, as far as the engine can get it wrong. */
    private static String invalid(JsonNode body) {
        if (body == null || !body.isObject()) {
            return "We could not parse the JSON body of your request.";
        }
        if (!body.path("model").isTextual()) {
            return "you must provide a model parameter";
        }
        JsonNode messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            return "[] is too short - 'messages'";
        }
        boolean mentionsJson = false;
        for (JsonNode m : messages) {
            if (!ROLES.contains(m.path("role").asText()) || !m.path("content").isTextual()) {
                return "Invalid value for 'messages': each needs a role and a string content.";
            }
            mentionsJson |= m.path("content").asText().toLowerCase().contains("json");
        }
        if (body.has("temperature") && !(body.get("temperature").isNumber()
                && body.get("temperature").asDouble() >= 0 && body.get("temperature").asDouble() <= 2)) {
            return "Invalid 'temperature': must be a number between 0 and 2.";
        }
        if (body.has("max_tokens") && !(body.get("max_tokens").isInt() && body.get("max_tokens").asInt() > 0)) {
            return "Invalid 'max_tokens': integer below minimum value.";
        }
        if (body.has("response_format")) {
            String type = body.path("response_format").path("type").asText();
            if (!Set.of("text", "json_object", "json_schema").contains(type)) {
                return "Invalid value: '" + type + "'. Supported values are: 'json_object', 'json_schema', and 'text'.";
            }
            if ("json_object".equals(type) && !mentionsJson) {
                return "'messages' must contain the word 'json' in some form, to use 'response_format' of type"
                        + " 'json_object'.";
            }
        }
        return null;
    }

    /** A completion whose text and usage derive from the request, so tests can check them. */
    static Reply completion(JsonNode body) {
        int promptWords = 0;
        for (JsonNode m : body.path("messages")) {
            promptWords += words(m.path("content").asText());
        }
        boolean json = "json_object".equals(body.path("response_format").path("type").asText());
        String text = json ? "{\"hint\":\"write about " + body.path("messages").size() + " things\"}"
                : "Here are " + body.path("messages").size() + " thoughts for you.";
        ObjectNode r = JSON.createObjectNode();
        r.put("id", "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT").put("object", "chat.completion")
                .put("created", 1741569952).put("model", body.path("model").asText() + "-2024-07-18");
        ObjectNode choice = r.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", text).putNull("refusal");
        choice.putNull("logprobs").put("finish_reason", "stop");
        int completion = words(text);
        r.putObject("usage").put("prompt_tokens", promptWords).put("completion_tokens", completion)
                .put("total_tokens", promptWords + completion);
        r.put("service_tier", "default");
        return new Reply(200, Map.of(), r.toString());
    }

    static int words(String s) {
        return s.isBlank() ? 0 : s.strip().split("\\s+").length;
    }

    private static String mask(String key) {
        return key.length() <= 8 ? "****" : key.substring(0, 3) + "*".repeat(key.length() - 7) + key.substring(key.length() - 4);
    }

    private static void send(HttpExchange ex, Reply reply) throws IOException {
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        boolean json = reply.body().startsWith("{") || reply.body().startsWith("[");
        ex.getResponseHeaders().set("Content-Type", json ? "application/json" : "text/html");
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
