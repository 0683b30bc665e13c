package io.pauz.recommendations.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Assume;
import org.junit.Test;

import io.pauz.api.bucket.Bucket;
import io.pauz.api.memory.MemoryService;

/**
 * How long a profile and recommendations take for a user with a realistic history (200 entries over 90 days,
 * 12 guided sessions), on the real components of {@link Fixture}. Runs only with {@code -Drec.bench=true}; prints a
 * table and writes {@code target/bench-recommendations.json}.
 */
public class RecommendationsBenchmark {
    private static final String[] TEXTS = {
        "Work was busy today, my boss moved the deadline again and I felt stressed.",
        "A quiet evening with a book and tea. Grateful for the calm.",
        "I feel anxious about the exam, my chest is tight and I keep worrying.",
        "Long walk with my sister, we talked about our plans for next year.",
        "Missing grandma today. The house feels empty without her.",
    };

    @Test
    public void bench() throws Exception {
        Assume.assumeTrue(Boolean.getBoolean("rec.bench"));
        try (Fixture fx = new Fixture()) {
            String u = Fixture.newUser();
            Instant now = Instant.now();
            for (int i = 0; i < 200; i++) {
                fx.journal.create(u, new io.pauz.api.journal.EntryDraft(TEXTS[i % TEXTS.length] + " Entry " + i, null,
                        now.minus(Duration.ofHours(11L * i)), null));
            }
            String[] topics = { "builtin:gratitude", "builtin:goals", "builtin:stress" };
            for (int i = 0; i < 12; i++) {
                fx.session(u, topics[i % topics.length], "Some thoughts about my week and what comes next");
            }
            Map<String, Double> results = new LinkedHashMap<>();
            results.put("profile derived (cold: no cache, no stored copy), ms", time(20, () -> {
                fx.memory.cache(MemoryService.PERSONALIZATION).clear();
                fx.buckets.delete(Bucket.AI_MODELS, PersonalizationService.key(u));
                fx.service.profile(u);
            }));
            results.put("profile reloaded from the ai-models bucket, ms", time(50, () -> {
                fx.memory.cache(MemoryService.PERSONALIZATION).clear();
                fx.service.profile(u);
            }));
            results.put("recommendations built from a cached profile, ms", time(200, () -> {
                fx.memory.cache(MemoryService.RECOMMENDATIONS).clear();
                fx.service.recommendations(u);
            }));
            results.put("recommendations from the cache, ms", time(5000, () -> fx.service.recommendations(u)));
            StringBuilder table = new StringBuilder("\n| what (200 entries, 12 sessions) | median |\n|---|---|\n");
            StringBuilder json = new StringBuilder("{");
            results.forEach((k, v) -> {
                table.append("| ").append(k).append(" | ").append(String.format("%.3f", v)).append(" |\n");
                json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":").append(String.format("%.4f", v));
            });
            System.out.println(table);
            Files.writeString(Path.of("target/bench-recommendations.json"), json.append("}\n").toString());
        }
    }

    private static double time(int runs, Runnable r) {
        for (int i = 0; i < Math.min(10, runs); i++) {
            r.run();
        }
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            r.run();
            nanos.add(System.nanoTime() - t);
        }
        nanos.sort(null);
        return nanos.get(runs / 2) / 1e6;
    }
}
