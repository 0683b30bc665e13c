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

import io.pauz.api.memory.MemoryService;
import io.pauz.api.memory.NamedCache;

/** The SmartStorage providers as the runtime ships them, in a real Felix. */
public class StorageIT extends PauzTestBase {

    @Inject
    @Filter(timeout = 30_000)
    private MemoryService memory;

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
}
