package io.pauz.memory.infinispan.internal;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import io.pauz.api.memory.MemoryService;
import io.pauz.api.memory.NamedCache;

/**
 * SmartMemory on Infinispan, measured: manager start times and cache operations per second,
 * each run bounded to a second or two. Prints a table, writes target/bench-memory.json.
 *
 * <pre>
 * cd bundles/memory-infinispan
 * mvn -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) io.pauz.memory.infinispan.internal.MemoryBenchmark
 * </pre>
 */
public final class MemoryBenchmark {
    private static final long RUN_NANOS = Long.getLong("bench.millis", 1500) * 1_000_000L;
    private static final int KEYS = 10_000;

    private record Row(String name, String unit, double value, String note) {
    }

    private final List<Row> rows = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        new MemoryBenchmark().run();
        System.exit(0);
    }

    private void run() throws Exception {
        startTimes();
        String value = "{\"reflection\":\"" + "You wrote about a calm morning and a long walk. ".repeat(4) + "\"}";
        InfinispanMemoryService local = new InfinispanMemoryService(TestConfig.of());
        try {
            NamedCache c = local.cache(MemoryService.AI_RESPONSES);
            String[] keys = new String[KEYS];
            for (int i = 0; i < KEYS; i++) {
                keys[i] = "prompt-" + i;
                c.put(keys[i], value);
            }
            throughput("local put", 1, i -> c.put(keys[i % KEYS], value));
            throughput("local put", 2, i -> c.put(keys[i % KEYS], value));
            throughput("local get (hit)", 1, i -> c.get(keys[i % KEYS]));
            throughput("local get (hit)", 2, i -> c.get(keys[i % KEYS]));
            String[] missing = Arrays.stream(keys).map(k -> "missing-" + k).toArray(String[]::new);
            throughput("local get (miss)", 1, i -> c.get(missing[i % KEYS]));
            throughput("stats() of all caches (10 000 entries in one)", 1, i -> local.stats());
            long hits = c.stats().hits();
            long misses = c.stats().misses();
            rows.add(new Row("local stats after runs", "hit rate", hits / (double) (hits + misses), hits + " hits, " + misses + " misses"));
        } finally {
            local.deactivate();
        }
        cluster(value);
        print();
        write();
    }

    private void startTimes() {
        List<Long> ms = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long t0 = System.nanoTime();
            InfinispanMemoryService m = new InfinispanMemoryService(TestConfig.of());
            ms.add((System.nanoTime() - t0) / 1_000_000);
            m.deactivate();
        }
        rows.add(new Row("local manager + 4 caches start, first (cold JVM)", "ms", ms.get(0), "component activation, measured outside"));
        List<Long> warm = new ArrayList<>(ms.subList(1, ms.size()));
        warm.sort(null);
        rows.add(new Row("local manager + 4 caches start, warm median of " + warm.size(), "ms", warm.get(warm.size() / 2),
                "range " + warm.get(0) + "-" + warm.get(warm.size() - 1) + " ms"));
    }

    private void cluster(String value) throws Exception {
        int pa = TestConfig.freePort();
        int pb = TestConfig.freePort();
        String hosts = "127.0.0.1[" + pa + "],127.0.0.1[" + pb + "]";
        String name = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        long t0 = System.nanoTime();
        InfinispanMemoryService a = new InfinispanMemoryService(TestConfig.of("mode", "cluster", "cluster.name", name,
                "bind.port", pa, "initial.hosts", hosts));
        long firstMs = (System.nanoTime() - t0) / 1_000_000;
        long t1 = System.nanoTime();
        InfinispanMemoryService b = new InfinispanMemoryService(TestConfig.of("mode", "cluster", "cluster.name", name,
                "bind.port", pb, "initial.hosts", hosts));
        long secondMs = (System.nanoTime() - t1) / 1_000_000;
        try {
            rows.add(new Row("cluster first node start (join timeout 2000 ms)", "ms", firstMs, "alone: waits the join timeout"));
            rows.add(new Row("cluster second node start (joins)", "ms", secondMs, "REPL_SYNC, 127.0.0.1, TCPPING"));
            NamedCache ca = a.cache(MemoryService.AI_RESPONSES);
            NamedCache cb = b.cache(MemoryService.AI_RESPONSES);
            throughput("cluster REPL_SYNC put (sync to 2nd node)", 1, i -> ca.put("k" + (i % 1000), value));
            throughput("cluster REPL_SYNC get (local copy)", 1, i -> cb.get("k" + (i % 1000)));
        } finally {
            b.deactivate();
            a.deactivate();
        }
    }

    private interface Op {
        void run(int i);
    }

    private void throughput(String name, int threads, Op op) throws InterruptedException {
        // warm-up
        long warmEnd = System.nanoTime() + RUN_NANOS / 3;
        for (int i = 0; System.nanoTime() < warmEnd; i++) {
            op.run(i);
        }
        AtomicLong total = new AtomicLong();
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        long[] elapsed = new long[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long start = System.nanoTime();
                long end = start + RUN_NANOS;
                long n = 0;
                int i = id * 7919;
                while ((n & 255) != 0 || System.nanoTime() < end) {
                    op.run(i++);
                    n++;
                }
                elapsed[id] = System.nanoTime() - start;
                total.addAndGet(n);
                done.countDown();
            }, "bench-" + id);
            th.start();
        }
        go.countDown();
        done.await();
        double seconds = Arrays.stream(elapsed).max().getAsLong() / 1e9;
        rows.add(new Row(name + ", " + threads + " thread" + (threads == 1 ? "" : "s"), "ops/s", total.get() / seconds,
                String.format("%.0f ns/op/thread", seconds * 1e9 * threads / total.get())));
    }

    private void print() {
        System.out.printf("%nSmartMemory on Infinispan — %d cores, load %.2f, Java %s%n", Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), System.getProperty("java.version"));
        System.out.printf("%-58s %14s  %-6s %s%n", "measure", "value", "unit", "note");
        for (Row r : rows) {
            System.out.printf("%-58s %,14.2f  %-6s %s%n", r.name(), r.value(), r.unit(), r.note());
        }
    }

    private void write() throws Exception {
        Path target = Path.of(MemoryBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        Path out = target.resolve("bench-memory.json");
        StringBuilder json = new StringBuilder("{\n");
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("loadAverage", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        env.put("java", System.getProperty("java.version"));
        env.put("runMillis", RUN_NANOS / 1_000_000);
        json.append("  \"environment\": {");
        json.append(String.join(", ", env.entrySet().stream().map(e -> "\"" + e.getKey() + "\": " + (e.getValue() instanceof String
                ? "\"" + e.getValue() + "\"" : e.getValue())).toList()));
        json.append("},\n  \"results\": [\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            json.append(String.format("    {\"measure\": \"%s\", \"value\": %.2f, \"unit\": \"%s\", \"note\": \"%s\"}%s%n",
                    r.name(), r.value(), r.unit(), r.note(), i + 1 < rows.size() ? "," : ""));
        }
        json.append("  ]\n}\n");
        Files.writeString(out, json);
        System.out.println("\nwritten " + out);
    }
}
