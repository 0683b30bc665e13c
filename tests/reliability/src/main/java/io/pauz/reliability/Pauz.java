package io.pauz.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pauz.bench.PlatformBench;

/**
 * {@code pauz.jar} as a child process on 127.0.0.1 with its own data, deploy and config folders (a copy of the
 * repository's config/ so the suite can change configuration live), the admin token set; plus a small JSON client.
 */
final class Pauz implements AutoCloseable {
    static final String ADMIN = "reliability-admin-token";
    static final ObjectMapper JSON = new ObjectMapper();
    final Path root;
    final Path jar;
    final Path work;
    final Path config;
    final Path data;
    final int port;
    final String base;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    long startNanos;

    Pauz(Path root, Path jar, Path work, Path data, String... overrides) throws IOException {
        this.root = root;
        this.jar = jar;
        this.work = Files.createDirectories(work);
        this.data = data;
        config = Files.createDirectories(work.resolve("config"));
        try (var files = Files.list(root.resolve("config"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().endsWith(".cfg")) {
                    Files.copy(f, config.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        for (String o : overrides) {
            set(o);
        }
        port = PlatformBench.freePort();
        base = "http://127.0.0.1:" + port + "/api/v1/";
    }

    /** {@code "<pid>:<key>=<value>"} into the config copy (FileInstall applies it live). */
    void set(String override) throws IOException {
        int colon = override.indexOf(':');
        int equals = override.indexOf('=');
        Path file = config.resolve(override.substring(0, colon) + ".cfg");
        String key = override.substring(colon + 1, equals);
        String text = Files.exists(file) ? Files.readString(file) : "";
        String line = key + "=" + override.substring(equals + 1);
        Pattern p = Pattern.compile("(?m)^" + Pattern.quote(key) + "=.*$");
        text = p.matcher(text).find() ? p.matcher(text).replaceAll(Matcher.quoteReplacement(line)) : text + "\n" + line + "\n";
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Starts and returns the seconds to the first 200 of /health. */
    double start() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dfelix.fileinstall.dir=" + config, "-jar", jar.toString());
        pb.directory(root.toFile());
        pb.environment().put("PAUZ_PORT", String.valueOf(port));
        pb.environment().put("PAUZ_HOST", "127.0.0.1");
        pb.environment().put("PAUZ_DATA", data.toString());
        pb.environment().put("PAUZ_DEPLOY", Files.createDirectories(work.resolve("deploy")).toString());
        pb.environment().put("PAUZ_ADMIN_TOKEN", ADMIN);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("pauz.log").toFile()));
        startNanos = System.nanoTime();
        process = pb.start();
        long end = startNanos + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end && process.isAlive()) {
            if (status("GET", "health", null, null) == 200) {
                double s = (System.nanoTime() - startNanos) / 1e9;
                // Late feature bundles may still register REST resources after health is UP.
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (status("GET", "journal/entries", null, null) != 401 && System.nanoTime() < until) {
                    Thread.sleep(50);
                }
                return s;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("pauz.jar did not come up; see " + work.resolve("pauz.log"));
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    void kill9() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    double rssMb() throws IOException {
        return PlatformBench.round(PlatformBench.rssKiB(process.pid()) / 1024.0);
    }

    record Reply(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }
    }

    Reply call(String method, String path, String token, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Reply(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(-1, e.toString());
        }
    }

    Reply get(String path, String token) {
        return call("GET", path, token, null, null);
    }

    Reply post(String path, String token, String json) {
        return call("POST", path, token, "application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    int status(String method, String path, String token, byte[] body) {
        return call(method, path, token, body == null ? null : "application/json", body).status();
    }

    String register(String email) throws InterruptedException {
        Reply r = null;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        do {
            if (r != null) {
                Thread.sleep(200); // accounts still starting (503)
            }
            r = post("auth/local/register", null, "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\",\"name\":\"R\"}");
        } while (r.status() == 503 && System.nanoTime() < end);
        if (r.status() != 201) {
            throw new IllegalStateException("register " + email + ": " + r.status() + " " + r.body());
        }
        return r.json().path("token").asText();
    }

    /** Whether the live OpenAPI document lists this path. */
    boolean has(String path) {
        Reply r = get("openapi.json", null);
        return r.status() == 200 && r.json().path("paths").has(path);
    }

    /** GET that waits out 503s (features still starting after a restart) for at most {@code seconds}. */
    Reply getSettled(String path, String token, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Reply r = get(path, token);
        while ((r.status() == 503 || r.status() == -1) && System.nanoTime() < end) {
            Thread.sleep(100);
            r = get(path, token);
        }
        return r;
    }

    /** Every entry id of the user, through the cursor pages. */
    List<String> entryIds(String token) throws InterruptedException {
        List<String> ids = new java.util.ArrayList<>();
        String cursor = null;
        do {
            Reply page = getSettled("journal/entries?limit=100" + (cursor == null ? "" : "&cursor=" + cursor), token, 60);
            if (page.status() != 200) {
                throw new IllegalStateException("list: " + page.status() + " " + page.body());
            }
            page.json().path("entries").forEach(e -> ids.add(e.path("id").asText()));
            cursor = page.json().path("nextCursor").isNull() ? null : page.json().path("nextCursor").asText();
        } while (cursor != null);
        return ids;
    }
}
