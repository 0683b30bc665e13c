package io.pauz.memory.infinispan.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.Test;

import io.pauz.api.memory.MemoryService;

public class SettingsTest {

    @Test
    public void builtInLifespansOfTheWellKnownCaches() {
        Settings s = Settings.from(TestConfig.of());
        assertFalse(s.cluster());
        assertEquals(Duration.ofHours(24), s.cache(MemoryService.AI_RESPONSES).lifespan());
        assertEquals(Duration.ofDays(7), s.cache(MemoryService.SESSIONS).lifespan());
        assertEquals(Duration.ofHours(1), s.cache(MemoryService.PERSONALIZATION).lifespan());
        assertEquals(Duration.ofHours(1), s.cache(MemoryService.RECOMMENDATIONS).lifespan());
        assertEquals(Duration.ofHours(1), s.cache("anything-else").lifespan());
        assertEquals(10_000, s.cache(MemoryService.AI_RESPONSES).maxEntries());
        assertNull(s.cache("x").maxIdle());
        assertEquals(List.of(MemoryService.AI_RESPONSES, MemoryService.SESSIONS, MemoryService.PERSONALIZATION,
                MemoryService.RECOMMENDATIONS), s.startupCaches());
    }

    @Test
    public void overridesMergeOverBuiltInsAndDefaults() {
        Settings s = Settings.from(TestConfig.of("default.lifespan", "30m", "default.max.entries", "500",
                "caches", new String[] { "ai-responses=max:100000", "hints=lifespan:PT2H,idle:10m; tiny=max:5,lifespan:none" }));
        assertEquals(Duration.ofHours(24), s.cache("ai-responses").lifespan());
        assertEquals(100_000, s.cache("ai-responses").maxEntries());
        assertEquals(Duration.ofHours(2), s.cache("hints").lifespan());
        assertEquals(Duration.ofMinutes(10), s.cache("hints").maxIdle());
        assertEquals(500, s.cache("hints").maxEntries());
        assertNull(s.cache("tiny").lifespan());
        assertEquals(5, s.cache("tiny").maxEntries());
        assertEquals(Duration.ofMinutes(30), s.cache("other").lifespan());
        assertTrue(s.startupCaches().containsAll(List.of("hints", "tiny")));
    }

    @Test
    public void durations() {
        assertEquals(Duration.ofMillis(200), CacheSettings.parseDuration("200ms"));
        assertEquals(Duration.ofSeconds(30), CacheSettings.parseDuration("30s"));
        assertEquals(Duration.ofDays(7), CacheSettings.parseDuration("P7D"));
        assertEquals(Duration.ofHours(24), CacheSettings.parseDuration("pt24h"));
        assertNull(CacheSettings.parseDuration("none"));
        assertNull(CacheSettings.parseDuration(""));
        assertThrows(IllegalArgumentException.class, () -> CacheSettings.parseDuration("100"));
        assertThrows(IllegalArgumentException.class, () -> CacheSettings.parseDuration("PT-5S"));
        assertThrows(IllegalArgumentException.class, () -> CacheSettings.parseDuration("soon"));
    }

    @Test
    public void clusterSettingsAndStaticHosts() {
        Settings s = Settings.from(TestConfig.of("mode", "cluster", "bind.port", "7801",
                "initial.hosts", "127.0.0.1[7800], 127.0.0.1:7801 ,localhost", "cluster.cache.mode", "dist_sync"));
        assertTrue(s.cluster());
        assertTrue(s.distributed());
        assertEquals("[127.0.0.1[7800], 127.0.0.1[7801], localhost[7801]]", s.initialHosts().toString());
        assertEquals("pauz-127.0.0.1-7801", s.nodeName());
        Settings alone = Settings.from(TestConfig.of("mode", "cluster"));
        assertEquals("[127.0.0.1[7800]]", alone.initialHosts().toString());
        assertEquals(Settings.from(TestConfig.of()), Settings.from(TestConfig.of("mode", "local")));
        assertNotEquals(Settings.from(TestConfig.of()), Settings.from(TestConfig.of("default.lifespan", "2h")));
    }

    @Test
    public void badConfigurationNamesTheKey() {
        assertMessage("mode", TestConfig.of("mode", "galactic"));
        assertMessage("bind.port", TestConfig.of("bind.port", "70000"));
        assertMessage("initial.hosts", TestConfig.of("initial.hosts", "a[b]"));
        assertMessage("cluster.cache.mode", TestConfig.of("cluster.cache.mode", "INVALIDATION_SYNC"));
        assertMessage("default.lifespan", TestConfig.of("default.lifespan", "forever"));
        assertMessage("default.max.idle", TestConfig.of("default.max.idle", "-3s"));
        assertMessage("default.max.entries", TestConfig.of("default.max.entries", "-1"));
        assertMessage("caches", TestConfig.of("caches", "ai-responses"));
        assertMessage("caches", TestConfig.of("caches", "x=colour:blue"));
        assertMessage("invalid cache name", TestConfig.of("caches", "../x=max:3"));
    }

    private static void assertMessage(String expected, MemoryConfig c) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Settings.from(c));
        assertTrue(e.getMessage(), e.getMessage().contains(expected));
    }
}
