package io.pauz.ai.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.Rule;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pauz.api.bucket.Bucket;
import io.pauz.api.memory.MemoryService;
import io.pauz.api.metrics.MetricsWriter;
import io.pauz.api.rest.ApiException;
import io.pauz.api.rest.RateLimitedException;

public class AiServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALICE = "alice";
    private static final String BOB = "bob";
    private static final String TEXT = "Presentation at work went badly. My manager interrupted me twice and I keep replaying it.";

    @Rule
    public final Fixture fx = new Fixture();

    private AiService service(Object... kv) {
        Map<String, Object> cfg = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            cfg.put((String) kv[i], kv[i + 1]);
        }
        return fx.service(cfg);
    }

    private static ApiException api(Runnable r) {
        try {
            r.run();
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("expected an ApiException");
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Object o) {
        return (List<String>) o;
    }

    // ---- cache ---------------------------------------------------------------------------------

    @Test
    public void repeatIsServedFromTheCacheAndTheEngineIsCalledOnce() {
        AiService s = service("engine", "counting");
        TestEngines.Counting engine = new TestEngines.Counting("counting");
        Fixture.addEngine(s, engine);

        Map<String, Object> first = s.hints(ALICE, TEXT, null);
        // case and spacing do not make a new question
        Map<String, Object> second = s.hints(ALICE, "  " + TEXT.toUpperCase(Locale.ROOT).replace(" ", "   ") + "\n", null);

        assertEquals(1, engine.calls.get());
        assertEquals(false, first.get("cached"));
        assertEquals(true, second.get("cached"));
        assertEquals(first.get("hints"), second.get("hints"));
        assertEquals("counting", second.get("engine"));
        assertEquals("counting-model", second.get("model"));
        assertNotEquals(first.get("id"), second.get("id")); // each answer is the user's own record
        assertEquals(1, s.hits());
        assertEquals(1, s.misses());
        assertEquals(1, s.saved());
        // kept with the configured lifespan (24 h by default)
        Fixture.MapCache cache = (Fixture.MapCache) fx.memory.cache(MemoryService.AI_RESPONSES);
        assertEquals(List.of(Duration.ofHours(24)), new ArrayList<>(cache.lifespans.values()));
        // and it expires after that
        fx.clock.advance(Duration.ofHours(25));
        assertEquals(false, s.hints(ALICE, TEXT, null).get("cached"));
        assertEquals(2, engine.calls.get());
    }

    @Test
    public void cacheLifespanComesFromConfig() {
        AiService s = service("cache.hours", 2);
        s.hints(ALICE, TEXT, null);
        Fixture.MapCache cache = (Fixture.MapCache) fx.memory.cache(MemoryService.AI_RESPONSES);
        assertEquals(List.of(Duration.ofHours(2)), new ArrayList<>(cache.lifespans.values()));
    }

    @Test
    public void otherTypeOtherInputOrOtherTopicIsAMiss() {
        AiService s = service("engine", "counting");
        TestEngines.Counting engine = new TestEngines.Counting("counting");
        Fixture.addEngine(s, engine);
        s.hints(ALICE, TEXT, null);
        s.reflection(ALICE, null, TEXT);
        s.hints(ALICE, TEXT + " Tomorrow is another day.", null);
        s.hints(ALICE, TEXT, "work");
        assertEquals(4, engine.calls.get());
        assertEquals(0, s.hits());
        // the cache is shared: another user asking exactly the same gets the cached answer, under their own id
        Map<String, Object> bob = s.hints(BOB, TEXT, "work");
        assertEquals(true, bob.get("cached"));
        assertEquals(4, engine.calls.get());
        assertTrue(fx.storedKeys(BOB).get(0).startsWith("writing-hints/bob/"));
    }

    @Test
    public void identicalConcurrentRequestsShareOneEngineCall() throws Exception {
        AiService s = service("engine", "slow");
        TestEngines.Slow slow = new TestEngines.Slow(5_000);
        Fixture.addEngine(s, slow);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Map<String, Object>>> all = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String user = "u" + i;
                all.add(pool.submit(() -> s.hints(user, TEXT, null)));
            }
            Thread.sleep(300); // all four are waiting now
            slow.release.countDown();
            int cached = 0;
            for (Future<Map<String, Object>> f : all) {
                cached += Boolean.TRUE.equals(f.get().get("cached")) ? 1 : 0;
            }
            assertEquals(1, slow.calls.get());
            assertEquals(3, cached);
            assertEquals(3, s.saved());
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- records in ai-prompts -----------------------------------------------------------------

    @Test
    public void answersAreStoredPerUserWithSummaryEngineAndTiming() throws Exception {
        AiService s = service();
        Map<String, Object> h = s.hints(ALICE, TEXT, "work");
        Map<String, Object> r = s.reflection(ALICE, null, TEXT);
        Map<String, Object> m = s.mood(ALICE, TEXT);
        List<String> keys = fx.storedKeys(ALICE);
        assertTrue(keys.contains("writing-hints/alice/" + h.get("id") + ".json"));
        assertTrue(keys.contains("reflection-questions/alice/" + r.get("id") + ".json"));
        assertTrue(keys.contains("mood-analysis/alice/" + m.get("id") + ".json"));
        JsonNode rec = JSON.readTree(fx.buckets.get(Bucket.AI_PROMPTS, "writing-hints/alice/" + h.get("id") + ".json").get()
                .readAllBytes());
        assertEquals("WRITING_HINT", rec.path("type").asText());
        assertEquals("offline", rec.path("engine").asText());
        assertEquals(OfflineEngine.MODEL, rec.path("model").asText());
        assertEquals(TEXT.length(), rec.path("request").path("chars").asInt());
        assertEquals("work", rec.path("request").path("topic").asText());
        assertTrue(rec.path("timing").has("totalMs"));
        assertEquals(h.get("hints"), JSON.convertValue(rec.path("answer").path("hints"), List.class));
        assertTrue(rec.path("rating").isNull());
        assertEquals(rec, s.record(ALICE, (String) h.get("id")).get());
    }

    @Test
    public void reflectionFromAJournalEntryOnlyForItsOwner() {
        AiService s = service();
        FakeJournal journal = new FakeJournal();
        String entryId = "e-1";
        journal.add(ALICE, entryId, "Walked the dog along the canal with Sam. Sam's new job sounds exhausting.");
        assertEquals(503, api(() -> s.reflection(ALICE, entryId, null)).status()); // no journal installed
        s.setJournalService(journal);
        Map<String, Object> r = s.reflection(ALICE, entryId, null);
        String all = (r.get("reflection") + " " + r.get("questions")).toLowerCase(Locale.ROOT);
        assertTrue(all, all.contains("canal") || all.contains("dog") || all.contains("sam") || all.contains("job"));
        assertTrue(((Map<?, ?>) r.get("mood")).containsKey("score"));
        ApiException other = api(() -> s.reflection(BOB, entryId, null));
        assertEquals(404, other.status());
        assertEquals("entry_not_found", other.code());
        assertEquals(other.code(), api(() -> s.reflection(BOB, "nope", null)).code());
        assertEquals(422, api(() -> s.reflection(ALICE, entryId, "text too")).status());
    }

    // ---- fallback and failures -----------------------------------------------------------------

    @Test
    public void failingEngineFallsBackToOffline() {
        AiService s = service("engine", "failing");
        TestEngines.Failing failing = new TestEngines.Failing(false);
        Fixture.addEngine(s, failing);
        Map<String, Object> h = s.hints(ALICE, TEXT, null);
        assertEquals("offline", h.get("engine"));
        assertEquals("failing", h.get("fallbackFrom"));
        assertTrue(list(h.get("hints")).size() >= 3);
        assertEquals(1, s.fallbacks());
        // a fallback answer is cached briefly only, so the configured engine is asked again soon
        Fixture.MapCache cache = (Fixture.MapCache) fx.memory.cache(MemoryService.AI_RESPONSES);
        assertEquals(List.of(AiService.FALLBACK_CACHE), new ArrayList<>(cache.lifespans.values()));
        assertEquals(true, s.hints(ALICE, TEXT, null).get("cached"));
        fx.clock.advance(Duration.ofMinutes(6));
        s.hints(ALICE, TEXT, null);
        assertEquals(2, failing.calls.get());

        Map<String, Double> calls = scrape(s).counters;
        assertEquals(2.0, calls.get("pauz_ai_engine_calls_total{engine=failing,outcome=error,type=WRITING_HINT}"), 0);
        assertEquals(2.0, calls.get("pauz_ai_engine_calls_total{engine=offline,outcome=success,type=WRITING_HINT}"), 0);
        assertEquals(2.0, calls.get("pauz_ai_fallbacks_total{}"), 0);
    }

    @Test
    public void brokenPluginThrowingRuntimeExceptionsFallsBackToo() {
        AiService s = service("engine", "failing");
        Fixture.addEngine(s, new TestEngines.Failing(true));
        assertEquals("offline", s.reflection(ALICE, null, TEXT).get("engine"));
    }

    @Test
    public void withoutFallbackAFailingEngineIs503AndNothingIsStored() {
        AiService s = service("engine", "failing", "fallback", false);
        Fixture.addEngine(s, new TestEngines.Failing(false));
        ApiException e = api(() -> s.hints(ALICE, TEXT, null));
        assertEquals(503, e.status());
        assertEquals("engine_unavailable", e.code());
        assertFalse(e.getMessage().contains("Presentation"));
        assertEquals(List.of(), fx.storedKeys(ALICE)); // the text went nowhere
        assertEquals(0, fx.memory.cache(MemoryService.AI_RESPONSES).stats().entries());
        // not installed at all: the same answer
        AiService t = service("engine", "gemini", "fallback", false);
        assertEquals("engine_unavailable", api(() -> t.hints(ALICE, TEXT, null)).code());
        // with fallback, a missing engine is answered offline
        AiService u = service("engine", "gemini");
        assertEquals("gemini", u.hints(ALICE, TEXT, null).get("fallbackFrom"));
    }

    @Test
    public void slowEngineTimesOut504OrFallsBack() {
        AiService s = service("engine", "slow", "fallback", false, "timeout.seconds", 1);
        TestEngines.Slow slow = new TestEngines.Slow(10_000);
        Fixture.addEngine(s, slow);
        long t0 = System.nanoTime();
        ApiException e = api(() -> s.hints(ALICE, TEXT, null));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("timeout.seconds=1: 504 after " + ms + " ms");
        assertEquals(504, e.status());
        assertEquals("engine_timeout", e.code());
        AiService f = service("engine", "slow", "timeout.seconds", 1);
        Fixture.addEngine(f, slow);
        Map<String, Object> h = f.hints(ALICE, TEXT, null);
        assertEquals("offline", h.get("engine"));
        assertEquals("slow", h.get("fallbackFrom"));
        assertEquals(1.0, scrape(f).counters.get("pauz_ai_engine_calls_total{engine=slow,outcome=timeout,type=WRITING_HINT}"), 0);
        slow.release.countDown();
    }

    @Test
    public void unparseableAnswerIs502OrFallsBack() {
        AiService s = service("engine", "scripted", "fallback", false);
        Fixture.addEngine(s, new TestEngines.Scripted(r -> "Here are some ideas: write more, rest, breathe."));
        ApiException e = api(() -> s.hints(ALICE, TEXT, null));
        assertEquals(502, e.status());
        assertEquals("engine_bad_answer", e.code());
        AiService f = service("engine", "scripted");
        Fixture.addEngine(f, new TestEngines.Scripted(r -> "{\"hints\": []}"));
        assertEquals("offline", f.hints(ALICE, TEXT, null).get("engine"));
    }

    @Test
    public void remoteEngineGetsARolePromptAndFencedJsonIsAccepted() {
        AiService s = service("engine", "scripted");
        TestEngines.Scripted engine = new TestEngines.Scripted(r -> "```json\n{\"reflection\": \"You carried a lot today.\", "
                + "\"questions\": [\"What would help?\", \"Who could you talk to?\", \"What went well?\"]}\n```");
        Fixture.addEngine(s, engine);
        Map<String, Object> r = s.reflection(ALICE, null, TEXT);
        assertEquals("You carried a lot today.", r.get("reflection"));
        assertEquals(3, list(r.get("questions")).size());
        assertEquals("scripted", r.get("engine"));
        assertNull(r.get("fallbackFrom"));
        assertTrue(engine.last.json());
        assertTrue(engine.last.messages().get(0).content().contains("journaling companion"));
        assertTrue(engine.last.messages().get(1).content().contains(TEXT));
    }

    // ---- rate limit ----------------------------------------------------------------------------

    @Test
    public void rateLimitCountsEngineCallsPerUserNotCacheHits() {
        AiService s = service("rate.per.minute", 3);
        for (int i = 0; i < 3; i++) {
            s.hints(ALICE, TEXT + " Attempt " + "abc".charAt(i), null);
        }
        RateLimitedException e = assertThrows(RateLimitedException.class, () -> s.hints(ALICE, TEXT + " new one", null));
        assertEquals(429, e.status());
        assertEquals("rate_limited", e.code());
        assertTrue(e.retryAfterSeconds() >= 1 && e.retryAfterSeconds() <= 60);
        // cache hits stay free, other users have their own budget
        assertEquals(true, s.hints(ALICE, TEXT + " Attempt a", null).get("cached"));
        s.hints(BOB, TEXT + " Bob's own", null);
        fx.clock.advance(Duration.ofSeconds(61));
        assertEquals(false, s.hints(ALICE, TEXT + " new one", null).get("cached"));
    }

    // ---- ai_performance and ratings ------------------------------------------------------------

    @Test
    public void performanceRowsAreUpdatedPerModelTypeAndDay() throws Exception {
        AiService s = service("engine", "failing");
        Fixture.addEngine(s, new TestEngines.Failing(false));
        s.hints(ALICE, TEXT, null); // failing: error, then offline: success
        s.hints(ALICE, TEXT + " more", null);
        s.reflection(ALICE, null, TEXT);
        List<List<Object>> rows = fx.query("SELECT model_name, prompt_type, date, calls, successes, success_rate, "
                + "average_response_time FROM ai_performance ORDER BY model_name, prompt_type");
        assertEquals(4, rows.size());
        assertEquals(List.of("failing-model", "REFLECTION"), rows.get(0).subList(0, 2));
        assertEquals(java.sql.Date.valueOf("2025-03-14"), rows.get(0).get(2));
        assertEquals(List.of(2L, 0L, 0.0), List.of(rows.get(1).get(3), rows.get(1).get(4), rows.get(1).get(5)));
        assertEquals(List.of(OfflineEngine.MODEL, "WRITING_HINT"), rows.get(3).subList(0, 2));
        assertEquals(List.of(2L, 2L, 1.0), List.of(rows.get(3).get(3), rows.get(3).get(4), rows.get(3).get(5)));
        assertTrue(((Double) rows.get(3).get(6)) >= 0);
        // the next day starts a new row
        fx.clock.advance(Duration.ofDays(1));
        s.hints(ALICE, TEXT + " next day", null);
        List<PerformanceRow> next = s.performance(LocalDate.parse("2025-03-15"));
        assertEquals(2, next.size());
        assertTrue(next.stream().allMatch(r -> r.calls == 1));
    }

    @Test
    public void ratingFeedsSatisfactionAndReplacesAnEarlierScore() throws Exception {
        AiService s = service();
        String a = (String) s.hints(ALICE, TEXT, null).get("id");
        String b = (String) s.hints(BOB, TEXT, null).get("id"); // a cache hit, still Bob's own answer
        s.rate(ALICE, a, 5);
        s.rate(BOB, b, 2);
        PerformanceRow row = s.performance(LocalDate.parse("2025-03-14")).get(0);
        assertEquals(2, row.ratingsCount);
        assertEquals(7, row.ratingsSum);
        assertEquals(3.5, row.userSatisfactionScore, 1e-9);
        s.rate(ALICE, a, 3); // changes her mind: replaces, not adds
        row = s.performance(LocalDate.parse("2025-03-14")).get(0);
        assertEquals(2, row.ratingsCount);
        assertEquals(2.5, row.userSatisfactionScore, 1e-9);
        assertEquals(3, s.record(ALICE, a).get().path("rating").path("score").asInt());
    }

    @Test
    public void answersAndRatingsAreIsolatedBetweenUsers() {
        AiService s = service();
        String a = (String) s.reflection(ALICE, null, TEXT).get("id");
        ApiException e = api(() -> s.rate(BOB, a, 1));
        assertEquals(404, e.status());
        assertEquals("answer_not_found", e.code());
        assertTrue(s.record(BOB, a).isEmpty());
        assertTrue(s.record(ALICE, a).isPresent());
        assertTrue(s.record(ALICE, a).get().path("rating").isNull()); // Bob's attempt changed nothing
        assertEquals(404, api(() -> s.rate(ALICE, "../bob/x", 3)).status());
        assertEquals(422, api(() -> s.rate(ALICE, a, 6)).status());
        assertEquals(422, api(() -> s.rate(ALICE, a, null)).status());
    }

    // ---- mood ----------------------------------------------------------------------------------

    @Test
    public void moodUsesTheHighestRankedAnalyzerThroughTheCache() {
        AiService s = service();
        WordAnalyzer lexicon = new WordAnalyzer();
        Fixture.addAnalyzer(s, lexicon, 0);
        Map<String, Object> m = s.mood(ALICE, "So happy today, happy and calm.");
        assertEquals("lexicon", m.get("analyzer"));
        assertEquals(0.8, (Double) m.get("score"), 1e-9);
        assertEquals("very positive", m.get("label"));
        assertEquals(0.8, (Double) ((Map<?, ?>) m.get("emotions")).get("joy"), 1e-9);
        assertEquals(false, m.get("cached"));
        assertEquals(true, s.mood(ALICE, "so happy today, happy and calm.").get("cached"));
        assertEquals(1, lexicon.calls.get());
        assertTrue(fx.storedKeys(ALICE).get(0).startsWith("mood-analysis/alice/"));
    }

    @Test
    public void engineMoodAnalyzerValidatesAndFallsBackToTheLexicon() {
        AiService s = service("engine", "scripted", "mood.analyzer", "engine");
        WordAnalyzer lexicon = new WordAnalyzer();
        Fixture.addAnalyzer(s, lexicon, 0);
        TestEngines.Scripted engine = new TestEngines.Scripted(r -> r.type() == io.pauz.api.ai.PromptType.MOOD_ANALYSIS
                ? "{\"score\": 4, \"label\": \"Hopeful\", \"emotions\": {\"joy\": 3, \"fear\": -1}}" : "garbage");
        Fixture.addEngine(s, engine);
        Map<String, Object> m = s.mood(ALICE, "A sad start but it got better.");
        assertEquals("engine", m.get("analyzer"));
        assertEquals(1.0, (Double) m.get("score"), 0); // clamped
        assertEquals("hopeful", m.get("label"));
        assertEquals(1.0, (Double) ((Map<?, ?>) m.get("emotions")).get("joy"), 0);
        assertEquals(0.0, (Double) ((Map<?, ?>) m.get("emotions")).get("fear"), 0);

        AiService g = service("engine", "scripted", "mood.analyzer", "engine");
        Fixture.addAnalyzer(g, lexicon, 0);
        Fixture.addEngine(g, new TestEngines.Scripted(r -> "{\"score\": \"very\"}"));
        Map<String, Object> fallback = g.mood(ALICE, "A sad start, and it stayed that way.");
        assertEquals("lexicon", fallback.get("analyzer")); // garbage rejected, the lexicon answered
        assertEquals(-0.4, (Double) fallback.get("score"), 1e-9);
    }

    @Test
    public void hintsAreWrittenForTheMoodOfTheText() {
        AiService s = service("engine", "scripted");
        WordAnalyzer lexicon = new WordAnalyzer();
        Fixture.addAnalyzer(s, lexicon, 0);
        TestEngines.Scripted engine = new TestEngines.Scripted(r -> "{\"hints\": [\"a\", \"b\", \"c\"]}");
        Fixture.addEngine(s, engine);
        s.hints(ALICE, "I am sad about the move.", null);
        assertEquals("negative", engine.last.context().get("mood.label"));
        assertEquals("-0.4", engine.last.context().get("mood.score"));
        assertTrue(engine.last.messages().get(1).content().contains("negative"));
    }

    // ---- input ---------------------------------------------------------------------------------

    @Test
    public void inputLimits() {
        AiService s = service();
        assertEquals(422, api(() -> s.hints(ALICE, "   ", null)).status());
        assertEquals(422, api(() -> s.hints(ALICE, null, null)).status());
        assertEquals(413, api(() -> s.hints(ALICE, "a".repeat(20_001), null)).status());
        assertEquals(false, s.hints(ALICE, "a ".repeat(10_000), null).isEmpty());
        assertEquals(422, api(() -> s.hints(ALICE, TEXT, "../../etc")).status());
        assertEquals(422, api(() -> s.mood(ALICE, "")).status());
        assertEquals(413, api(() -> s.reflection(ALICE, null, "x".repeat(20_001))).status());
    }

    // ---- metrics -------------------------------------------------------------------------------

    static final class Scrape implements MetricsWriter {
        final Map<String, Double> counters = new HashMap<>();
        final Map<String, Double> gauges = new HashMap<>();

        private static String name(String n, Map<String, String> labels) {
            return n + new java.util.TreeMap<>(labels).toString().replace(" ", "");
        }

        @Override
        public void counter(String name, String help, Map<String, String> labels, double value) {
            assertTrue(name.startsWith("pauz_ai_") && name.endsWith("_total"));
            counters.put(name(name, labels), value);
        }

        @Override
        public void gauge(String name, String help, Map<String, String> labels, double value) {
            gauges.put(name(name, labels), value);
        }
    }

    static Scrape scrape(AiService s) {
        Scrape w = new Scrape();
        s.contribute(w);
        return w;
    }

    @Test
    public void metricsCountHitsMissesSavedCallsAndRatio() {
        AiService s = service();
        s.hints(ALICE, TEXT, null);
        s.hints(ALICE, TEXT, null);
        s.hints(BOB, TEXT, null);
        s.reflection(BOB, null, TEXT);
        Scrape w = scrape(s);
        assertEquals(2.0, w.counters.get("pauz_ai_cache_hits_total{}"), 0);
        assertEquals(2.0, w.counters.get("pauz_ai_cache_misses_total{}"), 0);
        assertEquals(2.0, w.counters.get("pauz_ai_engine_calls_saved_total{}"), 0);
        assertEquals(0.0, w.counters.get("pauz_ai_fallbacks_total{}"), 0);
        assertEquals(1.0, w.counters.get("pauz_ai_engine_calls_total{engine=offline,outcome=success,type=WRITING_HINT}"), 0);
        assertEquals(1.0, w.counters.get("pauz_ai_engine_calls_total{engine=offline,outcome=success,type=REFLECTION}"), 0);
        assertEquals(0.5, w.gauges.get("pauz_ai_cache_hit_ratio{}"), 1e-9);
    }

    @Test
    public void theCacheKeyHoldsNoUserText() {
        AiService s = service();
        s.hints(ALICE, "Secretword zanzibar appears here.", null);
        Fixture.MapCache cache = (Fixture.MapCache) fx.memory.cache(MemoryService.AI_RESPONSES);
        String key = cache.map.keySet().iterator().next();
        assertFalse(key.toLowerCase(Locale.ROOT).contains("zanzibar"));
        assertTrue(key.matches("ai:[0-9a-f]{64}"));
        // the stored record has an excerpt of the request; the answer itself uses the user's word
        ObjectNode rec = s.record(ALICE, fx.storedKeys(ALICE).get(0).replaceAll(".*/|\\.json", "")).get();
        assertTrue(new String(rec.toString().getBytes(StandardCharsets.UTF_8)).contains("zanzibar"));
    }
}
