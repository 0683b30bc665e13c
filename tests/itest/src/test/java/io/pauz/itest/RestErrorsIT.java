package io.pauz.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.Before;
import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pauz.api.identity.Session;
import io.pauz.api.identity.Sessions;

/** The single JSON error format on every error path of a resource a feature bundle contributes. */
public class RestErrorsIT extends PauzTestBase {

    @Configuration
    public Option[] config() throws Exception {
        Path work = newWorkDir(RestErrorsIT.class);
        Fixtures.helloBundle(work.resolve("fixtures"), "1.0.0", "v1");
        return PauzOptions.runtime(work);
    }

    @Before
    public void installHello() throws Exception {
        if (http.get("hello").status() != 200) {
            Path jar = workDir().resolve("fixtures").resolve(Fixtures.HELLO_BSN + "-1.0.0.jar");
            Bundle b = context.installBundle(jar.toUri().toString());
            b.start();
            assertEquals("v1", http.await("hello", r -> r.status() == 200, Duration.ofSeconds(10)).body());
        }
    }

    @Test
    public void nonPublicResourcesNeedAValidSession() throws Exception {
        Http.Reply none = http.get("hello/me");
        assertEquals(401, none.status());
        assertEquals("unauthorized", none.errorCode());
        assertEquals("Bearer realm=\"pauz\"", none.headers().firstValue("WWW-Authenticate").orElse(null));

        // Accounts stopped: the platform says so instead of letting anyone in.
        Bundle accounts = java.util.Arrays.stream(context.getBundles())
                .filter(b -> "io.pauz.accounts".equals(b.getSymbolicName())).findFirst().orElseThrow();
        accounts.stop();
        try {
            Http.Reply noProvider = http.await("hello/me", r -> r.status() == 503, Duration.ofSeconds(10),
                    "Authorization", "Bearer some-token");
            assertEquals(503, noProvider.status());
            assertEquals("unavailable", noProvider.errorCode());
        } finally {
            accounts.start();
        }

        Sessions sessions = token -> token.equals("good-token")
                ? Optional.of(new Session("s1", "user-a", "a@example.test", "A", Instant.now().plusSeconds(60)))
                : Optional.empty();
        java.util.Hashtable<String, Object> ranked = new java.util.Hashtable<>();
        ranked.put(org.osgi.framework.Constants.SERVICE_RANKING, 100); // preferred over the accounts feature
        ServiceRegistration<Sessions> registration = context.registerService(Sessions.class, sessions, ranked);
        try {
            Http.Reply ok = http.await("hello/me", r -> r.status() == 200, Duration.ofSeconds(5),
                    "Authorization", "Bearer good-token");
            assertEquals("user-a", ok.body());
            Http.Reply bad = http.get("hello/me", "Authorization", "Bearer forged");
            assertEquals(401, bad.status());
            assertEquals("unauthorized", bad.errorCode());
            // The admin token is the operator, not a user.
            assertEquals(401, http.get("hello/me", Http.admin()).status());
            // Public methods stay public.
            assertEquals(200, http.get("hello").status());
        } finally {
            registration.unregister();
        }
    }

    @Test
    public void validJsonIsEchoed() {
        Http.Reply ok = http.post("hello/echo", "application/json", "{\"text\":\"héllo ✓\"}");
        assertEquals(200, ok.status());
        assertEquals("héllo ✓", ok.json().path("text").asText());
    }

    @Test
    public void malformedJsonIs400() {
        Http.Reply bad = http.post("hello/echo", "application/json", "{\"text\": ");
        assertEquals(400, bad.status());
        assertEquals("bad_json", bad.errorCode());
        Http.Reply trailing = http.post("hello/echo", "application/json", "{} {}");
        assertEquals(400, trailing.status());
        assertEquals("bad_json", trailing.errorCode());
        Http.Reply wrongShape = http.post("hello/echo", "application/json", "[1,2]");
        assertEquals(400, wrongShape.status());
        assertEquals("bad_json", wrongShape.errorCode());
    }

    @Test
    public void wrongMediaTypeIs415() {
        Http.Reply reply = http.post("hello/echo", "text/plain", "hello");
        assertEquals(415, reply.status());
        assertEquals("unsupported_media_type", reply.errorCode());
    }

    @Test
    public void unacceptableIs406() {
        Http.Reply reply = http.get("hello", "Accept", "image/png");
        assertEquals(406, reply.status());
        assertEquals("not_acceptable", reply.errorCode());
    }

    @Test
    public void tooLargeIs413WithOrWithoutContentLength() {
        String big = "{\"text\":\"" + "x".repeat(1_100_000) + "\"}";
        Http.Reply declared = http.post("hello/echo", "application/json", big);
        assertEquals(413, declared.status());
        assertEquals("payload_too_large", declared.errorCode());

        byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder chunked = http.request("hello/echo").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> (InputStream) new ByteArrayInputStream(bytes)));
        Http.Reply streamed = http.send(chunked);
        assertEquals(413, streamed.status());
        assertEquals("payload_too_large", streamed.errorCode());
    }

    @Test
    public void earlyErrorsLeaveTheConnectionUsableOrSayTheyCloseIt() throws Exception {
        String big = "{\"text\":\"" + "x".repeat(1_100_000) + "\"}";
        // Refused by its Content-Length before a byte of the body is read: the answer says the connection closes.
        try (Raw raw = raw()) {
            raw.sendInBackground(request("POST", "/api/v1/hello/echo", "application/json", big.length(), false), big);
            Raw.Reply tooLarge = raw.read();
            assertEquals(413, tooLarge.status());
            assertTrue(tooLarge.body(), tooLarge.body().contains("\"code\":\"payload_too_large\""));
            assertNextRequestWorksOrClosingWasAnnounced(raw, tooLarge);
        }
        // Cut off while streaming (chunked, no length): the same.
        try (Raw raw = raw()) {
            String chunked = Integer.toHexString(big.length()) + "\r\n" + big + "\r\n0\r\n\r\n";
            raw.sendInBackground(request("POST", "/api/v1/hello/echo", "application/json", -1, false), chunked);
            Raw.Reply tooLarge = raw.read();
            assertEquals(413, tooLarge.status());
            assertTrue(tooLarge.body(), tooLarge.body().contains("\"code\":\"payload_too_large\""));
            assertNextRequestWorksOrClosingWasAnnounced(raw, tooLarge);
        }
        // A small body nobody read (415 before reading): drained, the connection stays open for the next request.
        try (Raw raw = raw()) {
            raw.send(request("POST", "/api/v1/hello/echo", "text/plain", 5, false) + "hello");
            Raw.Reply unsupported = raw.read();
            assertEquals(415, unsupported.status());
            assertEquals(null, unsupported.headers().get("connection"));
            raw.send(request("GET", "/api/v1/hello", null, 0, false));
            Raw.Reply next = raw.read();
            assertEquals(200, next.status());
            assertEquals("v1", next.body());
        }
        // Malformed UTF-8 early in a JSON body: the parser gives up and closes its stream with most of the body unread;
        // the rest is drained or the answer says the connection closes (the fuzz found requests failing after it).
        for (int rest : new int[] { 20_000, 200_000 }) {
            try (Raw raw = raw()) {
                String body = "{\"text\":\"a\u00b4b" + " ".repeat(rest) + "\"}";
                raw.sendInBackground(request("POST", "/api/v1/hello/echo", "application/json", body.length(), false), body);
                Raw.Reply malformed = raw.read();
                assertEquals(malformed.body(), 400, malformed.status());
                assertNextRequestWorksOrClosingWasAnnounced(raw, malformed);
            }
        }
        // Refused for its path (before any servlet) with a body: the same rule.
        try (Raw raw = raw()) {
            raw.send(request("POST", "/api/v1/%2e%2e/v1/hello/echo", "application/json", 12, false) + "{\"text\":\"a\"}");
            Raw.Reply badUri = raw.read();
            assertEquals(400, badUri.status());
            assertTrue(badUri.body(), badUri.body().contains("\"code\":\"bad_uri\""));
            assertNextRequestWorksOrClosingWasAnnounced(raw, badUri);
        }
    }

    @Test
    public void ambiguousUrisAreRefusedAsJson() throws Exception {
        for (String path : new String[] { "/api/v1/%2e%2e/hello", "/api/v1/hello/%2E%2E/hello", "/api/v1/a%2fb",
                "/api/v1/a%5cb", "/api/v1/..;/hello", "/api/v1/hello/..;/admin/features", "/api/v1/%252e%252e/hello",
                "/api/v1//hello", "/api/v1/%2e%2e/%2e%2e/hello" }) {
            try (Raw raw = raw()) {
                raw.send(request("GET", path, null, 0, true));
                Raw.Reply reply = raw.read();
                assertEquals(path + ": " + reply.body(), 400, reply.status());
                assertTrue(path, reply.headers().getOrDefault("content-type", "").startsWith("application/json"));
                JsonNode error = new ObjectMapper().readTree(reply.body()).path("error");
                assertEquals(path, 400, error.path("status").asInt());
                assertEquals(path, "bad_uri", error.path("code").asText());
                assertTrue(path, error.path("message").isTextual());
            }
        }
        // Paths that climb above the root or hold NUL Jetty refuses itself, before any application code (its HTML
        // 400); it then closes the connection, and says so (errorPageCustomHeaders in runtime/pauz.bndrun).
        for (String path : new String[] { "/%2e%2e/api/v1/hello", "/api/v1/%2e%2e/%2e%2e/%2e%2e/hello", "/api/v1/a%00b" }) {
            try (Raw raw = raw()) {
                raw.send(request("GET", path, null, 0, false));
                Raw.Reply reply = raw.read();
                assertEquals(path, 400, reply.status());
                assertEquals(path, "close", reply.headers().get("connection"));
            }
        }
        try (Raw raw = raw()) {
            raw.send(request("GET", "/api/v1/hello", null, 0, true));
            assertEquals(200, raw.read().status());
        }
    }

    private static void assertNextRequestWorksOrClosingWasAnnounced(Raw raw, Raw.Reply first) throws IOException {
        if ("close".equalsIgnoreCase(first.headers().get("connection"))) {
            return; // the client knows to reconnect
        }
        raw.send(request("GET", "/api/v1/hello", null, 0, false));
        Raw.Reply next = raw.read();
        assertEquals("keep-alive connection broken after " + first.status(), 200, next.status());
    }

    private Raw raw() throws IOException {
        return new Raw(Integer.parseInt(context.getProperty("org.osgi.service.http.port")));
    }

    private static String request(String method, String path, String type, long length, boolean close) {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        if (type != null) {
            head.append("Content-Type: ").append(type).append("\r\n");
        }
        if (length > 0) {
            head.append("Content-Length: ").append(length).append("\r\n");
        } else if (length < 0) {
            head.append("Transfer-Encoding: chunked\r\n");
        }
        if (close) {
            head.append("Connection: close\r\n");
        }
        return head.append("\r\n").toString();
    }

    /** HTTP/1.1 on a raw socket: exact request lines (no client normalises the path) and one connection. */
    private static final class Raw implements AutoCloseable {
        record Reply(int status, Map<String, String> headers, String body) {
        }

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Raw(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(15_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** Headers now, the big body from another thread: the server may answer (and close) before it is sent. */
        void sendInBackground(String head, String body) throws IOException {
            send(head);
            Thread writer = new Thread(() -> {
                try {
                    send(body);
                } catch (IOException expected) {
                    // the server refused the body and closed its side
                }
            }, "raw-body-writer");
            writer.setDaemon(true);
            writer.start();
        }

        Reply read() throws IOException {
            String status = line();
            if (status == null) {
                throw new AssertionError("connection closed before a response");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = line(); h != null && !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (headers.containsKey("content-length")) {
                body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                    body.write(in.readNBytes(size));
                    line();
                }
                line();
            }
            return new Reply(Integer.parseInt(status.split(" ")[1]), headers, body.toString(StandardCharsets.UTF_8));
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    return line.length() == 0 ? null : line.toString();
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
