package io.pauz.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * {@code java -jar runtime/target/pauz.jar} as an operator runs it: from the repository root with its
 * config/ folder, PAUZ_PORT/PAUZ_DATA/PAUZ_DEPLOY/PAUZ_ADMIN_TOKEN from the environment.
 */
public class PauzJarE2EIT {
    private static Process process;
    private static final List<String> output = Collections.synchronizedList(new ArrayList<>());
    private static Path work;
    private static Http http;
    private static int port;

    @BeforeClass
    public static void start() throws Exception {
        work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "e2e-");
        port = PauzOptions.freePort();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", PauzOptions.pauzJar().toString());
        pb.directory(PauzOptions.repoRoot().toFile());
        pb.environment().put("PAUZ_PORT", String.valueOf(port));
        pb.environment().put("PAUZ_HOST", "127.0.0.1");
        pb.environment().put("PAUZ_DATA", work.resolve("data").toString());
        pb.environment().put("PAUZ_DEPLOY", Files.createDirectories(work.resolve("deploy")).toString());
        pb.environment().put("PAUZ_ADMIN_TOKEN", PauzOptions.ADMIN_TOKEN);
        pb.redirectErrorStream(true);
        process = pb.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null;) {
                    output.add(line);
                }
            } catch (java.io.IOException ignored) {
                // process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        http = new Http(port);
        Http.Reply health = http.await("health", r -> r.status() == 200, Duration.ofSeconds(60));
        assertEquals("pauz.jar did not come up; output: " + output, 200, health.status());
    }

    /** SIGTERM, as an operator or a service manager stops it: the framework stops and Derby closes cleanly. */
    @AfterClass
    public static void stop() throws Exception {
        if (process != null) {
            process.destroy();
            boolean stopped = process.waitFor(30, TimeUnit.SECONDS);
            if (!stopped) {
                process.destroyForcibly();
            }
            assertTrue("pauz.jar did not stop on SIGTERM", stopped);
            assertTrue("Derby was not shut down cleanly (lock file left): " + output,
                    !Files.exists(work.resolve("data/db/pauz/db.lck")));
        }
    }

    @Test
    public void printsTheUrlAndServesHealth() {
        String expected = "PAUZ is up: http://localhost:" + port + "/";
        assertTrue("banner in " + output, output.stream().anyMatch(l -> l.contains(expected)));
        Http.Reply health = http.get("health");
        assertEquals("UP", health.json().path("status").asText());
        assertTrue(health.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        // Storage follows PAUZ_DATA from the first moment: nothing is created in the working directory.
        assertTrue(Files.isDirectory(work.resolve("data/db/pauz")));
        assertTrue(Files.isDirectory(work.resolve("data/buckets/free-journals/text-entries")));
        assertTrue(Files.exists(work.resolve("data/db/derby.log")));
        assertTrue(!Files.exists(PauzOptions.repoRoot().resolve("derby.log")));
        // Start-up wires every feature without warnings; in particular nothing waited for a service that only a later
        // start level brings (the garden once waited 5 s per theme for the bucket provider and gave up).
        List<String> lines;
        synchronized (output) {
            lines = List.copyOf(output);
        }
        List<String> warnings = lines.stream().filter(l -> l.contains(" WARN io.pauz.") || l.contains(" ERROR ")).toList();
        assertTrue("warnings at start: " + warnings, warnings.isEmpty());
    }

    @Test
    public void unknownPathIsJson404() {
        Http.Reply reply = http.get("nope");
        assertEquals(404, reply.status());
        assertEquals("not_found", reply.errorCode());
    }

    @Test
    public void jarDroppedIntoDeployStartsWithinTwoSeconds() throws Exception {
        Path jar = Fixtures.helloBundle(work.resolve("fixtures"), "1.0.0", "from-deploy");
        Path part = work.resolve("deploy/hello.jar.part");
        Files.copy(jar, part);
        long start = System.nanoTime();
        Files.move(part, work.resolve("deploy/hello.jar"), StandardCopyOption.ATOMIC_MOVE);
        Http.Reply reply = http.await("hello", r -> r.status() == 200, Duration.ofSeconds(10));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("from-deploy", reply.body());
        assertTrue("took " + millis + " ms", millis < 2000);
    }

    @Test
    public void adminTokenComesFromTheEnvironment() {
        assertEquals(401, http.get("admin/features").status());
        Http.Reply features = http.get("admin/features", Http.admin());
        assertEquals(200, features.status());
        java.util.List<String> names = new java.util.ArrayList<>();
        features.json().forEach(f -> names.add(f.path("name").asText()));
        assertEquals(java.util.List.of("accounts", "ai", "backup", "core", "export", "garden", "guided", "journal", "plugins", "speech", "stats",
                "storage", "web"), names);
    }
}
