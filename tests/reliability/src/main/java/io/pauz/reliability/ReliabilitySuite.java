package io.pauz.reliability;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import com.fasterxml.jackson.databind.SerializationFeature;

import io.pauz.bench.LoadGenerator;
import io.pauz.bench.LoadGenerator.Request;
import io.pauz.bench.PlatformBench;

/**
 * The long reliability suite (tests/reliability/run.sh): start-up and idle memory beside Apache Karaf, load at 64
 * loopback connections beside a bare Jetty servlet, memory after 10,000 entries, hot swap of bundles under load,
 * kill -9 during a burst of writes, a full disk. Prints one table and writes target/reliability.json. Everything on
 * 127.0.0.1, every phase bounded in time.
 *
 * <p>Usage: {@code ReliabilitySuite <repo root> <pauz.jar> <work dir> <karaf tar.gz or -> <classpath for BareJetty>
 * [seconds per load figure]}.
 */
public final class ReliabilitySuite {
    private static final int CONNECTIONS = 64;
    private static final int USERS = 8;
    private static final String HINT_TEXT = "I slept badly and the day felt long, but the walk home was calm";
    private static final String[] WORDS = ("morning coffee walk river friend sister work deadline calm tired grateful rain "
            + "garden music book dinner anxious hopeful quiet train letter mountain ocean laugh").split(" ");

    private final Path root;
    private final Path jar;
    private final Path work;
    private final String karaf;
    private final String classpath;
    private final int seconds;
    /** section -> metric -> value, in order; printed as the table and written as JSON. */
    private final Map<String, Map<String, Object>> results = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    private ReliabilitySuite(String[] args) {
        root = Path.of(args[0]).toAbsolutePath().normalize();
        jar = Path.of(args[1]).toAbsolutePath();
        work = Path.of(args[2]).toAbsolutePath();
        karaf = args[3];
        classpath = args[4];
        seconds = args.length > 5 ? Integer.parseInt(args[5]) : 10;
    }

    public static void main(String[] args) throws Exception {
        ReliabilitySuite suite = new ReliabilitySuite(args);
        long t0 = System.nanoTime();
        suite.run();
        suite.put("suite", "wall time s", PlatformBench.round((System.nanoTime() - t0) / 1e9));
        suite.report();
        System.exit(suite.problems.isEmpty() ? 0 : 1);
    }

    private void put(String section, String metric, Object value) {
        results.computeIfAbsent(section, k -> new LinkedHashMap<>()).put(metric, value);
    }

    private void problem(String what) {
        problems.add(what);
        System.out.println("PROBLEM: " + what);
    }

    private void run() throws Exception {
        Files.createDirectories(work);
        put("machine", "cores", Runtime.getRuntime().availableProcessors());
        put("machine", "load average at start", Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        // PHASES=platform,kill,disk,karaf (default all) runs a part, e.g. to repeat one figure.
        String phases = System.getenv().getOrDefault("PHASES", "platform,kill,disk,karaf");
        if (phases.contains("platform")) {
            phase("platform, load, bare Jetty, 10,000 entries, hot swap", this::platform);
        }
        if (phases.contains("swap") && !phases.contains("platform")) { // the hot swap alone, to repeat that figure
            phase("hot swap", this::swapOnly);
        }
        if (phases.contains("kill")) {
            phase("kill -9 during a burst", this::killBurst);
        }
        if (phases.contains("disk")) {
            phase("full disk", this::fullDisk);
        }
        if (phases.contains("karaf")) {
            phase("Apache Karaf", this::karafPeer);
        }
        attacks();
    }

    /** The attack and fault tests of tests/itest that run.sh ran just before (their failsafe reports). */
    private void attacks() throws IOException {
        Path reports = root.resolve("tests/itest/target/failsafe-reports");
        for (String name : List.of("SecurityE2EIT", "DurabilityE2EIT", "DurabilityExportCrashE2EIT", "JournalCrashE2EIT")) {
            Path xml = reports.resolve("TEST-io.pauz.itest." + name + ".xml");
            String section = "attacks and faults (tests/itest, run by run.sh)";
            if (!Files.exists(xml)) {
                put(section, name, "not run");
                continue;
            }
            String head = Files.readString(xml);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("<testsuite[^>]*").matcher(head);
            String attrs = m.find() ? m.group() : "";
            String tests = attr(attrs, "tests");
            long bad = Long.parseLong(attr(attrs, "failures")) + Long.parseLong(attr(attrs, "errors"));
            put(section, name, tests + " tests, " + bad + " failed, " + attr(attrs, "time") + " s ("
                    + java.time.Instant.ofEpochMilli(Files.getLastModifiedTime(xml).toMillis()) + ")");
            if (bad > 0) {
                problem(name + ": " + bad + " failed tests, see " + xml);
            }
        }
    }

    private static String attr(String attrs, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b" + name + "=\"([^\"]*)\"").matcher(attrs);
        return m.find() ? m.group(1) : "0";
    }

    interface Phase {
        void run() throws Exception;
    }

    private void phase(String name, Phase phase) {
        long t = System.nanoTime();
        System.out.println("== " + name);
        try {
            phase.run();
        } catch (Exception | AssertionError e) {
            problem(name + " did not complete: " + e);
            e.printStackTrace(System.out);
        }
        System.out.printf("== %s: %.1f s%n", name, (System.nanoTime() - t) / 1e9);
    }

    // ------------------------------------------------------------------------------------------------------------

    private void platform() throws Exception {
        Path dir = work.resolve("platform");
        // The cached hint is measured, not the per-user rate limit; nothing else differs from the shipped config.
        try (Pauz pauz = new Pauz(root, jar, dir, dir.resolve("data"), "io.pauz.ai:rate.per.minute=1000000")) {
            double start = pauz.start();
            put("start-up and memory", "pauz.jar: start to first 200 of /health, s", PlatformBench.round(start));
            Thread.sleep(15_000); // idle, as an operator sees it (the speech model preloads in this time)
            put("start-up and memory", "pauz.jar: idle RSS 15 s after start, MB", pauz.rssMb());

            String[] tokens = new String[USERS];
            for (int i = 0; i < USERS; i++) {
                tokens[i] = pauz.register("load" + i + "@example.org");
            }
            Path bodies = Files.createDirectories(dir.resolve("bodies"));
            Pauz.Reply created = pauz.post("journal/entries", tokens[0], "{\"text\":\"" + sentence(1) + "\"}");
            Files.writeString(bodies.resolve("create.json"), created.body());
            for (String t : tokens) {
                pauz.post("ai/hints", t, "{\"text\":\"" + HINT_TEXT + "\"}"); // fills the 24 h cache
            }
            Files.writeString(bodies.resolve("hint.json"), pauz.post("ai/hints", tokens[0], "{\"text\":\"" + HINT_TEXT + "\"}").body());

            Map<String, LoadGenerator.Result> mine = workloads(pauz.port, tokens);
            Files.writeString(bodies.resolve("list.json"), pauz.get("journal/entries?limit=20", tokens[0]).body());
            long entries = mine.get("create-entry").categories().get("create-entry").ok() + 1;

            Map<String, LoadGenerator.Result> bare = bareJetty(bodies, tokens);
            for (String w : List.of("create-entry", "list-entries", "cached-ai-hint")) {
                LoadGenerator.Stats p = mine.get(w).categories().get(w);
                LoadGenerator.Stats j = bare.get(w).categories().get(w);
                String section = "load at 64 connections, " + seconds + " s each";
                put(section, w + ": PAUZ req/s", PlatformBench.round(mine.get(w).perSecond(w)));
                put(section, w + ": PAUZ p50 / p99 ms", PlatformBench.round(p.percentile(0.5)) + " / " + PlatformBench.round(p.percentile(0.99)));
                put(section, w + ": PAUZ errors", p.errors());
                put(section, w + ": bare Jetty req/s", PlatformBench.round(bare.get(w).perSecond(w)));
                put(section, w + ": bare Jetty p50 / p99 ms", PlatformBench.round(j.percentile(0.5)) + " / " + PlatformBench.round(j.percentile(0.99)));
                put(section, w + ": bare Jetty / PAUZ (req/s)", PlatformBench.round(bare.get(w).perSecond(w) / Math.max(1e-9, mine.get(w).perSecond(w))));
                if (p.errors() > 0) {
                    problem(w + ": " + p.errors() + " errors under load");
                }
            }

            // Memory after 10,000 entries (the load above wrote some of them).
            long missing = Math.max(0, 10_000 - entries);
            long t = System.nanoTime();
            LoadGenerator.Result topUp = LoadGenerator.run(pauz.port, CONNECTIONS, 240, missing,
                    (c, i) -> Request.post("create-entry", "/api/v1/journal/entries", "{\"text\":\"" + sentence(c * 100_003L + i) + "\"}",
                            201, "Authorization: Bearer " + tokens[c % USERS]), null);
            entries += topUp.categories().getOrDefault("create-entry", new LoadGenerator.Stats()).ok();
            Thread.sleep(5000);
            put("start-up and memory", "pauz.jar: RSS after " + entries + " entries (+ the load runs), MB", pauz.rssMb());
            put("start-up and memory", "entries written to reach 10,000: s", PlatformBench.round((System.nanoTime() - t) / 1e9));

            hotSwap(pauz, tokens);
        }
    }

    private void swapOnly() throws Exception {
        Path dir = work.resolve("swap");
        try (Pauz pauz = new Pauz(root, jar, dir, dir.resolve("data"), "io.pauz.ai:rate.per.minute=1000000")) {
            pauz.start();
            String[] tokens = new String[USERS];
            for (int i = 0; i < USERS; i++) {
                tokens[i] = pauz.register("load" + i + "@example.org");
                pauz.post("ai/hints", tokens[i], "{\"text\":\"" + HINT_TEXT + "\"}"); // fills the 24 h cache
            }
            workloads(pauz.port, tokens); // the JIT warm, as in the platform phase
            hotSwap(pauz, tokens);
        }
    }

    private Map<String, LoadGenerator.Result> workloads(int port, String[] tokens) throws Exception {
        Map<String, LoadGenerator.Result> out = new LinkedHashMap<>();
        // Warm-up: the JIT, pools and caches, as the platform bench does.
        LoadGenerator.run(port, 8, 3, Long.MAX_VALUE, (c, i) -> Request.get("warm", "/api/v1/journal/entries?limit=20",
                "Authorization: Bearer " + tokens[c % USERS]), null);
        out.put("create-entry", LoadGenerator.run(port, CONNECTIONS, seconds, Long.MAX_VALUE,
                (c, i) -> Request.post("create-entry", "/api/v1/journal/entries", "{\"text\":\"" + sentence(c * 1_000_003L + i) + "\"}",
                        201, "Authorization: Bearer " + tokens[c % USERS]), null));
        out.put("list-entries", LoadGenerator.run(port, CONNECTIONS, seconds, Long.MAX_VALUE,
                (c, i) -> Request.get("list-entries", "/api/v1/journal/entries?limit=20", "Authorization: Bearer " + tokens[c % USERS]), null));
        out.put("cached-ai-hint", LoadGenerator.run(port, CONNECTIONS, seconds, Long.MAX_VALUE,
                (c, i) -> Request.post("cached-ai-hint", "/api/v1/ai/hints", "{\"text\":\"" + HINT_TEXT + "\"}", 200,
                        "Authorization: Bearer " + tokens[c % USERS]), null));
        return out;
    }

    private Map<String, LoadGenerator.Result> bareJetty(Path bodies, String[] tokens) throws Exception {
        int port = PlatformBench.freePort();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", classpath, BareJetty.class.getName(), String.valueOf(port), bodies.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(work.resolve("bare-jetty.log").toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            awaitPort(port, 30);
            put("start-up and memory", "bare Jetty servlet: start to listening, s", PlatformBench.round((System.nanoTime() - t0) / 1e9));
            return workloads(port, tokens);
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * 64 connections drive creates, lists, cached hints, /me and guided topics while three bundles are updated in turn
     * through the admin API (the same jar as an update): the journal feature (its logic in io.pauz.journal, its REST
     * resource in io.pauz.journal.rest, each updated on its own), the AI layer with its engine (the offline engine
     * lives in io.pauz.ai; its REST resource in io.pauz.ai.rest), and the bucket provider (io.pauz.bucket.local). The
     * logic bundles and the provider declare Pauz-Update: side-by-side (a new revision starts beside the old one); the
     * REST bundles are stopped, replaced and started in place.
     */
    private void hotSwap(Pauz pauz, String[] tokens) throws Exception {
        Map<String, byte[]> jars = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            // SWAP=bsn,bsn picks some of them (to repeat one figure).
            List<String> swapped = List.of(System.getenv().getOrDefault("SWAP",
                    "io.pauz.journal,io.pauz.journal.rest,io.pauz.ai,io.pauz.ai.rest,io.pauz.bucket.local").split(","));
            for (String bsn : swapped) {
                ZipEntry e = zip.stream().filter(z -> z.getName().matches("jar/" + java.util.regex.Pattern.quote(bsn) + "-[0-9].*\\.jar"))
                        .findFirst().orElseThrow(() -> new IllegalStateException(bsn + " not in pauz.jar"));
                jars.put(bsn, zip.getInputStream(e).readAllBytes());
            }
        }
        String[] categories = { "journal create", "journal list", "ai hint", "accounts /me", "guided topics" };
        long window = TimeUnit.SECONDS.toNanos(10);
        Map<String, long[]> swaps = new LinkedHashMap<>(); // bsn -> {start, end} ns since the run started
        AtomicInteger adminStatus = new AtomicInteger();
        long[] runStart = new long[1];
        // SWAP_ROUNDS=n updates each bundle n times in turn: one gap is one sample on a noisy 2-core machine.
        int rounds = Math.max(1, Integer.parseInt(System.getenv().getOrDefault("SWAP_ROUNDS", "1")));
        LoadGenerator.Result r = LoadGenerator.run(pauz.port, CONNECTIONS, 4 + 10.0 * jars.size() * rounds + 2, Long.MAX_VALUE, (c, i) -> {
            String auth = "Authorization: Bearer " + tokens[c % USERS];
            return switch ((int) ((c + i) % 5)) {
                case 0 -> Request.post(categories[0], "/api/v1/journal/entries", "{\"text\":\"" + sentence(i * 31 + c) + "\"}", 201, auth);
                case 1 -> Request.get(categories[1], "/api/v1/journal/entries?limit=20", auth);
                case 2 -> Request.post(categories[2], "/api/v1/ai/hints", "{\"text\":\"" + HINT_TEXT + "\"}", 200, auth);
                case 3 -> Request.get(categories[3], "/api/v1/me", auth);
                default -> Request.get(categories[4], "/api/v1/guided/topics", auth);
            };
        }, () -> {
            runStart[0] = System.nanoTime();
            try {
                Thread.sleep(4000);
                for (int round = 1; round <= rounds; round++) {
                    for (Map.Entry<String, byte[]> e : jars.entrySet()) {
                        String key = rounds == 1 ? e.getKey() : e.getKey() + " #" + round;
                        long s = System.nanoTime();
                        Pauz.Reply reply = pauz.call("POST", "admin/bundles", Pauz.ADMIN, "application/java-archive", e.getValue());
                        long end = System.nanoTime();
                        adminStatus.set(reply.status());
                        if (reply.status() != 200) {
                            problem("update of " + e.getKey() + " answered " + reply.status() + " " + reply.body());
                        }
                        swaps.put(key, new long[] { s, end });
                        Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(s + window - System.nanoTime())));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        String section = "hot swap under load (64 connections; failed requests in the 10 s after each update)";
        Map<String, List<Long>> ownGaps = new LinkedHashMap<>();
        long base = r.startNanos();
        for (Map.Entry<String, long[]> swap : swaps.entrySet()) {
            long from = swap.getValue()[0] - base;
            long to = from + window;
            StringBuilder failed = new StringBuilder();
            StringBuilder gaps = new StringBuilder();
            for (String cat : categories) {
                long n = r.failures().stream().filter(f -> f.category().equals(cat) && f.atNanos() >= from && f.atNanos() < to).count();
                failed.append(failed.length() == 0 ? "" : ", ").append(cat).append(' ').append(n);
                LoadGenerator.Stats s = r.categories().get(cat);
                gaps.append(gaps.length() == 0 ? "" : ", ").append(cat).append(' ')
                        .append(s == null ? "-" : Math.round(s.longestGapMillis(from, to)));
            }
            // Goal: zero failures for the features not being swapped, the swapped feature's gap under 250 ms. Every
            // feature stores through the bucket provider, so for it all count as the swapped feature.
            String bsn = swap.getKey().split(" ")[0];
            List<String> own = switch (bsn) {
                case "io.pauz.journal", "io.pauz.journal.rest" -> List.of(categories[0], categories[1]);
                case "io.pauz.ai", "io.pauz.ai.rest" -> List.of(categories[2]);
                default -> List.of(categories);
            };
            long others = r.failures().stream().filter(f -> !own.contains(f.category()) && f.atNanos() >= from && f.atNanos() < to).count();
            long ownGap = own.stream().mapToLong(c -> r.categories().get(c) == null ? 0
                    : Math.round(r.categories().get(c).longestGapMillis(from, to))).max().orElse(0);
            put(section, swap.getKey() + ": goal (0 failures elsewhere, own gap < 250 ms)",
                    (others == 0 && ownGap < 250 ? "met" : "NOT met") + ": " + others + " failures elsewhere, own gap " + ownGap + " ms");
            put(section, swap.getKey() + ": update call ms", Math.round((swap.getValue()[1] - swap.getValue()[0]) / 1e6));
            put(section, swap.getKey() + ": failed requests", failed.toString());
            put(section, swap.getKey() + ": longest gap without a success, ms", gaps.toString());
            ownGaps.computeIfAbsent(bsn, k -> new ArrayList<>()).add(ownGap);
        }
        if (rounds > 1) {
            ownGaps.forEach((bsn, list) -> {
                List<Long> sorted = list.stream().sorted().toList();
                put(section, bsn + ": own gap per round ms / median", list + " / " + sorted.get(sorted.size() / 2));
            });
        }
        long baselineTo = swaps.values().stream().mapToLong(v -> v[0] - base).min().orElse(0);
        long before = r.failures().stream().filter(f -> f.atNanos() < baselineTo).count();
        put(section, "failed requests before the first update", before);
        // The same measure where nothing is updated (from 1 s in, after the connections are up, to the first update):
        // what the load alone gives on this machine, to read the gaps above against.
        long warm = TimeUnit.SECONDS.toNanos(1);
        StringBuilder quiet = new StringBuilder();
        for (String cat : categories) {
            LoadGenerator.Stats s = r.categories().get(cat);
            quiet.append(quiet.length() == 0 ? "" : ", ").append(cat).append(' ')
                    .append(s == null ? "-" : Math.round(s.longestGapMillis(warm, baselineTo)));
        }
        put(section, "longest gap without a success before the first update (nothing updated), ms", quiet.toString());
        Map<String, Long> statuses = new java.util.TreeMap<>();
        r.failures().forEach(f -> statuses.merge(f.category() + " " + f.status(), 1L, Long::sum));
        put(section, "failures by category and status (-1: connection error)", statuses.toString());
        long total = r.categories().values().stream().mapToLong(LoadGenerator.Stats::ok).sum();
        put(section, "requests answered in all / req/s", total + " / " + PlatformBench.round(total / r.seconds()));
        put(section, "health after the swaps", pauz.get("health", null).status());
    }

    // ------------------------------------------------------------------------------------------------------------

    /**
     * kill -9 during a burst of entry creates (8 writers), voice uploads and exports (when the export feature is
     * installed); after a restart on the same data every acknowledged entry is readable with its exact text, nothing
     * half-written is listed, and pending transcription and export jobs finish.
     */
    private void killBurst() throws Exception {
        Path dir = work.resolve("kill9");
        Path clips = root.resolve("bundles/speech-sphinx4/src/test/resources/speech");
        String section = "kill -9 during a burst of writes";
        try (Pauz pauz = new Pauz(root, jar, dir, dir.resolve("data"), "io.pauz.speech.sphinx4:preload=false")) {
            pauz.start();
            Thread.sleep(15_000);
            put("start-up and memory", "pauz.jar with the speech model not preloaded: idle RSS 15 s after start, MB", pauz.rssMb());
            String token = pauz.register("crash@example.org");
            boolean exports = pauz.has("/exports");
            Map<String, String> acknowledged = new ConcurrentHashMap<>();
            List<String> voice = java.util.Collections.synchronizedList(new ArrayList<>());
            List<String> exportIds = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean writing = new AtomicBoolean(true);
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int writer = w;
                threads.add(new Thread(() -> {
                    for (int i = 0; writing.get() && i < 5000; i++) {
                        String text = "Burst entry " + writer + "-" + i + " " + sentence(writer * 7919L + i);
                        Pauz.Reply r = pauz.post("journal/entries", token, "{\"text\":\"" + text + "\"}");
                        if (r.status() == 201) {
                            acknowledged.put(r.json().path("id").asText(), text);
                        }
                    }
                }));
            }
            threads.add(new Thread(() -> {
                List<String> names = List.of("librivox-0880", "librivox-0930", "cards-001", "cards-002");
                for (int i = 0; writing.get() && i < 8; i++) {
                    try {
                        Pauz.Reply r = pauz.call("POST", "journal/voice", token, "audio/wav",
                                Files.readAllBytes(clips.resolve(names.get(i % names.size()) + ".wav")));
                        if (r.status() == 202) {
                            voice.add(r.json().path("entry").path("id").asText());
                        }
                    } catch (IOException e) {
                        return;
                    }
                }
            }));
            if (exports) {
                threads.add(new Thread(() -> {
                    for (int i = 0; writing.get() && i < 50; i++) {
                        Pauz.Reply r = pauz.post("exports", token, "{\"format\":\"" + (i % 2 == 0 ? "json" : "markdown") + "\"}");
                        if (r.status() / 100 == 2) {
                            exportIds.add(r.json().path("id").asText());
                        }
                        try {
                            Thread.sleep(300);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }));
            }
            threads.forEach(Thread::start);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((acknowledged.size() < 200 || voice.size() < 2 || exports && exportIds.size() < 3) && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            pauz.kill9();
            writing.set(false);
            for (Thread t : threads) {
                t.join(30_000);
            }
            put(section, "acknowledged before the kill: entries / voice / exports",
                    acknowledged.size() + " / " + voice.size() + " / " + (exports ? exportIds.size() : "not installed"));

            double restart = pauz.start();
            put(section, "restart to first 200 of /health, s", PlatformBench.round(restart));
            int lost = 0;
            int wrong = 0;
            Map<Integer, Integer> lostStatus = new java.util.TreeMap<>();
            for (Map.Entry<String, String> e : acknowledged.entrySet()) {
                Pauz.Reply r = pauz.getSettled("journal/entries/" + e.getKey(), token, 60);
                if (r.status() != 200) {
                    lost++;
                    lostStatus.merge(r.status(), 1, Integer::sum);
                } else if (!e.getValue().equals(r.json().path("text").asText())) {
                    wrong++;
                }
            }
            if (lost > 0) {
                put(section, "statuses of the lost ones", lostStatus.toString());
            }
            List<String> listed = pauz.entryIds(token);
            int half = 0;
            for (String id : listed) {
                Pauz.Reply r = pauz.getSettled("journal/entries/" + id, token, 60);
                if (r.status() != 200 || "text".equals(r.json().path("source").asText())
                        && !r.json().path("text").asText().startsWith("Burst entry ")) {
                    half++;
                }
            }
            put(section, "acknowledged entries lost / with other text", lost + " / " + wrong);
            put(section, "entries listed after restart / unreadable or half-written", listed.size() + " / " + half);
            if (lost + wrong + half > 0) {
                problem("kill -9: " + lost + " lost, " + wrong + " changed, " + half + " half-written entries");
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            Map<String, Integer> jobStates = new java.util.TreeMap<>();
            for (String id : voice) {
                String status = "";
                Pauz.Reply r = null;
                while (System.nanoTime() < end) {
                    r = pauz.getSettled("journal/entries/" + id + "/transcription", token, 60);
                    status = r.status() == 200 ? r.json().path("status").asText() : "http " + r.status();
                    if (status.equals("done") || status.equals("failed") || r.status() == 404) {
                        break;
                    }
                    Thread.sleep(200);
                }
                jobStates.merge(status, 1, Integer::sum);
                if (!status.equals("done") && r != null) {
                    put(section, "transcription job not done: " + id, r.body().length() > 300 ? r.body().substring(0, 300) : r.body());
                }
            }
            put(section, "transcription jobs after restart", jobStates.toString());
            if (jobStates.keySet().stream().anyMatch(s -> !s.equals("done"))) {
                problem("transcription jobs after kill -9: " + jobStates);
            }
            if (exports) {
                Map<String, Integer> exportStates = new java.util.TreeMap<>();
                long exportEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                for (String id : exportIds) {
                    String status = "";
                    while (System.nanoTime() < exportEnd) {
                        Pauz.Reply r = pauz.getSettled("exports/" + id, token, 60);
                        status = r.status() == 200 ? r.json().path("status").asText() : "http " + r.status();
                        if (status.equals("done") || status.equals("failed") || status.startsWith("http")) {
                            break;
                        }
                        Thread.sleep(200);
                    }
                    exportStates.merge(status, 1, Integer::sum);
                }
                put(section, "export jobs after restart", exportStates.toString());
                if (exportStates.keySet().stream().anyMatch(s -> !s.equals("done"))) {
                    problem("export jobs after kill -9: " + exportStates);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    /**
     * A full disk: the data folder on a 192 MB loop-mounted ext4 file system (as root), filled by 16 writers with
     * 90 KB entries until it is full; the answers are counted (507 expected, never 500), then room is made (a ballast
     * file is deleted) and writing must work again without a restart; after a kill -9 and a restart every
     * acknowledged entry is readable and whole. Without root the bucket quota stands in for the disk.
     */
    private void fullDisk() throws Exception {
        Path dir = work.resolve("fulldisk");
        Files.createDirectories(dir);
        Path image = dir.resolve("disk.img");
        Path mount = dir.resolve("mnt");
        Files.createDirectories(mount);
        boolean mounted = sh("truncate", "-s", "192M", image.toString()) == 0 && sh("mkfs.ext4", "-q", "-F", image.toString()) == 0
                && sh("mount", "-o", "loop", image.toString(), mount.toString()) == 0;
        String section = "full disk (" + (mounted ? "192 MB loop-mounted ext4 data folder" : "bucket quota 20 MB: no loop mount here") + ")";
        try {
            Path ballast = mount.resolve("ballast");
            if (mounted) {
                try (var out = Files.newOutputStream(ballast)) {
                    byte[] mb = new byte[1 << 20];
                    for (int i = 0; i < 24; i++) {
                        out.write(mb);
                    }
                }
            }
            String[] overrides = mounted ? new String[] { "io.pauz.speech.sphinx4:preload=false" }
                    : new String[] { "io.pauz.speech.sphinx4:preload=false", "io.pauz.bucket.local:quota.bytes=20000000" };
            try (Pauz pauz = new Pauz(root, jar, dir.resolve("run"), mount.resolve("data"), overrides)) {
                pauz.start();
                String token = pauz.register("disk@example.org");
                Map<String, String> acknowledged = new ConcurrentHashMap<>();
                Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
                AtomicInteger consecutiveFailures = new AtomicInteger();
                String big = (sentence(42) + " ").repeat(400).substring(0, 90_000);
                List<Thread> writers = new ArrayList<>();
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
                for (int w = 0; w < 16; w++) {
                    int writer = w;
                    writers.add(new Thread(() -> {
                        for (int i = 0; System.nanoTime() < until && consecutiveFailures.get() < 200; i++) {
                            String text = "Disk " + writer + "-" + i + " " + big;
                            Pauz.Reply r = pauz.post("journal/entries", token, "{\"text\":\"" + text + "\"}");
                            statuses.computeIfAbsent(r.status(), k -> new AtomicInteger()).incrementAndGet();
                            if (r.status() == 201) {
                                acknowledged.put(r.json().path("id").asText(), text);
                                consecutiveFailures.set(0);
                            } else {
                                consecutiveFailures.incrementAndGet();
                            }
                        }
                    }));
                }
                long t = System.nanoTime();
                writers.forEach(Thread::start);
                for (Thread w : writers) {
                    w.join();
                }
                put(section, "writes until full: answers by status", new java.util.TreeMap<>(statuses.entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()))).toString());
                put(section, "filling took s", PlatformBench.round((System.nanoTime() - t) / 1e9));
                put(section, "runtime alive when full / health", pauz.alive() + " / " + pauz.get("health", null).status());
                if (statuses.containsKey(500) || statuses.containsKey(-1)) {
                    problem("full disk: answers " + statuses.keySet() + " (500 or dropped connections)");
                }
                if (!statuses.containsKey(507)) {
                    problem("full disk: no 507 answer");
                }
                if (mounted) {
                    Files.deleteIfExists(ballast);
                }
                pauz.set("io.pauz.bucket.local:quota.bytes=0");
                Pauz.Reply again = null;
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < end && (again == null || again.status() != 201)) {
                    again = pauz.post("journal/entries", token, "{\"text\":\"Disk after room was made\"}");
                    if (again.status() == 201) {
                        acknowledged.put(again.json().path("id").asText(), "Disk after room was made");
                    } else {
                        Thread.sleep(200);
                    }
                }
                put(section, "write after room was made (no restart)", again.status());
                if (again.status() != 201) {
                    problem("full disk: no successful write after room was made: " + again.status() + " " + again.body());
                }
                pauz.kill9();
                double restart = pauz.start();
                put(section, "kill -9 and restart on the same disk, s to /health 200", PlatformBench.round(restart));
                int lost = 0;
                for (Map.Entry<String, String> e : acknowledged.entrySet()) {
                    Pauz.Reply r = pauz.getSettled("journal/entries/" + e.getKey(), token, 60);
                    if (r.status() != 200 || !e.getValue().equals(r.json().path("text").asText())) {
                        lost++;
                    }
                }
                List<String> listed = pauz.entryIds(token);
                long foreign = listed.stream().filter(id -> !acknowledged.containsKey(id)).count();
                put(section, "acknowledged entries / lost or changed after restart", acknowledged.size() + " / " + lost);
                put(section, "listed entries never acknowledged (half-written)", foreign);
                if (lost > 0 || foreign > 0) {
                    problem("full disk: " + lost + " acknowledged entries lost, " + foreign + " unacknowledged ones visible");
                }
            }
        } finally {
            if (mounted) {
                sh("umount", mount.toString());
            }
            Files.deleteIfExists(image);
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    /**
     * The peer: Apache Karaf 4.4 from its Maven Central distribution, unpacked under the work folder, started with
     * {@code bin/karaf server} on loopback ports (ssh and JMX moved to free ports, the Maven resolver told to use no
     * remote repository), timed to its ssh port accepting, its RSS after the same 15 s idle, stopped.
     */
    private void karafPeer() throws Exception {
        String section = "start-up and memory";
        if (karaf.equals("-") || !Files.exists(Path.of(karaf))) {
            put(section, "Apache Karaf", "not measured: no distribution given");
            return;
        }
        Path dir = work.resolve("karaf");
        Files.createDirectories(dir);
        if (sh("tar", "xzf", karaf, "-C", dir.toString()) != 0) {
            throw new IllegalStateException("cannot unpack " + karaf);
        }
        Path home;
        try (var list = Files.list(dir)) {
            home = list.filter(Files::isDirectory).filter(p -> p.getFileName().toString().startsWith("apache-karaf")).findFirst().orElseThrow();
        }
        int ssh = PlatformBench.freePort();
        edit(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort", String.valueOf(ssh));
        edit(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshHost", "127.0.0.1");
        edit(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiRegistryPort", String.valueOf(PlatformBench.freePort()));
        edit(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiServerPort", String.valueOf(PlatformBench.freePort()));
        edit(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiRegistryHost", "127.0.0.1");
        edit(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiServerHost", "127.0.0.1");
        edit(home.resolve("etc/org.ops4j.pax.url.mvn.cfg"), "org.ops4j.pax.url.mvn.repositories", "");
        edit(home.resolve("etc/org.ops4j.pax.url.mvn.cfg"), "org.ops4j.pax.url.mvn.offline", "true");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("JAVA_MAX_MEM", "1024M");
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("karaf.log").toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            awaitPort(ssh, 120);
            double start = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(15_000);
            long pid = javaPid(home);
            String version = home.getFileName().toString().replace("apache-karaf-", "");
            put(section, "Apache Karaf " + version + " (default boot features): start to ssh port open, s", PlatformBench.round(start));
            put(section, "Apache Karaf " + version + ": idle RSS 15 s after start, MB", PlatformBench.round(PlatformBench.rssKiB(pid) / 1024.0));
            long bundles;
            try (var l = Files.list(home.resolve("data/cache"))) {
                bundles = l.filter(x -> x.getFileName().toString().startsWith("bundle")).count();
            } catch (IOException e) {
                bundles = -1;
            }
            put(section, "Apache Karaf " + version + ": bundles installed", bundles);
        } finally {
            sh(home.resolve("bin/stop").toString());
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }

    private static long javaPid(Path karafHome) throws IOException {
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                if (!proc.getFileName().toString().matches("[0-9]+")) {
                    continue;
                }
                try {
                    String cmd = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (cmd.contains("karaf.home=" + karafHome) && cmd.contains("java")) {
                        return Long.parseLong(proc.getFileName().toString());
                    }
                } catch (IOException gone) {
                    // exited meanwhile
                }
            }
        }
        throw new IllegalStateException("no Karaf JVM found");
    }

    private static void edit(Path file, String key, String value) throws IOException {
        String text = Files.exists(file) ? Files.readString(file) : "";
        java.util.regex.Pattern p = java.util.regex.Pattern.compile("(?m)^\\s*#?\\s*" + java.util.regex.Pattern.quote(key) + "\\s*=.*$");
        String line = key + " = " + value;
        text = p.matcher(text).find() ? p.matcher(text).replaceFirst(java.util.regex.Matcher.quoteReplacement(line)) : text + "\n" + line + "\n";
        Files.writeString(file, text);
    }

    // ------------------------------------------------------------------------------------------------------------

    private static void awaitPort(int port, int maxSeconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        while (System.nanoTime() < end) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("port " + port + " not open after " + maxSeconds + " s");
    }

    private static int sh(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor(120, TimeUnit.SECONDS) ? p.exitValue() : -1;
            if (rc != 0) {
                System.out.println(String.join(" ", command) + " -> " + rc + " " + out.trim());
            }
            return rc;
        } catch (IOException | InterruptedException e) {
            System.out.println(String.join(" ", command) + " -> " + e);
            return -1;
        }
    }

    private static String sentence(long seed) {
        StringBuilder sb = new StringBuilder();
        long x = seed;
        for (int i = 0; i < 40; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            sb.append(WORDS[(int) ((x >>> 33) % WORDS.length)]).append(i % 12 == 11 ? ". " : " ");
        }
        return sb.toString().trim();
    }

    private void report() throws IOException {
        StringBuilder table = new StringBuilder("\nPAUZ reliability suite (loopback)\n");
        for (Map.Entry<String, Map<String, Object>> section : results.entrySet()) {
            table.append("\n| ").append(section.getKey()).append(" | |\n|---|---|\n");
            section.getValue().forEach((k, v) -> table.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        }
        table.append("\nproblems: ").append(problems.isEmpty() ? "none" : String.join("; ", problems)).append('\n');
        System.out.print(table);
        Map<String, Object> json = new LinkedHashMap<>(results);
        json.put("problems", problems);
        Path out = root.resolve("tests/reliability/target/reliability.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, Pauz.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
        Files.writeString(out.resolveSibling("reliability.md"), table.toString());
        System.out.println("written: " + out);
    }
}
