package io.pauz.stats.internal;

import static org.junit.Assume.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Cost of the statistics on embedded Derby: one event's day recompute, a user's rebuild, GET /stats over 30 and
 * 366 days, one report run. Skipped unless {@code -Dstats.bench=true}:
 * {@code mvn -B -o test -pl bundles/stats -Dtest=StatsBenchmark -Dstats.bench=true}. Writes {@code target/bench-stats.json}.
 */
public class StatsBenchmark {

    @Test
    public void bench() throws Exception {
        assumeTrue(Boolean.getBoolean("stats.bench"));
        int users = Integer.getInteger("stats.bench.users", 20);
        Instant now = Instant.parse("2026-12-05T12:00:00Z");
        Map<String, Object> result = new LinkedHashMap<>();
        try (Fixture fx = new Fixture(now)) {
            fx.service.clock = Clock.fixed(now, ZoneOffset.UTC);
            Random random = new Random(7);
            List<Long> eventNanos = new ArrayList<>();
            int entries = 0;
            for (int u = 0; u < users; u++) {
                String user = "user" + u;
                fx.directory.add(user, u % 2 == 0 ? "Europe/Berlin" : "Asia/Tokyo");
                for (int d = 0; d < 365; d++) {
                    int n = random.nextInt(4); // 0..3 entries a day
                    for (int i = 0; i < n; i++) {
                        Instant at = now.minus(d, ChronoUnit.DAYS).minusSeconds(random.nextInt(86_400));
                        long t = System.nanoTime();
                        fx.journal.write(user, at, "w ".repeat(20 + random.nextInt(300)));
                        eventNanos.add(System.nanoTime() - t);
                        entries++;
                    }
                }
            }
            result.put("users", users);
            result.put("entries", entries);
            result.put("eventRecomputeMillis", percentiles(eventNanos));

            List<Long> rebuild = new ArrayList<>();
            List<Long> q30 = new ArrayList<>();
            List<Long> q366 = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (int u = 0; u < users; u++) {
                    String user = "user" + u;
                    long t = System.nanoTime();
                    fx.service.rebuildUser(user);
                    rebuild.add(System.nanoTime() - t);
                    t = System.nanoTime();
                    fx.service.stats(user, null, null);
                    q30.add(System.nanoTime() - t);
                    t = System.nanoTime();
                    fx.service.stats(user, "2025-12-05", "2026-12-05");
                    q366.add(System.nanoTime() - t);
                }
            }
            result.put("rebuildUserMillis", percentiles(rebuild));
            result.put("stats30DaysMillis", percentiles(q30));
            result.put("stats366DaysMillis", percentiles(q366));
            long t = System.nanoTime();
            Map<String, Object> run = fx.service.reports.run(null);
            result.put("reportRunMillis", Math.round((System.nanoTime() - t) / 1e4) / 100.0);
            result.put("reportObjectsWritten", run.get("written"));
        }
        System.out.println();
        System.out.printf("%-22s %s%n", "figure", "value");
        result.forEach((k, v) -> System.out.printf("%-22s %s%n", k, v));
        Files.createDirectories(Path.of("target"));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(Path.of("target/bench-stats.json").toFile(),
                result);
    }

    private static Map<String, Double> percentiles(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("p50", ms(sorted.get(sorted.size() / 2)));
        m.put("p99", ms(sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99)))));
        m.put("max", ms(sorted.get(sorted.size() - 1)));
        return m;
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }
}
