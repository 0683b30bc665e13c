package io.pauz.recommendations.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.After;
import org.junit.Test;

import io.pauz.api.bucket.Bucket;
import io.pauz.api.guided.GuidedJournal;
import io.pauz.api.guided.GuidedSessionRecord;
import io.pauz.api.memory.MemoryService;
import io.pauz.api.rest.ApiException;
import io.pauz.guided.internal.Views.ResponseView;
import io.pauz.guided.internal.Views.SessionView;
import io.pauz.recommendations.internal.Recommendations.FlowerItem;
import io.pauz.recommendations.internal.Recommendations.PromptItem;
import io.pauz.recommendations.internal.Recommendations.TopicItem;

/** Recommendations on real components (see {@link Fixture}): they follow behaviour, never repeat, and stay per user. */
public class RecommendationsTest {
    private static final String CALM = "Went for a walk in the park after work and cooked dinner. An ordinary day.";
    private static final String ANXIOUS = "I feel anxious and worried about everything, my chest is tight and I cannot stop the panic.";
    private static final Map<String, Object> ALL_TOPICS = Map.of("max.topics", 20, "max.prompts", 50);

    private Fixture fx;

    @After
    public void close() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    private static Instant daysAgo(double days) {
        return Instant.now().minus(Duration.ofMinutes((long) (days * 24 * 60))).truncatedTo(ChronoUnit.MILLIS);
    }

    private static TopicItem topic(Recommendations r, String id) {
        return r.topics().stream().filter(t -> t.id().equals(id)).findFirst().orElse(null);
    }

    private static int rank(Recommendations r, String id) {
        for (int i = 0; i < r.topics().size(); i++) {
            if (r.topics().get(i).id().equals(id)) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    /** Every list sorted by confidence, every confidence in 0..1, every item with a reason. */
    private static void assertWellFormed(Recommendations r) {
        assertSorted(r.prompts().stream().map(PromptItem::confidence).toList());
        assertSorted(r.topics().stream().map(TopicItem::confidence).toList());
        assertSorted(r.flowers().stream().map(FlowerItem::confidence).toList());
        r.prompts().forEach(p -> assertTrue(p.reason(), !p.reason().isBlank() && p.text() != null && p.topic().contains(":")));
        r.topics().forEach(t -> assertTrue(t.reason(), !t.reason().isBlank()));
        r.flowers().forEach(f -> assertTrue(f.reason(), !f.reason().isBlank()));
    }

    private static void assertSorted(List<Double> confidences) {
        for (int i = 0; i < confidences.size(); i++) {
            double c = confidences.get(i);
            assertTrue("confidence " + c, c > 0 && c <= 1);
            if (i > 0) {
                assertTrue("sorted " + confidences, confidences.get(i - 1) >= c);
            }
        }
    }

    @Test
    public void aNewUserGetsStarterRecommendationsThatSaySo() throws Exception {
        fx = new Fixture();
        String u = Fixture.newUser();
        Recommendations r = fx.service.recommendations(u);
        assertEquals("starter", r.basis());
        assertEquals("builtin:gratitude", r.topics().get(0).id());
        assertEquals(3, r.topics().size());
        assertTrue(r.topics().get(0).reason(), r.topics().get(0).reason().contains("first topic"));
        assertFalse(r.prompts().isEmpty());
        r.prompts().forEach(p -> assertEquals("OPENING", p.stage()));
        assertEquals(2, r.flowers().size());
        assertEquals("meadow", r.flowers().get(0).theme()); // the highest ranked theme when no garden says otherwise
        assertEquals("lavender", r.flowers().get(0).kind());
        assertWellFormed(r);
        // Every recommended topic can start a guided session as it is.
        SessionView s = fx.guidedService.start(u, r.topics().get(0).id());
        assertEquals("builtin:gratitude", s.topic());
    }

    @Test
    public void anxiousEntriesLiftTheAnxietyTopicAndGentleOnes() throws Exception {
        fx = new Fixture(ALL_TOPICS);
        String u = Fixture.newUser();
        for (int d = 6; d >= 4; d--) {
            fx.write(u, CALM, daysAgo(d));
        }
        Recommendations before = fx.service.recommendations(u);
        assertEquals("profile", before.basis());
        TopicItem anxietyBefore = topic(before, "builtin:anxiety");
        assertNotNull(anxietyBefore);

        for (double d : new double[] { 3, 2, 1, 0.1 }) {
            fx.write(u, ANXIOUS, daysAgo(d));
        }
        Recommendations after = fx.service.recommendations(u);
        assertWellFormed(after);
        TopicItem anxiety = topic(after, "builtin:anxiety");
        assertTrue(after.topics().toString(), rank(after, "builtin:anxiety") <= 1);
        assertTrue(anxiety.confidence() > anxietyBefore.confidence() + 0.2);
        assertTrue(anxiety.reason(), anxiety.reason().contains("'anxious'") || anxiety.reason().contains("'worried'"));
        assertTrue(after.mood().latest() < 0);
        // Low mood: the gentle topic climbs too, and says why.
        TopicItem gratitude = topic(after, "builtin:gratitude");
        assertTrue(gratitude.confidence() > topic(before, "builtin:gratitude").confidence());
        assertTrue(rank(after, "builtin:gratitude") < rank(before, "builtin:gratitude")
                || rank(before, "builtin:gratitude") == 0);
        assertTrue(after.prompts().stream().anyMatch(p -> p.topic().equals("builtin:anxiety")));
        assertTrue(after.prompts().get(0).topic(), after.prompts().get(0).topic().equals("builtin:anxiety")
                || after.prompts().get(0).topic().equals("builtin:gratitude"));
        // Flowers follow the mood down: the heading flower stands for a low mood.
        assertTrue(after.flowers().get(0).moodMin() < 0);
    }

    @Test
    public void doingATopicThreeTimesMakesItDrop() throws Exception {
        fx = new Fixture(Map.of("max.topics", 20, "max.prompts", 50, "just.done.hours", 0));
        String u = Fixture.newUser();
        fx.write(u, CALM, daysAgo(5));
        Recommendations before = fx.service.recommendations(u);
        TopicItem gratitude = topic(before, "builtin:gratitude");
        assertNotNull(gratitude);
        int rankBefore = rank(before, "builtin:gratitude");

        fx.session(u, "builtin:gratitude", "I am thankful for my sister and the quiet morning coffee");
        Recommendations once = fx.service.recommendations(u);
        TopicItem g1 = topic(once, "builtin:gratitude");
        assertTrue(g1 == null || g1.confidence() < gratitude.confidence());
        fx.session(u, "builtin:gratitude", "Grateful for a long call with an old friend");
        fx.session(u, "builtin:gratitude", "Thankful that the rain stopped for my walk");
        Recommendations thrice = fx.service.recommendations(u);
        assertWellFormed(thrice);
        TopicItem g3 = topic(thrice, "builtin:gratitude");
        assertTrue(String.valueOf(g3), g3 == null || (g3.confidence() < g1.confidence() && rank(thrice, "builtin:gratitude") > rankBefore));
        assertTrue(thrice.prompts().stream().noneMatch(p -> p.topic().equals("builtin:gratitude")));
        // The profile knows it as a used topic.
        Profile p = fx.service.profile(u);
        assertEquals(3, p.guided().topics().stream().filter(t -> t.topic().equals("builtin:gratitude")).findFirst()
                .orElseThrow().recentSessions());
    }

    @Test
    public void aTopicJustDoneIsNotRecommendedAgain() throws Exception {
        fx = new Fixture(ALL_TOPICS);
        String u = Fixture.newUser();
        for (double d : new double[] { 3, 2, 1 }) {
            fx.write(u, ANXIOUS, daysAgo(d));
        }
        assertEquals(0, rank(fx.service.recommendations(u), "builtin:anxiety"));
        fx.session(u, "builtin:anxiety", "I keep worrying about the exam and my chest gets tight");
        Recommendations r = fx.service.recommendations(u);
        assertWellFormed(r);
        assertNull(topic(r, "builtin:anxiety"));
        assertTrue(r.prompts().stream().noneMatch(p -> p.topic().equals("builtin:anxiety")));
    }

    @Test
    public void answeredPromptsAreNeverRecommended() throws Exception {
        fx = new Fixture(Map.of("max.topics", 20, "max.prompts", 50, "just.done.hours", 0));
        String u = Fixture.newUser();
        for (double d : new double[] { 3, 2, 1 }) {
            fx.write(u, ANXIOUS, daysAgo(d));
        }
        SessionView s = fx.session(u, "builtin:anxiety", "I worry at night, my chest is tight and I cannot sleep");
        Set<String> answered = new HashSet<>();
        for (ResponseView a : s.responses()) {
            answered.add(a.promptId());
        }
        assertFalse(answered.isEmpty());
        Recommendations r = fx.service.recommendations(u);
        assertWellFormed(r);
        assertTrue("anxiety prompts are still offered", r.prompts().stream().anyMatch(p -> p.topic().equals("builtin:anxiety")));
        for (PromptItem p : r.prompts()) {
            assertFalse(p.id(), p.topic().equals("builtin:anxiety") && answered.contains(p.id()));
        }
    }

    @Test
    public void theProfileIsPersistedAndReloaded() throws Exception {
        fx = new Fixture();
        String u = Fixture.newUser();
        fx.write(u, "Is this working? I hope so! Writing a few words tonight.", daysAgo(1));
        Profile p = fx.service.profile(u);
        assertEquals(1, p.entries());
        assertEquals(Set.of("personalization-data/" + u + "/profile.json"), fx.stored(u));
        String stored = new String(fx.buckets.get(Bucket.AI_MODELS, PersonalizationService.key(u)).orElseThrow().readAllBytes(),
                StandardCharsets.UTF_8);
        assertTrue(stored, stored.contains("\"writing\"") && stored.contains("\"activeHours\""));
        assertEquals(1.0, p.writing().questionsPerEntry(), 1e-9);
        assertEquals(1.0, p.writing().exclamationsPerEntry(), 1e-9);
        assertEquals(1.0, p.writing().typedShare(), 1e-9);

        // Memory forgets (restart, expiry): the stored copy is reused, not recomputed.
        long computed = fx.service.computedCount();
        fx.memory.cache(MemoryService.PERSONALIZATION).clear();
        assertEquals(p, fx.service.profile(u));
        assertEquals(computed, fx.service.computedCount());
        assertEquals(1, fx.service.loadedCount());

        // An event makes both copies stale: the next read derives and stores a new one.
        fx.write(u, CALM, daysAgo(0.5));
        Profile p2 = fx.service.profile(u);
        assertEquals(2, p2.entries());
        assertEquals(computed + 1, fx.service.computedCount());
        assertTrue(new String(fx.buckets.get(Bucket.AI_MODELS, PersonalizationService.key(u)).orElseThrow().readAllBytes(),
                StandardCharsets.UTF_8).contains("\"entries\":2"));

        // A change whose marker was lost (memory restarted) still shows: the journal has a newer entry than the copy.
        fx.write(u, CALM, Instant.now());
        fx.memory.cache(MemoryService.PERSONALIZATION).clear();
        assertEquals(3, fx.service.profile(u).entries());
        assertEquals(computed + 2, fx.service.computedCount());
    }

    @Test
    public void oneUsersBehaviourNeverChangesAnothersRecommendations() throws Exception {
        fx = new Fixture(Map.of("just.done.hours", 0));
        String a = Fixture.newUser();
        String b = Fixture.newUser();
        fx.write(a, CALM, daysAgo(4));
        fx.write(b, CALM, daysAgo(4));
        fx.write(b, "Planned my goals for next year and feel hopeful about the future.", daysAgo(2));
        // B is read at one fixed instant before and after, so the comparison is exact (themes fade with age).
        Clock at = Clock.fixed(Instant.now(), ZoneOffset.UTC);
        fx.service.clock = at;
        Recommendations bBefore = fx.service.recommendations(b);
        Profile bProfile = fx.service.profile(b);
        fx.service.clock = Clock.systemUTC();

        for (double d : new double[] { 3, 2, 1, 0.1 }) {
            fx.write(a, ANXIOUS, daysAgo(d));
        }
        fx.session(a, "builtin:goals", "I want to run a marathon");
        fx.session(a, "builtin:goals", "Learn to paint");
        Recommendations aAfter = fx.service.recommendations(a);
        assertEquals(0, rank(aAfter, "builtin:anxiety"));

        fx.service.invalidate(b); // B's answer is derived again from scratch, not served from the cache
        fx.service.clock = at;
        Recommendations bAfter = fx.service.recommendations(b);
        assertEquals(bBefore, bAfter);
        Profile bAgain = fx.service.profile(b);
        fx.service.clock = Clock.systemUTC();
        assertEquals(2, bAgain.entries());
        assertEquals(0, bAgain.sessions());
        assertEquals(bProfile.recentThemes(), bAgain.recentThemes());
        assertEquals(bProfile.moods(), bAgain.moods());
        assertEquals(5, fx.service.profile(a).entries());
    }

    @Test
    public void theSameStateGivesTheSameRecommendations() throws Exception {
        fx = new Fixture();
        String u = Fixture.newUser();
        fx.write(u, ANXIOUS, daysAgo(2));
        fx.write(u, CALM, daysAgo(1));
        fx.service.clock = Clock.fixed(Instant.now(), ZoneOffset.UTC); // the same state includes the same "now"
        Recommendations first = fx.service.recommendations(u);
        fx.memory.cache(MemoryService.PERSONALIZATION).clear();
        fx.memory.cache(MemoryService.RECOMMENDATIONS).clear();
        fx.buckets.delete(Bucket.AI_MODELS, PersonalizationService.key(u));
        Recommendations second = fx.service.recommendations(u);
        assertEquals(first, second);
        assertEquals(second, fx.service.recommendations(u)); // a cache hit: the very same answer
    }

    @Test
    public void aFailingSourceAnswers503AndLeavesNothingBehind() throws Exception {
        fx = new Fixture();
        String u = Fixture.newUser();
        fx.write(u, CALM, daysAgo(1));
        fx.service.setGuided(new GuidedJournal() {
            @Override
            public List<GuidedSessionRecord> sessions(String userId, Instant from, Instant to) {
                throw new IllegalStateException("database is restarting");
            }

            @Override
            public GuidedSessionRecord importSession(String userId, GuidedSessionRecord session, String externalId) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean hasExternal(String userId, String externalId) {
                return false;
            }

            @Override
            public boolean deleteSession(String userId, String sessionId) {
                return false;
            }
        });
        try {
            fx.service.recommendations(u);
            fail("expected 503");
        } catch (ApiException e) {
            assertEquals(503, e.status());
            assertEquals("recommendations_unavailable", e.code());
        }
        assertTrue(fx.stored(u).isEmpty());
        assertEquals(Optional.empty(), fx.memory.cache(MemoryService.PERSONALIZATION).get(u));
        fx.service.setGuided(fx.guided);
        assertEquals("profile", fx.service.recommendations(u).basis());
        assertEquals(1, fx.stored(u).size());
    }
}
