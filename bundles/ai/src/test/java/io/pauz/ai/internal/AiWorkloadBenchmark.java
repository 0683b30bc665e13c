package io.pauz.ai.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assume.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.Rule;
import org.junit.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.pauz.api.ai.PromptType;

/**
 * Replays a synthetic day of 200 users against the real flow (Derby, local bucket store, map-backed cache)
 * and reports how many engine calls the cache saves. Skipped unless {@code -Dai.bench=true}:
 * {@code mvn -B -o test -Dtest=AiWorkloadBenchmark -Dai.bench=true}. Writes {@code target/bench-ai.json}.
 *
 * <p>The day of one user, as the app drives it (the client keeps no AI answers of its own):
 * <ul>
 * <li>1–3 entries. While writing one, the editor asks for hints at 1–3 draft stages (every draft differs);
 * 40% of users start from one of 30 common starter lines ("Work was stressful today.") shared by everyone.</li>
 * <li>On save: a mood reading and, for 70% of entries, a reflection.</li>
 * <li>Each entry is opened again 0–3 times later that day (day view, history): each opening shows its mood and,
 * when it has one, its reflection, asked again with the same text.</li>
 * <li>10% of users edit an entry once (new text: new mood and reflection).</li>
 * </ul>
 */
public class AiWorkloadBenchmark {
    private static final int USERS = 200;
    private static final long SEED = 20250314L;
    private static final String[] STARTERS = { "Work was stressful today.", "I'm feeling tired.", "Today was a good day.",
            "I can't sleep.", "I'm grateful for my family.", "I had an argument with my partner.", "I feel anxious about tomorrow.",
            "I went for a walk in the park.", "I miss my friends.", "I'm proud of myself today.", "My head is full.",
            "Nothing special happened.", "I feel lonely.", "I had a great workout.", "I'm worried about money.",
            "The kids were wonderful today.", "I didn't get much done.", "I feel calm tonight.", "My boss was unfair.",
            "I started something new.", "It rained all day.", "I'm overwhelmed.", "I had coffee with an old friend.",
            "I feel stuck.", "I'm excited about the weekend.", "I'm sad today.", "I cooked a nice dinner.",
            "I'm nervous about the exam.", "I spent the day outside.", "I want to change my habits." };
    private static final String[] SUBJECTS = { "the new project", "my sister", "the garden", "the exam", "my manager", "the move",
            "the dog", "my knee", "the wedding plans", "the night shift", "my grandmother", "the budget", "the piano", "the marathon",
            "my best friend", "the job interview", "the holiday", "the landlord", "my son's school", "the choir" };
    private static final String[] FEELINGS = { "and I felt proud afterwards", "and it left me drained", "and I am not sure what to think",
            "and honestly it was lovely", "which made me anxious", "and I laughed a lot", "and I cried in the car",
            "and it felt calm and slow" };

    @Rule
    public final Fixture fx = new Fixture();

    private record Event(long at, String user, PromptType type, String text) {
    }

    @Test
    public void replayADay() throws Exception {
        assumeTrue("run with -Dai.bench=true", Boolean.getBoolean("ai.bench"));
        Random rnd = new Random(SEED);
        List<Event> events = new ArrayList<>();
        Instant dayStart = Instant.parse("2025-03-14T00:00:00Z");
        long day = Duration.ofDays(1).toMillis();
        for (int u = 0; u < USERS; u++) {
            String user = "user" + u;
            int entries = 1 + rnd.nextInt(3);
            for (int e = 0; e < entries; e++) {
                long t = 6 * 3_600_000L + (long) (rnd.nextDouble() * 16 * 3_600_000L);
                String finalText = entryText(rnd, u, e);
                if (rnd.nextDouble() < 0.4) {
                    events.add(new Event(t, user, PromptType.WRITING_HINT, STARTERS[rnd.nextInt(STARTERS.length)]));
                }
                int drafts = 1 + rnd.nextInt(3);
                for (int d = 1; d <= drafts; d++) {
                    String draft = finalText.substring(0, Math.max(12, finalText.length() * d / (drafts + 1)));
                    events.add(new Event(t + d * 60_000L, user, PromptType.WRITING_HINT, draft));
                }
                long saved = t + (drafts + 2) * 60_000L;
                boolean reflect = rnd.nextDouble() < 0.7;
                events.add(new Event(saved, user, PromptType.MOOD_ANALYSIS, finalText));
                if (reflect) {
                    events.add(new Event(saved + 1_000, user, PromptType.REFLECTION, finalText));
                }
                int reopen = rnd.nextInt(4);
                for (int r = 0; r < reopen; r++) {
                    long at = Math.min(day - 1, saved + (long) (rnd.nextDouble() * 6 * 3_600_000L));
                    events.add(new Event(at, user, PromptType.MOOD_ANALYSIS, finalText));
                    if (reflect) {
                        events.add(new Event(at + 500, user, PromptType.REFLECTION, finalText));
                    }
                }
                if (rnd.nextDouble() < 0.1) {
                    String edited = finalText + " Later: it looks different now.";
                    long at = Math.min(day - 1, saved + 3_600_000L);
                    events.add(new Event(at, user, PromptType.MOOD_ANALYSIS, edited));
                    if (reflect) {
                        events.add(new Event(at + 500, user, PromptType.REFLECTION, edited));
                    }
                }
            }
        }
        events.sort(Comparator.comparingLong(Event::at));

        AiService s = fx.service(Map.of("engine", "bench"));
        TestEngines.Counting engine = new TestEngines.Counting("bench");
        Fixture.addEngine(s, engine);
        WordAnalyzer lexicon = new WordAnalyzer();
        Fixture.addAnalyzer(s, lexicon, 0);

        Map<PromptType, int[]> byType = new EnumMap<>(PromptType.class); // requests, cached
        long t0 = System.nanoTime();
        long lastAt = 0;
        for (Event ev : events) {
            fx.clock.advance(Duration.ofMillis(ev.at() - lastAt));
            lastAt = ev.at();
            Map<String, Object> out = switch (ev.type()) {
                case WRITING_HINT -> s.hints(ev.user(), ev.text(), null);
                case REFLECTION -> s.reflection(ev.user(), null, ev.text());
                default -> s.mood(ev.user(), ev.text());
            };
            int[] c = byType.computeIfAbsent(ev.type(), k -> new int[2]);
            c[0]++;
            c[1] += Boolean.TRUE.equals(out.get("cached")) ? 1 : 0;
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;

        int requests = events.size();
        long calls = s.engineCalls(); // engine calls (hints, reflections) + analyzer calls (mood)
        long hits = s.hits();
        long lookups = s.hits() + s.misses();
        double hitRate = (double) hits / lookups;
        double savedPct = 100.0 * s.saved() / requests;
        assertEquals(requests, lookups);
        assertEquals(requests, calls + s.saved());

        System.out.println();
        System.out.printf("AI workload: %d users, one day, %d requests in %d ms (%.0f req/s, sequential)%n", USERS, requests, ms,
                requests * 1000.0 / Math.max(1, ms));
        System.out.printf("%-14s %9s %9s %9s%n", "type", "requests", "cached", "hit rate");
        Map<String, Object> types = new LinkedHashMap<>();
        for (Map.Entry<PromptType, int[]> e : byType.entrySet()) {
            int[] c = e.getValue();
            System.out.printf("%-14s %9d %9d %8.1f%%%n", e.getKey(), c[0], c[1], 100.0 * c[1] / c[0]);
            types.put(e.getKey().name(), Map.of("requests", c[0], "cached", c[1], "hitRate", (double) c[1] / c[0]));
        }
        System.out.printf("%-14s %9d %9d %8.1f%%%n", "all", requests, hits, 100 * hitRate);
        System.out.printf("engine calls: %d (remote-engine %d, analyzer %d); calls saved: %d = %.1f%% of requests%n", calls,
                engine.calls.get(), calls - engine.calls.get(), s.saved(), savedPct);
        System.out.println("plan targets: hit rate > 70% " + (hitRate > 0.7 ? "MET" : "NOT MET") + ", calls saved > 30% "
                + (savedPct > 30 ? "MET" : "NOT MET"));

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("users", USERS);
        json.put("seed", SEED);
        json.put("requests", requests);
        json.put("engineCalls", calls);
        json.put("remoteEngineCalls", engine.calls.get());
        json.put("analyzerCalls", calls - engine.calls.get());
        json.put("cacheHits", hits);
        json.put("cacheMisses", s.misses());
        json.put("cacheHitRate", hitRate);
        json.put("callsSaved", s.saved());
        json.put("callsSavedPercent", savedPct);
        json.put("millis", ms);
        json.put("byType", types);
        json.put("storedAnswers", countStored());
        Path out = Path.of("target", "bench-ai.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json),
                StandardCharsets.UTF_8);
        System.out.println("written " + out.toAbsolutePath());
    }

    private int countStored() {
        int n = 0;
        for (int u = 0; u < USERS; u++) {
            n += fx.storedKeys("user" + u).size();
        }
        return n;
    }

    private static String entryText(Random rnd, int user, int entry) {
        String a = SUBJECTS[rnd.nextInt(SUBJECTS.length)];
        String b = SUBJECTS[rnd.nextInt(SUBJECTS.length)];
        return "Entry " + entry + " of writer " + user + ". Today I kept thinking about " + a + ", " + FEELINGS[rnd.nextInt(
                FEELINGS.length)] + ". Later " + b + " came up again " + FEELINGS[rnd.nextInt(FEELINGS.length)]
                + ". I want to remember how this day felt.";
    }
}
