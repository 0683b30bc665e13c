package io.pauz.memory.infinispan.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.After;
import org.junit.Test;

import io.pauz.api.health.HealthStatus;
import io.pauz.api.memory.MemoryService;

/**
 * Two cluster nodes in this JVM: two component instances on two free loopback ports, static
 * discovery (TCPPING) of exactly those two, TCP only: nothing binds or sends beyond 127.0.0.1.
 */
public class ClusterMemoryTest {
    private final List<InfinispanMemoryService> nodes = new ArrayList<>();

    @After
    public void stop() {
        for (InfinispanMemoryService n : nodes) {
            n.deactivate();
        }
    }

    private InfinispanMemoryService[] twoNodes(String cacheMode) throws Exception {
        int portA = TestConfig.freePort();
        int portB = TestConfig.freePort();
        String hosts = "127.0.0.1[" + portA + "],127.0.0.1[" + portB + "]";
        String cluster = "pauz-test-" + UUID.randomUUID().toString().substring(0, 8);
        InfinispanMemoryService a = node(cluster, portA, hosts, cacheMode);
        InfinispanMemoryService b = node(cluster, portB, hosts, cacheMode);
        return new InfinispanMemoryService[] { a, b };
    }

    private InfinispanMemoryService node(String cluster, int port, String hosts, String cacheMode) {
        InfinispanMemoryService n = new InfinispanMemoryService(TestConfig.of("mode", "cluster", "cluster.name", cluster,
                "bind.address", "127.0.0.1", "bind.port", port, "initial.hosts", hosts,
                "cluster.cache.mode", cacheMode, "cluster.join.timeout", 1000));
        nodes.add(n);
        HealthStatus h = n.check();
        assertEquals(h.message(), HealthStatus.State.UP, h.state());
        assertEquals(List.of("127.0.0.1:" + port), h.details().get("address"));
        return n;
    }

    private static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        long end = System.nanoTime() + 15_000_000_000L;
        while (!condition.get()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static int members(InfinispanMemoryService n) {
        Object count = n.check().details().get("memberCount");
        return count == null ? 0 : (Integer) count;
    }

    @Test
    public void replicatedNodesFormAViewOfTwoAndReadEachOthersEntries() throws Exception {
        InfinispanMemoryService[] n = twoNodes("REPL_SYNC");
        await("a view of 2", () -> members(n[0]) == 2 && members(n[1]) == 2);
        HealthStatus h = n[0].check();
        assertEquals("cluster", h.details().get("mode"));
        assertEquals("REPL_SYNC", h.details().get("cacheMode"));
        assertTrue(h.message(), h.message().contains("2 members"));

        n[0].cache(MemoryService.AI_RESPONSES).put("prompt-hash", "{\"reflection\":\"Breathe ✿\"}");
        n[1].cache(MemoryService.SESSIONS).put("session-1", "user-42");
        assertEquals(Optional.of("{\"reflection\":\"Breathe ✿\"}"), n[1].cache(MemoryService.AI_RESPONSES).get("prompt-hash"));
        assertEquals(Optional.of("user-42"), n[0].cache(MemoryService.SESSIONS).get("session-1"));

        // A cache first used after the entry was written gets it by state transfer.
        n[0].cache("late").put("k", "v");
        assertEquals(Optional.of("v"), n[1].cache("late").get("k"));

        // Invalidation reaches the other node.
        n[1].cache(MemoryService.SESSIONS).remove("session-1");
        assertEquals(Optional.empty(), n[0].cache(MemoryService.SESSIONS).get("session-1"));

        // Statistics are per node.
        assertEquals(1, n[1].cache(MemoryService.AI_RESPONSES).stats().hits());
        assertEquals(0, n[0].cache(MemoryService.AI_RESPONSES).stats().hits());
        assertEquals(1, n[1].cache(MemoryService.AI_RESPONSES).stats().entries());

        // A node that stops leaves the view at once.
        n[1].deactivate();
        nodes.remove(n[1]);
        await("a view of 1", () -> members(n[0]) == 1);
        assertEquals(Optional.of("{\"reflection\":\"Breathe ✿\"}"), n[0].cache(MemoryService.AI_RESPONSES).get("prompt-hash"));

        // Stopping leaves no thread of this cluster behind (JGroups and Infinispan name theirs after it).
        String cluster = (String) n[0].check().details().get("clusterName");
        n[0].deactivate();
        nodes.remove(n[0]);
        await("no thread of " + cluster, () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().contains(cluster)));
    }

    @Test
    public void aPortInUseIsDownWithTheReason() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            InfinispanMemoryService n = new InfinispanMemoryService(TestConfig.of("mode", "cluster",
                    "cluster.name", "pauz-test-busy", "bind.port", taken.getLocalPort()));
            nodes.add(n);
            HealthStatus h = n.check();
            assertEquals(HealthStatus.State.DOWN, h.state());
            assertTrue(h.message(), h.message().contains("127.0.0.1[" + taken.getLocalPort() + "]"));
            assertEquals(Optional.empty(), n.cache(MemoryService.AI_RESPONSES).get("k"));
            await("no thread of pauz-test-busy", () -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.isAlive() && t.getName().contains("pauz-test-busy")));
        }
    }

    @Test
    public void distributedNodesReadEachOthersEntries() throws Exception {
        InfinispanMemoryService[] n = twoNodes("DIST_SYNC");
        await("a view of 2", () -> members(n[0]) == 2 && members(n[1]) == 2);
        assertEquals("DIST_SYNC", n[1].check().details().get("cacheMode"));
        for (int i = 0; i < 20; i++) {
            n[i % 2].cache(MemoryService.PERSONALIZATION).put("user-" + i, "profile " + i);
        }
        for (int i = 0; i < 20; i++) {
            assertEquals(Optional.of("profile " + i), n[(i + 1) % 2].cache(MemoryService.PERSONALIZATION).get("user-" + i));
        }
    }
}
