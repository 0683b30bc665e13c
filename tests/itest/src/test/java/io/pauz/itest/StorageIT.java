package io.pauz.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Optional;

import javax.inject.Inject;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.util.Filter;

import com.fasterxml.jackson.databind.JsonNode;

import io.pauz.api.bucket.BucketStore;
import io.pauz.api.memory.MemoryService;
import io.pauz.api.memory.NamedCache;

/** The SmartStorage providers as the runtime ships them, in a real Felix. */
public class StorageIT extends PauzTestBase {

    @Inject
    @Filter(timeout = 30_000)
    private MemoryService memory;

    /**
     * Switching the bucket provider in config/ re-wires consumers while the platform runs: with the
     * selection pointing at a provider that is not installed, the fs store leaves, accounts go down
     * (503 for sessions, their resources leave); back to fs, everything returns without a restart,
     * with the data written before.
     */
    @Test
    public void switchingTheBucketProviderRewiresWithoutRestart() throws Exception {
        long frameworkStarted = ManagementFactoryHolder.uptimeMillis();
        Http.Reply registered = http.post("auth/local/register", "application/json",
                "{\"email\":\"switch@example.org\",\"password\":\"correct horse\",\"name\":\"S\"}");
        assertEquals(registered.body(), 201, registered.status());
        String token = registered.json().path("token").asText();
        String[] auth = { "Authorization", "Bearer " + token };
        assertEquals(200, http.send(http.request("me/preferences", auth).header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"theme\":\"sea\"}"))).status());
        assertEquals(1, context.getServiceReferences(BucketStore.class, "(pauz.bucket.provider=fs)").size());
        Http.Reply entry = http.send(http.request("journal/entries", auth).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"text\":\"kept in the bucket\"}")));
        assertEquals(entry.body(), 201, entry.status());
        String entryPath = "journal/entries/" + entry.json().path("id").asText();

        java.nio.file.Path cfg = workDir().resolve("config/io.pauz.storage.cfg");
        String original = java.nio.file.Files.readString(cfg);
        java.nio.file.Files.writeString(cfg, "bucket.provider=s3\n");
        // The features stay active without a provider (they hold it dynamically): what needs no storage still answers,
        // what does waits for a provider (5 s) and then answers 503.
        Http.Reply down = http.await(entryPath, r -> r.status() == 503, Duration.ofSeconds(20), auth);
        assertEquals(down.body(), 503, down.status());
        assertTrue(down.body(), down.body().contains("storage is unavailable"));
        assertTrue(context.getServiceReferences(BucketStore.class, null).isEmpty());
        assertEquals(200, http.get("me", auth).status());
        JsonNode health = http.await("health", r -> r.status() == 503, Duration.ofSeconds(5)).json();
        assertEquals("DOWN", health.path("status").asText());
        assertTrue(health.toString(), health.toString().contains("no bucket store"));

        java.nio.file.Files.writeString(cfg, original);
        Http.Reply back = http.await("me/preferences", r -> r.status() == 200, Duration.ofSeconds(15), auth);
        assertEquals("sea", back.json().path("theme").asText());
        assertEquals("kept in the bucket", http.await(entryPath, r -> r.status() == 200, Duration.ofSeconds(15), auth)
                .json().path("text").asText());
        assertEquals("UP", http.await("health", r -> r.json().path("status").asText().equals("UP"),
                Duration.ofSeconds(15)).json().path("status").asText());
        assertTrue("same JVM, no restart", ManagementFactoryHolder.uptimeMillis() > frameworkStarted);
    }

    /** JVM uptime, to show the platform was not restarted. */
    static final class ManagementFactoryHolder {
        static long uptimeMillis() {
            return java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        }
    }

    @Configuration
    public Option[] config() {
        return PauzOptions.runtime(newWorkDir(StorageIT.class));
    }

    @Test
    public void memoryProviderServesNamedCachesWithStatistics() {
        NamedCache cache = memory.cache("itest");
        assertEquals(Optional.empty(), cache.get("k"));
        cache.put("k", "v");
        assertEquals(Optional.of("v"), cache.get("k"));
        cache.put("short", "lived", Duration.ofMillis(100));
        assertEquals(1, cache.stats().hits());
        assertEquals(1, cache.stats().misses());

        JsonNode checks = http.get("health").json().path("checks");
        boolean up = false;
        for (JsonNode c : checks) {
            up |= c.path("name").asText().equals("memory-infinispan") && c.path("state").asText().equals("UP");
        }
        assertTrue("memory-infinispan UP in " + checks, up);

        String metrics = http.get("metrics", Http.admin()).body();
        assertTrue(metrics, metrics.contains("pauz_cache_hits_total{cache=\"itest\"} 1"));
        assertTrue(metrics, metrics.contains("pauz_cache_misses_total{cache=\"itest\"} 1"));
    }

    /** The SQL provider's password (config key {@code .password}) is private to the component: no service shows it. */
    @Test
    public void dataSourceServiceShowsNoPassword() throws Exception {
        service(javax.sql.DataSource.class, "(pauz.sql.provider=derby)", 30);
        var refs = context.getServiceReferences(javax.sql.DataSource.class.getName(), "(pauz.sql.provider=derby)");
        assertTrue(refs != null && refs.length == 1);
        for (String key : refs[0].getPropertyKeys()) {
            assertTrue("service property " + key, !key.toLowerCase().contains("password"));
        }
        assertTrue(refs[0].getProperty("user") != null); // ordinary settings are still published
    }
}
