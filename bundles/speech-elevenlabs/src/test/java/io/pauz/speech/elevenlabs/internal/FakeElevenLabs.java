package io.pauz.speech.elevenlabs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for {@code api.elevenlabs.io} Speech to Text: it checks requests the way ElevenLabs does
 * (method, path, xi-api-key, multipart body with {@code file} and {@code model_id}) and answers in its wire
 * format. Tests can queue canned answers that are served after a request passed the checks.
 */
final class FakeElevenLabs implements AutoCloseable {
    static final Set<String> MODELS = Set.of("scribe_v1", "scribe_v1_experimental");

    /** One received, valid request. */
    record Received(Map<String, String> fields, byte[] file, String filename, String fileContentType,
            String requestContentType) {
    }

    record Answer(int status, String contentType, String body, Map<String, String> headers, boolean hang) {
        static Answer json(int status, String body) {
            return new Answer(status, "application/json", body, Map.of(), false);
        }

        Answer header(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Answer(status, contentType, body, h, hang);
        }

        static Answer hanging() {
            return new Answer(0, null, null, Map.of(), true);
        }
    }

    final String apiKey;
    final AtomicInteger calls = new AtomicInteger();
    final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    final Deque<Answer> script = new ConcurrentLinkedDeque<>();
    volatile String successBody = """
            {"language_code":"eng","language_probability":0.98,"text":"Hello Grüße world.",\
            "words":[{"text":"Hello","start":0.1,"end":0.5,"type":"word","speaker_id":"speaker_0","logprob":-0.12},\
            {"text":" ","start":0.5,"end":0.52,"type":"spacing","speaker_id":"speaker_0"},\
            {"text":"Grüße","start":0.52,"end":0.9,"type":"word","speaker_id":"speaker_0"},\
            {"text":" ","start":0.9,"end":0.95,"type":"spacing"},\
            {"text":"(laughs)","start":0.95,"end":1.4,"type":"audio_event"},\
            {"text":"world.","start":1.4,"end":1.8,"type":"word","speaker_id":"speaker_0"}]}""";

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final CountDownLatch released = new CountDownLatch(1);

    FakeElevenLabs(String apiKey) throws IOException {
        this.apiKey = apiKey;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            calls.incrementAndGet();
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            URI uri = ex.getRequestURI();
            if (!"/v1/speech-to-text".equals(uri.getPath())) {
                send(ex, Answer.json(404, "{\"detail\":\"Not Found\"}"));
                return;
            }
            if (!"POST".equals(ex.getRequestMethod())) {
                send(ex, Answer.json(405, "{\"detail\":\"Method Not Allowed\"}"));
                return;
            }
            String key = ex.getRequestHeaders().getFirst("xi-api-key");
            if (key == null) {
                send(ex, Answer.json(401, "{\"detail\":{\"status\":\"needs_authorization\",\"message\":\"Neither authorization header nor xi-api-key received, please provide one.\"}}"));
                return;
            }
            if (!apiKey.equals(key)) {
                send(ex, Answer.json(401, "{\"detail\":{\"status\":\"invalid_api_key\",\"message\":\"Invalid API key\"}}"));
                return;
            }
            String ct = ex.getRequestHeaders().getFirst("Content-Type");
            Matcher m = ct == null ? null
                    : Pattern.compile("multipart/form-data;\\s*boundary=\"?([^\";]+)\"?").matcher(ct);
            if (m == null || !m.matches()) {
                send(ex, missing("file"));
                return;
            }
            Map<String, Part> parts = parseMultipart(body, m.group(1));
            if (parts == null || !parts.containsKey("file") || parts.get("file").filename == null) {
                send(ex, missing("file"));
                return;
            }
            if (!parts.containsKey("model_id")) {
                send(ex, missing("model_id"));
                return;
            }
            String model = parts.get("model_id").text();
            if (!MODELS.contains(model)) {
                send(ex, Answer.json(422, "{\"detail\":[{\"loc\":[\"body\",\"model_id\"],\"msg\":\"value is not a valid "
                        + "enumeration member; permitted: 'scribe_v1', 'scribe_v1_experimental'\",\"type\":\"type_error.enum\"}]}"));
                return;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            parts.forEach((name, p) -> {
                if (!"file".equals(name)) {
                    fields.put(name, p.text());
                }
            });
            Part file = parts.get("file");
            received.add(new Received(fields, file.content, file.filename, file.contentType, ct));
            Answer scripted = script.poll();
            if (scripted != null && scripted.hang) {
                released.await(60, TimeUnit.SECONDS); // the client must give up first
                return;
            }
            send(ex, scripted != null ? scripted : Answer.json(200, successBody));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Answer missing(String field) {
        return Answer.json(422, "{\"detail\":[{\"loc\":[\"body\",\"" + field
                + "\"],\"msg\":\"field required\",\"type\":\"value_error.missing\"}]}");
    }

    private static void send(HttpExchange ex, Answer a) throws IOException {
        byte[] b = a.body.getBytes(StandardCharsets.UTF_8);
        if (a.contentType != null) {
            ex.getResponseHeaders().set("Content-Type", a.contentType);
        }
        a.headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(a.status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
    }

    record Part(Map<String, String> headers, String name, String filename, String contentType, byte[] content) {
        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    /** RFC 7578 multipart/form-data; null when malformed. */
    static Map<String, Part> parseMultipart(byte[] body, String boundary) {
        byte[] dash = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        byte[] delim = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        if (indexOf(body, dash, 0) != 0) {
            return null;
        }
        Map<String, Part> parts = new LinkedHashMap<>();
        int pos = dash.length;
        while (true) {
            if (pos + 2 <= body.length && body[pos] == '-' && body[pos + 1] == '-') {
                return parts; // closing delimiter
            }
            if (pos + 2 > body.length || body[pos] != '\r' || body[pos + 1] != '\n') {
                return null;
            }
            pos += 2;
            int headEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), pos);
            if (headEnd < 0) {
                return null;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : new String(body, pos, headEnd - pos, StandardCharsets.UTF_8).split("\r\n")) {
                int c = line.indexOf(':');
                if (c < 0) {
                    return null;
                }
                headers.put(line.substring(0, c).trim().toLowerCase(), line.substring(c + 1).trim());
            }
            int contentStart = headEnd + 4;
            int next = indexOf(body, delim, contentStart);
            if (next < 0) {
                return null;
            }
            byte[] content = java.util.Arrays.copyOfRange(body, contentStart, next);
            String disposition = headers.getOrDefault("content-disposition", "");
            String name = param(disposition, "name");
            if (!disposition.startsWith("form-data") || name == null) {
                return null;
            }
            parts.put(name, new Part(headers, name, param(disposition, "filename"), headers.get("content-type"), content));
            pos = next + delim.length;
        }
    }

    private static String param(String header, String name) {
        Matcher m = Pattern.compile(";\\s*" + name + "=\"([^\"]*)\"").matcher(header);
        return m.find() ? m.group(1) : null;
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer: for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        pool.shutdownNow();
    }
}
