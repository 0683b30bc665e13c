package io.pauz.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;
import org.osgi.framework.Constants;

public class RankedServicesTest {
    private static final String ID = "pauz.test.id";
    private static final AtomicLong SERVICE_IDS = new AtomicLong(100);

    private static Map<String, Object> props(String name, Integer ranking) {
        Map<String, Object> p = new HashMap<>();
        if (name != null) {
            p.put(ID, name);
        }
        if (ranking != null) {
            p.put(Constants.SERVICE_RANKING, ranking);
        }
        p.put(Constants.SERVICE_ID, SERVICE_IDS.incrementAndGet());
        return p;
    }

    private static List<String> names(RankedServices<String> s) {
        return s.all().stream().map(RankedServices.Ranked::name).toList();
    }

    @Test
    public void emptyHasNothing() {
        RankedServices<String> s = new RankedServices<>(ID);
        assertNull(s.highest());
        assertNull(s.named("a"));
        assertNull(s.pick(null));
        assertNull(s.pick("a"));
        assertTrue(s.all().isEmpty());
    }

    @Test
    public void ordersByRankingThenOldestFirst() {
        RankedServices<String> s = new RankedServices<>(ID);
        s.add("low", props("low", -5));
        s.add("plain1", props("plain1", null));
        s.add("high", props("high", 10));
        s.add("plain2", props("plain2", 0));
        s.add("notAnInteger", Map.of(ID, "odd", Constants.SERVICE_RANKING, "7", Constants.SERVICE_ID, SERVICE_IDS.incrementAndGet()));
        assertEquals(List.of("high", "plain1", "plain2", "odd", "low"), names(s));
        assertEquals("high", s.highest());
    }

    @Test
    public void picksByNameOrHighest() {
        RankedServices<String> s = new RankedServices<>(ID);
        s.add("a1", props("a", 0));
        s.add("b", props("b", 5));
        s.add("a2", props("a", 3)); // two services claim the name: the higher ranked wins
        assertEquals("a2", s.named("a"));
        assertEquals("b", s.named("b"));
        assertNull(s.named("c"));
        assertNull(s.named(""));
        assertEquals("b", s.pick(null));
        assertEquals("b", s.pick("  "));
        assertEquals("a2", s.pick(" a "));
        assertNull(s.pick("c"));
    }

    @Test
    public void unnamedServicesGetTheDefaultName() {
        RankedServices<String> plain = new RankedServices<>(ID);
        plain.add("x", props(null, 0));
        assertEquals(List.of(""), names(plain));

        RankedServices<String> fallback = new RankedServices<>(ID, svc -> "own-" + svc);
        fallback.add("x", props(null, 0));
        fallback.add("y", props("", 0));
        fallback.add("z", props("named", 0));
        assertEquals(List.of("own-x", "own-y", "named"), names(fallback));
        assertEquals("y", fallback.named("own-y"));
    }

    @Test
    public void removesByServiceIdEvenAfterARankingChange() {
        RankedServices<String> s = new RankedServices<>(ID);
        Map<String, Object> a = props("a", 1);
        Map<String, Object> b = props("b", 2);
        s.add("a", a);
        s.add("b", b);
        Map<String, Object> changed = new HashMap<>(b);
        changed.put(Constants.SERVICE_RANKING, 99);
        s.remove(changed);
        assertEquals(List.of("a"), names(s));
        s.remove(a);
        assertNull(s.highest());
        s.remove(a); // twice is harmless
    }

    @Test
    public void removesAndFindsByObject() {
        RankedServices<String> s = new RankedServices<>(ID);
        String a = new String("a");
        s.add(a, props("a", 0));
        s.add("b", props("b", 0));
        assertTrue(s.contains(a));
        assertFalse(s.contains(new String("a"))); // identity, like service objects
        s.remove(a);
        assertFalse(s.contains(a));
        assertEquals(List.of("b"), names(s));
    }

    @Test
    public void allIsASnapshot() {
        RankedServices<String> s = new RankedServices<>(ID);
        Map<String, Object> a = props("a", 0);
        s.add("a", a);
        List<RankedServices.Ranked<String>> before = s.all();
        s.remove(a);
        assertEquals(1, before.size());
        assertSame("a", before.get(0).service());
    }

    @Test
    public void concurrentBindAndReadLoseNothing() throws Exception {
        RankedServices<Integer> s = new RankedServices<>(ID);
        int threads = 4;
        int each = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> jobs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * each;
            jobs.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < each; i++) {
                    Map<String, Object> p = props("s" + (base + i), i % 7);
                    s.add(base + i, p);
                    if (i % 2 == 1) {
                        s.remove(p);
                    }
                }
                return null;
            }));
        }
        jobs.add(pool.submit(() -> {
            start.await();
            for (int i = 0; i < 2000; i++) {
                s.pick(null);
                s.all();
            }
            return null;
        }));
        start.countDown();
        for (Future<?> f : jobs) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(threads * each / 2, s.all().size());
    }
}
