package io.pauz.memory.infinispan.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.After;
import org.junit.Test;

import io.pauz.api.health.HealthStatus;
import io.pauz.api.memory.CacheStats;
import io.pauz.api.memory.MemoryService;
import io.pauz.api.memory.NamedCache;

/** Real Infinispan in local mode, the component built as Declarative Services would build it. */
public class LocalMemoryTest {
    private InfinispanMemoryService memory;

    private InfinispanMemoryService start(Object... config) {
        memory = new InfinispanMemoryService(TestConfig.of(config));
        return memory;
    }

    @After
    public void stop() {
        if (memory != null) {
            memory.deactivate();
        }
    }

    @Test
    public void putGetRemoveClear() {
        NamedCache c = start().cache(MemoryService.AI_RESPONSES);
        assertEquals(MemoryService.AI_RESPONSES, c.name());
        assertEquals(Optional.empty(), c.get("k"));
        c.put("k", "{\"answer\":\"héllo ✿\"}");
        assertEquals(Optional.of("{\"answer\":\"héllo ✿\"}"), c.get("k"));
        c.put("k", "v2");
        assertEquals(Optional.of("v2"), c.get("k"));
        c.remove("k");
        assertEquals(Optional.empty(), c.get("k"));
        c.remove("never-there");
        c.put("a", "1");
        c.put("b", "2");
        c.clear();
        assertEquals(Optional.empty(), c.get("a"));
        assertEquals(Optional.empty(), c.get("b"));
        assertEquals(0, c.stats().entries());
        assertThrows(NullPointerException.class, () -> c.put(null, "v"));
        assertThrows(NullPointerException.class, () -> c.put("k", null));
        assertThrows(IllegalArgumentException.class, () -> c.put("k", "v", Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> memory.cache("../etc"));
        assertThrows(IllegalArgumentException.class, () -> memory.cache(""));
    }

    @Test
    public void entriesExpireAfterTheCacheLifespan() throws Exception {
        NamedCache c = start("caches", "short=lifespan:200ms").cache("short");
        c.put("k", "v");
        assertEquals(Optional.of("v"), c.get("k"));
        Thread.sleep(350);
        assertEquals(Optional.empty(), c.get("k"));
        assertEquals(0, c.stats().entries());
    }

    @Test
    public void anExplicitLifespanIsCappedByTheCacheLifespan() throws Exception {
        start("caches", "short=lifespan:200ms");
        NamedCache capped = memory.cache("short");
        capped.put("long", "v", Duration.ofHours(1));
        NamedCache normal = memory.cache("normal"); // default lifespan: 1 hour
        normal.put("brief", "v", Duration.ofMillis(150));
        normal.put("kept", "v", Duration.ofHours(5));
        assertEquals(Optional.of("v"), capped.get("long"));
        assertEquals(Optional.of("v"), normal.get("brief"));
        Thread.sleep(350);
        assertEquals("an hour asked, 200 ms allowed", Optional.empty(), capped.get("long"));
        assertEquals(Optional.empty(), normal.get("brief"));
        assertEquals(Optional.of("v"), normal.get("kept"));
    }

    @Test
    public void maxEntriesEvictsAndCountsEvictions() {
        NamedCache c = start("caches", "small=max:10").cache("small");
        for (int i = 0; i < 50; i++) {
            c.put("k" + i, "v" + i);
        }
        CacheStats s = c.stats();
        assertTrue("entries " + s.entries(), s.entries() <= 10);
        assertEquals(50, s.stores());
        assertEquals(50 - s.entries(), s.evictions());
        assertTrue(s.evictions() >= 40);
        int present = 0;
        for (int i = 0; i < 50; i++) {
            present += c.get("k" + i).isPresent() ? 1 : 0;
        }
        assertEquals(s.entries(), present);
    }

    @Test
    public void hitMissAndStoreCountsAreExact() {
        NamedCache c = start().cache("counted");
        c.put("a", "1");
        c.put("b", "2");
        c.put("a", "3");
        c.put("c", "4", Duration.ofMinutes(1));
        c.get("a");
        c.get("b");
        c.get("a");
        c.get("x");
        c.get("y");
        c.remove("b");
        c.get("b");
        CacheStats s = c.stats();
        assertEquals(new CacheStats("counted", 2, 3, 3, 4, 0), s);
        assertEquals(0.5, s.hitRate(), 1e-9);
    }

    @Test
    public void cacheNamesAreIndependent() {
        start("caches", "one=max:100;two=lifespan:2h");
        NamedCache one = memory.cache("one");
        NamedCache two = memory.cache("two");
        one.put("k", "from one");
        two.put("k", "from two");
        assertEquals(Optional.of("from one"), one.get("k"));
        assertEquals(Optional.of("from two"), two.get("k"));
        one.clear();
        assertEquals(Optional.empty(), one.get("k"));
        assertEquals(Optional.of("from two"), two.get("k"));
        assertEquals(1, one.stats().misses());
        assertEquals(0, two.stats().misses());
        List<String> names = memory.stats().stream().map(CacheStats::name).toList();
        assertTrue(names.toString(), names.containsAll(List.of("one", "two", MemoryService.AI_RESPONSES,
                MemoryService.SESSIONS, MemoryService.PERSONALIZATION, MemoryService.RECOMMENDATIONS)));
    }

    @Test
    public void healthIsUpWhileRunningAndDownAfterwards() {
        start();
        assertEquals("memory-infinispan", memory.name());
        HealthStatus h = memory.check();
        assertEquals(h.message(), HealthStatus.State.UP, h.state());
        assertEquals("local", h.details().get("mode"));
        assertEquals(1, h.details().get("memberCount"));
        assertEquals(4, h.details().get("caches"));
        NamedCache c = memory.cache("kept-handle");
        c.put("k", "v");
        memory.deactivate();
        h = memory.check();
        assertEquals(HealthStatus.State.DOWN, h.state());
        assertTrue(h.message(), h.message().contains("deactivated"));
        // A cache may forget: reads miss and writes are dropped; invalidations must not pass silently.
        assertEquals(Optional.empty(), c.get("k"));
        c.put("k", "v");
        assertThrows(IllegalStateException.class, () -> c.remove("k"));
        assertThrows(IllegalStateException.class, c::clear);
        assertEquals(List.of(), memory.stats());
        assertEquals(2L, memory.check().details().get("skippedOperations"));
        memory = null;
    }

    @Test
    public void aConfigurationChangeRestartsTheManager() {
        start("default.lifespan", "1h");
        NamedCache c = memory.cache("handle");
        c.put("k", "v");
        Engine first = memory.engine();
        memory.modified(TestConfig.of("default.lifespan", "1h"));
        assertTrue("same configuration: same manager", first == memory.engine());
        assertEquals(Optional.of("v"), c.get("k"));

        memory.modified(TestConfig.of("default.lifespan", "2h", "caches", "extra=max:3"));
        Engine second = memory.engine();
        assertNotNull(second);
        assertTrue(first != second);
        assertFalse(first.running());
        assertTrue(second.running());
        assertEquals("local memory starts empty", Optional.empty(), c.get("k"));
        c.put("k", "again");
        assertEquals(Optional.of("again"), c.get("k"));
        assertEquals(Duration.ofHours(2), second.settings().cache("handle").lifespan());
        assertEquals(new CacheStats("handle", 1, 1, 1, 1, 0), c.stats());
        assertEquals(HealthStatus.State.UP, memory.check().state());
    }

    @Test
    public void aBadConfigurationKeepsThePreviousOneRunning() {
        start();
        NamedCache c = memory.cache("x");
        c.put("k", "v");
        memory.modified(TestConfig.of("mode", "galactic"));
        HealthStatus h = memory.check();
        assertEquals(HealthStatus.State.DEGRADED, h.state());
        assertTrue(h.message(), h.message().contains("mode"));
        assertEquals(Optional.of("v"), c.get("k"));
        memory.modified(TestConfig.of());
        assertEquals(HealthStatus.State.UP, memory.check().state());
    }

    @Test
    public void aBadConfigurationAtStartIsDown() {
        start("default.lifespan", "forever");
        HealthStatus h = memory.check();
        assertEquals(HealthStatus.State.DOWN, h.state());
        assertTrue(h.message(), h.message().contains("default.lifespan"));
        assertEquals(Optional.empty(), memory.cache("x").get("k"));
        memory.modified(TestConfig.of());
        assertEquals(HealthStatus.State.UP, memory.check().state());
    }

    @Test
    public void tooManyCachesAreRefused() {
        start("max.caches", "5");
        memory.cache("fifth");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> memory.cache("sixth"));
        assertTrue(e.getMessage(), e.getMessage().contains("max.caches"));
    }
}
