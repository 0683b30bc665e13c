package io.pauz.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Collections;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;

/**
 * A feature bundle comes, changes and goes while the platform serves: through the admin REST API, the
 * deploy folder and features. A loop keeps calling /health meanwhile; not one call may fail.
 */
public class HotDeployIT extends PauzTestBase {
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicInteger healthCalls = new AtomicInteger();
    private final List<String> healthFailures = Collections.synchronizedList(new ArrayList<>());
    private Thread loop;

    @Configuration
    public Option[] config() throws Exception {
        Path work = newWorkDir(HotDeployIT.class);
        Fixtures.helloBundle(work.resolve("fixtures"), "1.0.0", "v1");
        Fixtures.helloBundle(work.resolve("fixtures"), "2.0.0", "v2");
        return PauzOptions.runtime(work);
    }

    @Before
    public void startHealthLoop() {
        running.set(true);
        Http loopClient = new Http(Integer.parseInt(context.getProperty("org.osgi.service.http.port")));
        loop = new Thread(() -> {
            while (running.get()) {
                Http.Reply r = loopClient.get("health");
                healthCalls.incrementAndGet();
                if (r.status() != 200) {
                    healthFailures.add(r.status() + " " + r.body());
                }
            }
        }, "health-loop");
        loop.start();
    }

    @After
    public void stopHealthLoopAndCleanUp() throws Exception {
        running.set(false);
        loop.join(10_000);
        for (org.osgi.framework.Bundle b : context.getBundles()) {
            if (Fixtures.HELLO_BSN.equals(b.getSymbolicName())) {
                b.uninstall();
            }
        }
        java.nio.file.Files.deleteIfExists(workDir().resolve("data/features/hello.json"));
        java.nio.file.Files.deleteIfExists(workDir().resolve("deploy/hello.jar"));
        assertTrue("health calls made: " + healthCalls.get(), healthCalls.get() >= 10);
        assertEquals("failed health calls while bundles changed: " + healthFailures, 0, healthFailures.size());
    }

    private Path fixture(String version) {
        return workDir().resolve("fixtures").resolve(Fixtures.HELLO_BSN + "-" + version + ".jar");
    }

    @Test
    public void bundleInstalledUpdatedAndUninstalledThroughAdminApi() {
        assertEquals(404, http.get("hello").status());

        Http.Reply installed = http.postFile("admin/bundles", "application/java-archive", fixture("1.0.0"), Http.admin());
        assertEquals(installed.body(), 201, installed.status());
        long id = installed.json().path("id").asLong();
        assertEquals("ACTIVE", installed.json().path("state").asText());
        assertEquals("v1", http.await("hello", r -> r.status() == 200, Duration.ofSeconds(10)).body());

        Http.Reply updated = http.postFile("admin/bundles", "application/java-archive", fixture("2.0.0"), Http.admin());
        assertEquals(updated.body(), 200, updated.status());
        assertEquals(id, updated.json().path("id").asLong());
        assertEquals("2.0.0", updated.json().path("version").asText());
        assertEquals("v2", http.await("hello", r -> "v2".equals(r.body()), Duration.ofSeconds(10)).body());

        Http.Reply stopped = http.post("admin/bundles/" + id + "/stop", "application/json", "", Http.admin());
        assertEquals("RESOLVED", stopped.json().path("state").asText());
        assertEquals(404, http.await("hello", r -> r.status() == 404, Duration.ofSeconds(10)).status());
        http.post("admin/bundles/" + id + "/start", "application/json", "", Http.admin());
        assertEquals(200, http.await("hello", r -> r.status() == 200, Duration.ofSeconds(10)).status());

        assertEquals(204, http.delete("admin/bundles/" + id, Http.admin()).status());
        Http.Reply gone = http.await("hello", r -> r.status() == 404, Duration.ofSeconds(10));
        assertEquals(404, gone.status());
        assertEquals("not_found", gone.errorCode());
        assertEquals(404, http.get("admin/bundles/" + id, Http.admin()).status());
    }

    @Test
    public void bundleDroppedIntoDeployFolderStartsWithinTwoSeconds() throws Exception {
        Path deploy = workDir().resolve("deploy");
        Path target = deploy.resolve("hello.jar");
        Path temp = deploy.resolve("hello.jar.part");
        Files.copy(fixture("1.0.0"), temp, StandardCopyOption.REPLACE_EXISTING);
        long start = System.nanoTime();
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        Http.Reply up = http.await("hello", r -> r.status() == 200, Duration.ofSeconds(10));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("v1", up.body());
        assertTrue("deploy took " + millis + " ms", millis < 2000);

        Files.copy(fixture("2.0.0"), temp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertEquals("v2", http.await("hello", r -> "v2".equals(r.body()), Duration.ofSeconds(10)).body());

        Files.delete(target);
        assertEquals(404, http.await("hello", r -> r.status() == 404, Duration.ofSeconds(10)).status());
    }

    @Test
    public void featureInstalledAndRemovedAtRuntime() throws Exception {
        Path data = workDir().resolve("data");
        Path repo = data.resolve("repository/io/pauz/itest/" + Fixtures.HELLO_BSN + "/1.0.0");
        Files.createDirectories(repo);
        Files.copy(fixture("1.0.0"), repo.resolve(Fixtures.HELLO_BSN + "-1.0.0.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(data.resolve("features"));
        Files.writeString(data.resolve("features/hello.json"), """
                {
                  "id": "io.pauz.itest:hello-feature:1.0.0",
                  "description": "greets",
                  "bundles": [ { "id": "io.pauz.itest:%s:1.0.0" } ],
                  "configurations": { "io.pauz.itest.hello": { "greeting": "hi" } }
                }
                """.formatted(Fixtures.HELLO_BSN));

        Http.Reply listed = http.get("admin/features/hello-feature", Http.admin());
        assertEquals(200, listed.status());
        assertEquals("uninstalled", listed.json().path("state").asText());

        Http.Reply installed = http.post("admin/features/hello-feature", "application/json", "", Http.admin());
        assertEquals(installed.body(), 200, installed.status());
        assertEquals("up", installed.json().path("state").asText());
        assertEquals("v1", http.await("hello", r -> r.status() == 200, Duration.ofSeconds(10)).body());
        org.osgi.service.cm.ConfigurationAdmin cm = context.getService(
                context.getServiceReference(org.osgi.service.cm.ConfigurationAdmin.class));
        assertEquals("hi", cm.getConfiguration("io.pauz.itest.hello", "?").getProperties().get("greeting"));

        Http.Reply healthy = http.await("health", r -> {
            for (com.fasterxml.jackson.databind.JsonNode f : r.json().path("features")) {
                if (f.path("name").asText().equals("hello-feature") && f.path("state").asText().equals("up")) {
                    return true;
                }
            }
            return false;
        }, Duration.ofSeconds(5));
        assertTrue("health lists hello-feature up: " + healthy.body(), healthy.body().contains("hello-feature"));

        Http.Reply removed = http.delete("admin/features/hello-feature", Http.admin());
        assertEquals(removed.body(), 200, removed.status());
        assertEquals("uninstalled", removed.json().path("state").asText());
        assertEquals(404, http.await("hello", r -> r.status() == 404, Duration.ofSeconds(10)).status());
        assertEquals(null, cm.getConfiguration("io.pauz.itest.hello", "?").getProperties());

        // Reinstall works from where it came; the core feature cannot be removed; unknown is 404.
        assertEquals(200, http.post("admin/features/hello-feature", "application/json", "", Http.admin()).status());
        assertEquals(200, http.await("hello", r -> r.status() == 200, Duration.ofSeconds(10)).status());
        assertEquals(409, http.delete("admin/features/core", Http.admin()).status());
        assertEquals("feature_not_found", http.post("admin/features/nope", "application/json", "", Http.admin()).errorCode());
    }
}
