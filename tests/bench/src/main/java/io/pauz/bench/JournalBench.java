package io.pauz.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Free journal benchmark against pauz.jar started as a process on loopback: entry creates, list pages and
 * searches from {@value #THREADS} concurrent clients (bounded in time), then the offline transcription
 * real-time factor on real speech (the Sphinx4 fixtures). Prints a table and writes
 * {@code tests/bench/target/bench-journal.json}. Usage: {@code JournalBench <repo root> [seconds]}.
 */
public final class JournalBench {
    private static final int THREADS = 16;
    private static final String ADMIN_TOKEN = "bench-admin-token";
    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static final String[] WORDS = ("morning coffee walk river friend sister work deadline calm tired grateful rain "
            + "garden music book dinner anxious hopeful quiet train letter mountain ocean laugh").split(" ");

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path work = Files.createTempDirectory("pauz-journal-bench");
        int port = PlatformBench.freePort();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", root.resolve("runtime/target/pauz.jar").toString());
        pb.directory(root.toFile());
        pb.environment().put("PAUZ_PORT", String.valueOf(port));
        pb.environment().put("PAUZ_HOST", "127.0.0.1");
        pb.environment().put("PAUZ_ADMIN_TOKEN", ADMIN_TOKEN);
        pb.environment().put("PAUZ_DATA", work.resolve("data").toString());
        pb.environment().put("PAUZ_DEPLOY", Files.createDirectories(work.resolve("deploy")).toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(work.resolve("pauz.log").toFile());
        Process process = pb.start();
        String base = "http://127.0.0.1:" + port + "/api/v1/";
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Map<String, Object> result = new LinkedHashMap<>();
        try {
            awaitUp(client, base);
            String[] tokens = new String[THREADS];
            for (int i = 0; i < THREADS; i++) {
                String reply = send(client, post(base + "auth/local/register", null,
                        "{\"email\":\"bench" + i + "@example.org\",\"password\":\"correct horse\",\"name\":\"B\"}")).body();
                Matcher m = TOKEN.matcher(reply);
                if (!m.find()) {
                    throw new IllegalStateException("register failed: " + reply);
                }
                tokens[i] = m.group(1);
            }
            Result create = run(THREADS, seconds, (n, i) -> post(base + "journal/entries", tokens[n],
                    "{\"text\":\"" + sentence(n * 1_000_003L + i) + "\"}"), 201);
            result.put("threads", THREADS);
            put(result, "create", create);
            Result list = run(THREADS, seconds, (n, i) -> get(base + "journal/entries?limit=20", tokens[n]), 200);
            put(result, "list", list);
            Result search = run(THREADS, seconds, (n, i) -> get(base + "journal/entries?limit=20&q="
                    + WORDS[(int) (i % WORDS.length)] + "+" + WORDS[(int) ((i * 7 + 3) % WORDS.length)], tokens[n]), 200);
            put(result, "search", search);
            result.put("entries_per_user", create.ok / THREADS);
            result.put("rss_after_load_mb", PlatformBench.round(PlatformBench.rssKiB(process.pid()) / 1024.0));
            transcription(client, base, tokens[0], root, result);
        } finally {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        System.out.println();
        System.out.println("PAUZ journal benchmark (loopback, " + Runtime.getRuntime().availableProcessors() + " cores)");
        System.out.println("-".repeat(52));
        result.forEach((k, v) -> System.out.printf("%-34s %16s%n", k, v));
        Path out = root.resolve("tests/bench/target/bench-journal.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, PlatformBench.toJson(result));
        System.out.println("-".repeat(52));
        System.out.println("written: " + out);
    }

    private static void transcription(HttpClient client, String base, String token, Path root, Map<String, Object> result)
            throws Exception {
        Path clips = root.resolve("bundles/speech-sphinx4/src/test/resources/speech");
        double audio = 0;
        long start = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (String clip : List.of("librivox-0880", "librivox-0930", "cards-001", "cards-002")) {
            HttpResponse<String> r = send(client, HttpRequest.newBuilder(URI.create(base + "journal/voice"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "audio/wav")
                    .POST(HttpRequest.BodyPublishers.ofFile(clips.resolve(clip + ".wav"))));
            Matcher m = ID.matcher(r.body());
            if (r.statusCode() != 202 || !m.find()) {
                throw new IllegalStateException("upload failed: " + r.body());
            }
            ids.add(m.group(1));
        }
        for (String id : ids) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            String body = "";
            while (System.nanoTime() < end && !body.contains("\"status\":\"done\"") && !body.contains("\"status\":\"failed\"")) {
                Thread.sleep(100);
                body = send(client, get(base + "journal/entries/" + id + "/transcription", token)).body();
            }
            Matcher m = Pattern.compile("\"audioSeconds\":([0-9.]+)").matcher(body);
            if (m.find()) {
                audio += Double.parseDouble(m.group(1));
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        String metrics = send(client, get(base + "metrics", null)).body();
        result.put("transcribed_audio_s", PlatformBench.round(audio));
        result.put("transcription_wall_s (incl. model load)", PlatformBench.round(wall));
        result.put("transcription_rtf_decode", PlatformBench.round(metric(metrics, "pauz_transcription_decode_seconds_total")
                / metric(metrics, "pauz_transcription_audio_seconds_total")));
    }

    private static double metric(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " ([0-9.Ee+-]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static String sentence(long seed) {
        StringBuilder sb = new StringBuilder();
        long x = seed;
        for (int i = 0; i < 60; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            sb.append(WORDS[(int) ((x >>> 33) % WORDS.length)]).append(i % 12 == 11 ? ". " : " ");
        }
        return sb.toString().trim();
    }

    interface RequestFactory {
        HttpRequest.Builder make(int thread, long i);
    }

    record Result(long ok, long errors, double seconds, long[] latencies) {
        double p(double q) {
            return latencies.length == 0 ? 0
                    : latencies[(int) Math.min(latencies.length - 1, Math.max(0, Math.ceil(q * latencies.length) - 1))] / 1e6;
        }
    }

    private static void put(Map<String, Object> out, String name, Result r) {
        out.put(name + "_req_per_s", PlatformBench.round(r.ok / r.seconds));
        out.put(name + "_p50_ms", PlatformBench.round(r.p(0.5)));
        out.put(name + "_p99_ms", PlatformBench.round(r.p(0.99)));
        out.put(name + "_errors", r.errors);
    }

    private static Result run(int threads, int seconds, RequestFactory factory, int expected) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<long[]> lat = new ArrayList<>();
        int[] counts = new int[threads];
        List<Thread> list = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long[] l = new long[200_000];
            lat.add(l);
            int n = t;
            list.add(new Thread(() -> {
                long i = 0;
                while (running.get() && counts[n] < l.length) {
                    long s = System.nanoTime();
                    try {
                        int status = client.send(factory.make(n, i++).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                        l[counts[n]++] = System.nanoTime() - s;
                        (status == expected ? ok : errors).incrementAndGet();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            }));
        }
        long start = System.nanoTime();
        list.forEach(Thread::start);
        Thread.sleep(seconds * 1000L);
        running.set(false);
        for (Thread t : list) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] all = new long[Arrays.stream(counts).sum()];
        int pos = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(lat.get(t), 0, all, pos, counts[t]);
            pos += counts[t];
        }
        Arrays.sort(all);
        return new Result(ok.get(), errors.get(), elapsed, all);
    }

    private static HttpRequest.Builder post(String url, String token, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    private static HttpRequest.Builder get(String url, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        return token == null ? b.header("Authorization", "Bearer " + ADMIN_TOKEN)
                : b.header("Authorization", "Bearer " + token);
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder b) throws Exception {
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitUp(HttpClient client, String base) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < end) {
            try {
                if (send(client, HttpRequest.newBuilder(URI.create(base + "health")).GET()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("PAUZ did not come up");
    }
}
