package io.pauz.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

import io.pauz.api.sql.MigratedSchema;

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
        Path fixtures = work.resolve("fixtures");
        Fixtures.workerBundle(fixtures, "1.0.0", "w1", Map.of());
        Fixtures.workerBundle(fixtures, "1.0.1", "w1.1", Map.of());
        Fixtures.workerBundle(fixtures, "2.0.0", "fail", Map.of()); // resolves and starts, its component never comes up
        Fixtures.workerBundle(fixtures, "3.0.0", "w3", Map.of("Require-Bundle", "io.pauz.itest.nowhere")); // never resolves
        return PauzOptions.runtime(work, "io.pauz.admin:update.ready.seconds=3");
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
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (healthCalls.get() < 10 && System.nanoTime() < end) { // a quick test: the loop still gets its say
            Thread.sleep(20);
        }
        running.set(false);
        loop.join(10_000);
        for (org.osgi.framework.Bundle b : context.getBundles()) {
            if (Fixtures.HELLO_BSN.equals(b.getSymbolicName()) || Fixtures.WORKER_BSN.equals(b.getSymbolicName())) {
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

    /**
     * The journal (it declares {@code Pauz-Update: side-by-side}) and the local bucket provider are updated through the
     * admin API while a user writes and reads: the new revision starts beside the old one, which serves until the new
     * one is up, so not one request fails; afterwards one bundle of each name runs, every acknowledged entry is there,
     * the schema service was never replaced, and the object count the new store took over matches the files.
     */
    @Test
    public void sideBySideUpdatesServeWithoutAGap() throws Exception {
        String[] auth = signUpUser();
        String schemaFilter = "(" + MigratedSchema.SCHEMA_PROPERTY + "=io.pauz.journal)";
        Object schemaBefore = context.getServiceReferences(MigratedSchema.class.getName(), schemaFilter)[0]
                .getProperty(Constants.SERVICE_ID);
        Map<String, byte[]> jars = new LinkedHashMap<>();
        for (String bsn : List.of("io.pauz.journal", "io.pauz.bucket.local")) {
            jars.put(bsn, jarOf(bsn));
        }
        JournalTraffic traffic = new JournalTraffic(auth);
        try {
            for (Map.Entry<String, byte[]> jar : jars.entrySet()) {
                Bundle old = only(jar.getKey());
                Http.Reply updated = http.postBytes("admin/bundles", "application/java-archive", jar.getValue(), Http.admin());
                assertEquals(updated.body(), 200, updated.status());
                assertNotEquals("a new bundle serves", old.getBundleId(), updated.json().path("id").asLong());
                assertEquals("ACTIVE", updated.json().path("state").asText());
                assertEquals("the old revision is gone", Bundle.UNINSTALLED, old.getState());
                assertEquals(updated.json().path("id").asLong(), only(jar.getKey()).getBundleId());
                traffic.awaitMoreCreates(5, jar.getKey());
            }
        } finally {
            traffic.stop();
        }
        List<String> created = traffic.created;
        assertEquals("failed requests during the updates: " + traffic.failures, 0, traffic.failures.size());
        assertEquals("the schema service stayed, so the new journal was not restarted for it", schemaBefore,
                context.getServiceReferences(MigratedSchema.class.getName(), schemaFilter)[0].getProperty(Constants.SERVICE_ID));
        for (String id : List.copyOf(created)) {
            assertEquals(id, 200, http.get("journal/entries/" + id, auth).status());
        }
        // /health answers from a snapshot a moment old, and background writers (garden) may still add an object:
        // both sides are read again until they agree
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (bucketObjects() != objectFiles() && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertEquals("objects counted by the store that took over vs object files", objectFiles(), bucketObjects());
    }

    private long objectFiles() throws java.io.IOException {
        for (int attempt = 1;; attempt++) {
            try (Stream<Path> all = Files.walk(workDir().resolve("data/buckets"))) {
                return all.filter(f -> f.getFileName().toString().endsWith("~o")).count();
            } catch (java.io.UncheckedIOException vanished) { // a temp file renamed while the walk passed it
                if (attempt == 3) {
                    throw vanished;
                }
            }
        }
    }

    /**
     * A REST bundle ({@code io.pauz.journal.rest}) updated in place: its resource leaves the Jersey application and comes
     * back with the next rebuild. Requests for its paths meanwhile wait for it (io.pauz.rest's ResourceGate) instead of
     * getting a 404 that says the entries do not exist.
     */
    @Test
    public void requestsWaitWhileARestBundleIsReplacedInPlace() throws Exception {
        String[] auth = signUpUser();
        byte[] jar = jarOf("io.pauz.journal.rest");
        JournalTraffic traffic = new JournalTraffic(auth);
        try {
            for (int round = 0; round < 2; round++) {
                long id = only("io.pauz.journal.rest").getBundleId();
                Http.Reply updated = http.postBytes("admin/bundles", "application/java-archive", jar, Http.admin());
                assertEquals(updated.body(), 200, updated.status());
                assertEquals("updated in place: it registers a REST resource", id, updated.json().path("id").asLong());
                traffic.awaitMoreCreates(5, "io.pauz.journal.rest");
            }
        } finally {
            traffic.stop();
        }
        List<String> notFound = traffic.failures.stream().filter(f -> f.startsWith("404")).toList();
        assertEquals("404s while the resource was replaced: " + notFound, 0, notFound.size());
    }

    private String[] signUpUser() {
        String email = "swap" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        Http.Reply account = http.post("auth/local/register", "application/json",
                "{\"email\":\"" + email + "\",\"password\":\"correct horse\",\"name\":\"S\"}");
        assertEquals(account.body(), 201, account.status());
        return new String[] { "Authorization", "Bearer " + account.json().path("token").asText() };
    }

    /** The jar a runtime bundle was installed from (Pax Exam installs them from file URLs). */
    private byte[] jarOf(String bsn) throws Exception {
        try (java.io.InputStream in = new java.net.URL(only(bsn).getLocation().replaceFirst("^reference:", "")).openStream()) {
            return in.readAllBytes();
        }
    }

    /** One user creating entries and listing them in a loop; what was acknowledged and what failed. */
    private final class JournalTraffic {
        final List<String> created = Collections.synchronizedList(new ArrayList<>());
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean going = new AtomicBoolean(true);
        private final Thread thread;

        JournalTraffic(String[] auth) {
            thread = new Thread(() -> {
                for (int i = 0; going.get(); i++) {
                    Http.Reply r = i % 2 == 0 ? http.post("journal/entries", "application/json", "{\"text\":\"swap " + i + "\"}", auth)
                            : http.get("journal/entries?limit=5", auth);
                    if (r.status() == 201) {
                        created.add(r.json().path("id").asText());
                    } else if (r.status() != 200) {
                        failures.add(r.status() + " " + r.body());
                    }
                }
            }, "journal-traffic");
            thread.start();
        }

        void awaitMoreCreates(int more, String after) throws InterruptedException {
            int from = created.size();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (created.size() < from + more && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertTrue(after + ": writes go on after the update", created.size() >= from + more);
        }

        void stop() throws InterruptedException {
            going.set(false);
            thread.join(10_000);
        }
    }

    /**
     * Side-by-side updates of a bundle without REST resources: a good build replaces the running one; a build that does
     * not resolve (422) or whose component does not come up within update.ready.seconds (409 update_not_ready) is
     * removed again and the running revision keeps its service throughout. Only the admin API may install the
     * duplicate that takes: any other install of it is refused.
     */
    @Test
    public void aSideBySideUpdateThatDoesNotComeUpLeavesTheRunningRevision() throws Exception {
        Http.Reply installed = http.postFile("admin/bundles", "application/java-archive", worker("1.0.0"), Http.admin());
        assertEquals(installed.body(), 201, installed.status());
        Http.Reply updated = http.postFile("admin/bundles", "application/java-archive", worker("1.0.1"), Http.admin());
        assertEquals(updated.body(), 200, updated.status());
        assertNotEquals("side by side: a new bundle", installed.json().path("id").asLong(), updated.json().path("id").asLong());
        long serving = updated.json().path("id").asLong();
        assertEquals(serving, workerServiceBundle());

        Http.Reply notReady = http.postFile("admin/bundles", "application/java-archive", worker("2.0.0"), Http.admin());
        assertEquals(notReady.body(), 409, notReady.status());
        assertEquals("update_not_ready", notReady.errorCode());
        assertEquals(serving, only(Fixtures.WORKER_BSN).getBundleId());
        assertEquals(serving, workerServiceBundle());

        Http.Reply unresolvable = http.postFile("admin/bundles", "application/java-archive", worker("3.0.0"), Http.admin());
        assertEquals(unresolvable.body(), 422, unresolvable.status());
        assertEquals("bundle_operation_failed", unresolvable.errorCode());
        assertEquals(serving, only(Fixtures.WORKER_BSN).getBundleId());
        assertEquals(serving, workerServiceBundle());

        try (java.io.InputStream in = Files.newInputStream(worker("1.0.1"))) {
            context.installBundle("itest:duplicate", in).uninstall();
            org.junit.Assert.fail("a duplicate of a running bundle was installed");
        } catch (org.osgi.framework.BundleException e) {
            assertEquals(org.osgi.framework.BundleException.DUPLICATE_BUNDLE_ERROR, e.getType());
        }
    }

    private Path worker(String version) {
        return workDir().resolve("fixtures").resolve(Fixtures.WORKER_BSN + "-" + version + ".jar");
    }

    /** The bundle whose worker component is registered: there is exactly one. */
    private long workerServiceBundle() throws Exception {
        org.osgi.framework.ServiceReference<?>[] refs = context.getAllServiceReferences(null, "(itest.worker=true)");
        assertEquals(1, refs == null ? 0 : refs.length);
        return refs[0].getBundle().getBundleId();
    }

    private Bundle only(String bsn) {
        List<Bundle> found = java.util.Arrays.stream(context.getBundles()).filter(b -> bsn.equals(b.getSymbolicName())).toList();
        assertEquals(bsn + ": " + found, 1, found.size());
        return found.get(0);
    }

    private long bucketObjects() {
        for (com.fasterxml.jackson.databind.JsonNode check : http.get("health").json().path("checks")) {
            if (check.path("name").asText().equals("bucket-fs")) {
                return check.path("details").path("objects").asLong();
            }
        }
        throw new AssertionError("no bucket-fs health check");
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
