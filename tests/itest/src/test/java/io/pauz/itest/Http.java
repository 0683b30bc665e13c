package io.pauz.itest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A small HTTP client for tests, on 127.0.0.1 only. */
public final class Http {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public Http(int port) {
        this.base = "http://127.0.0.1:" + port + "/api/v1/";
    }

    public record Reply(int status, String body, java.net.http.HttpHeaders headers) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        /** Asserts the API's error format and returns its code. */
        public String errorCode() {
            JsonNode error = json().path("error");
            if (error.path("status").asInt() != status || !error.path("code").isTextual()
                    || !error.path("message").isTextual()) {
                throw new AssertionError("not the API error format for " + status + ": " + body);
            }
            String type = headers.firstValue("Content-Type").orElse("");
            if (!type.startsWith("application/json")) {
                throw new AssertionError("error is not served as JSON: " + type);
            }
            return error.path("code").asText();
        }
    }

    public Reply get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    public Reply delete(String path, String... headers) {
        return send(request(path, headers).DELETE());
    }

    public Reply post(String path, String contentType, String body, String... headers) {
        return send(request(path, headers).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Reply postFile(String path, String contentType, Path file, String... headers) {
        try {
            return send(request(path, headers).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofFile(file)));
        } catch (java.io.FileNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    public Reply postBytes(String path, String contentType, byte[] body, String... headers) {
        return send(request(path, headers).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public Reply send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> r = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            return new Reply(-1, e.toString(), java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** For binary answers (pictures, files). */
    public HttpResponse<byte[]> bytes(HttpRequest.Builder builder) {
        try {
            return client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    /** Polls until {@code check} holds or the time is up; returns the last reply. */
    public Reply await(String path, java.util.function.Predicate<Reply> check, Duration max, String... headers) {
        long end = System.nanoTime() + max.toNanos();
        Reply last = get(path, headers);
        while (!check.test(last) && System.nanoTime() < end) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = get(path, headers);
        }
        return last;
    }

    public static String[] admin() {
        return new String[] { "Authorization", "Bearer " + PauzOptions.ADMIN_TOKEN };
    }
}
