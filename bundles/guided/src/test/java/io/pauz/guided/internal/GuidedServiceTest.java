package io.pauz.guided.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.pauz.api.bucket.Bucket;
import io.pauz.api.prompt.Prompt;
import io.pauz.api.prompt.Topic;
import io.pauz.api.rest.ApiException;
import io.pauz.guided.internal.Views.PromptView;
import io.pauz.guided.internal.Views.SessionPage;
import io.pauz.guided.internal.Views.SessionView;
import io.pauz.guided.internal.Views.TopicView;
import io.pauz.mood.lexicon.internal.LexiconMoodAnalyzer;
import io.pauz.prompts.builtin.internal.BuiltinPromptPack;

public class GuidedServiceTest {
    static final String A = "user-a";
    static final String B = "user-b";

    private Fixture fx;
    private GuidedServiceImpl guided;

    @Before
    public void setUp() throws Exception {
        fx = new Fixture();
        guided = fx.service;
        fx.addPack(new BuiltinPromptPack());
        fx.addPack(Fixture.TestPack.work("test"));
    }

    @After
    public void tearDown() throws Exception {
        fx.close();
    }

    // ---- topics ------------------------------------------------------------------------------

    @Test
    public void topicsOfAllPacksWithQualifiedIds() {
        List<TopicView> topics = guided.topics();
        assertEquals(8 + 1, topics.size());
        TopicView stress = find(topics, "builtin:stress");
        assertEquals("builtin", stress.pack());
        assertEquals("Stress", stress.title());
        assertEquals(new BuiltinPromptPack().prompts("stress").size(), stress.promptCount());
        TopicView pressure = find(topics, "test:pressure");
        assertEquals(10, pressure.promptCount());
        assertEquals("Test pack test", pressure.packName());

        // A second pack with a topic of the same id: both are listed, each under its own pack.
        fx.addPack(new Fixture.TestPack("other", List.of(new Topic("stress", "Other stress", "")),
                Map.of("stress", List.of(Fixture.TestPack.p("o1", "stress", "Hi?", Prompt.Stage.OPENING)))));
        topics = guided.topics();
        assertEquals("Stress", find(topics, "builtin:stress").title());
        assertEquals("Other stress", find(topics, "other:stress").title());
        // A bare id is accepted only while it names one topic.
        assertEquals("test:pressure", guided.start(A, "pressure").topic());
        assertApi(422, "ambiguous_topic", () -> guided.start(A, "stress"));
    }

    @Test
    public void brokenPackHidesOnlyItself() {
        fx.addPack(new Fixture.TestPack("broken", null, Map.of()) {
            @Override
            public List<Topic> topics() {
                throw new IllegalStateException("boom");
            }
        });
        assertEquals(9, guided.topics().size());
        assertApi(404, "topic_not_found", () -> guided.start(A, "broken:x"));
    }

    // ---- a whole session -------------------------------------------------------------------------

    @Test
    public void sessionRunsStagesInOrderWithProgress() throws Exception {
        SessionView s = guided.start(A, "builtin:stress");
        assertEquals("active", s.status());
        assertEquals("builtin:stress", s.topic());
        assertEquals("builtin", s.pack());
        assertEquals(1, s.prompts().size());
        assertEquals(Prompt.Stage.OPENING, s.currentPrompt().stage());
        assertEquals(s.prompts().get(0).id(), s.currentPrompt().id());
        assertEquals(0, s.responses().size());
        assertEquals(new Views.Progress(0, 5, 0), s.progress());
        assertNotNull(s.startedAt());
        assertNull(s.completedAt());
        // Four documents, one per folder, and the row.
        assertEquals(4, fx.objects(A).size());
        assertEquals(1, fx.rows("user_id = '" + A + "' AND status = 'active'"));

        List<Prompt.Stage> stages = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int[] expected = { 20, 40, 60, 80, 100 };
        for (int i = 0; i < 5; i++) {
            stages.add(s.currentPrompt().stage());
            assertTrue("prompt repeated: " + s.currentPrompt().id(), ids.add(s.currentPrompt().id()));
            s = guided.answer(A, s.id(), s.currentPrompt().id(), "Answer number " + i + " about an ordinary day.");
            assertEquals(i + 1, s.progress().answered());
            assertEquals(expected[i], s.progress().completionPercentage());
            assertEquals(i + 1, s.responses().size());
            assertEquals(i + 1, s.prompts().stream().filter(PromptView::answered).count());
        }
        assertEquals(List.of(Prompt.Stage.OPENING, Prompt.Stage.DEEPENING, Prompt.Stage.DEEPENING, Prompt.Stage.DEEPENING,
                Prompt.Stage.CLOSING), stages);
        assertNull("all answered: no current prompt", s.currentPrompt());
        assertEquals("active", s.status());
        String last = s.prompts().get(4).id();
        assertApi(409, "no_current_prompt", () -> guided.answer(A, sId(guided, A), last, "more"));

        SessionView reread = guided.get(A, s.id());
        assertEquals(s.prompts(), reread.prompts());
        assertEquals(s.responses(), reread.responses());
        assertEquals(s.progress(), reread.progress());

        // The progress history has one step per event.
        JsonNode progress = doc(GuidedServiceImpl.PROGRESS_FOLDER, A, s.id());
        assertEquals(6, progress.get("history").size());
        assertEquals("started", progress.get("history").get(0).get("event").asText());
        assertEquals(100, progress.get("history").get(5).get("completionPercentage").asInt());
    }

    @Test
    public void promptsPerSessionIsConfigurable() throws Exception {
        try (Fixture seven = new Fixture(Map.of("prompts.per.session", 7))) {
            seven.addPack(new BuiltinPromptPack());
            SessionView s = seven.service.start(A, "builtin:grief");
            assertEquals(7, s.progress().planned());
            List<Prompt.Stage> stages = new ArrayList<>();
            while (s.currentPrompt() != null) {
                stages.add(s.currentPrompt().stage());
                s = seven.service.answer(A, s.id(), s.currentPrompt().id(), "I miss her every day.");
            }
            assertEquals(Prompt.Stage.OPENING, stages.get(0));
            assertEquals(5, stages.stream().filter(st -> st == Prompt.Stage.DEEPENING).count());
            assertEquals(Prompt.Stage.CLOSING, stages.get(6));
        }
    }

    // ---- adaptation ---------------------------------------------------------------------------------

    @Test
    public void answerAboutDeadlineAndBossLeadsToThatPrompt() throws Exception {
        SessionView s = guided.start(A, "builtin:anxiety");
        s = guided.answer(A, s.id(), s.currentPrompt().id(),
                "My boss moved the deadline forward again and I can't stop thinking about it.");
        assertEquals("anxiety-04", s.currentPrompt().id());
        assertEquals(Prompt.Stage.DEEPENING, s.currentPrompt().stage());

        // Why it was chosen is kept with the prompt.
        JsonNode chosen = doc(GuidedServiceImpl.PROMPTS_FOLDER, A, s.id()).get("prompts").get(1);
        assertEquals("anxiety-04", chosen.get("id").asText());
        assertEquals("tags", chosen.get("why").get("rule").asText());
        Set<String> matched = new HashSet<>();
        chosen.get("why").get("matchedTags").forEach(n -> matched.add(n.asText()));
        assertEquals(Set.of("boss", "deadline"), matched);
        assertTrue(chosen.get("why").get("summary").asText().contains("boss"));
    }

    @Test
    public void pluralsAndPossessivesMatchTags() {
        SessionView s = guided.start(A, "test:pressure");
        s = guided.answer(A, s.id(), s.currentPrompt().id(), "Both my bosses' DEADLINES. My manager's mood too.");
        assertEquals("p-deadline", s.currentPrompt().id());
    }

    @Test
    public void laterPromptsFollowEarlierAnswersToo() {
        SessionView s = guided.start(A, "test:pressure");
        s = guided.answer(A, s.id(), s.currentPrompt().id(), "The rent is due and bills keep coming. I am so tired at night.");
        // Both money (rent, bills) and sleep (tired, night) score 4: the tie break picks one, the other follows.
        Set<String> next = new HashSet<>(Set.of("p-money", "p-sleep"));
        assertTrue(next.remove(s.currentPrompt().id()));
        s = guided.answer(A, s.id(), s.currentPrompt().id(), "Hard to say more.");
        assertEquals("an earlier answer still counts", next.iterator().next(), s.currentPrompt().id());
    }

    @Test
    public void hyphenatedTagMatchesWordsWithOrWithoutHyphen() {
        for (String answer : List.of("I never make time for self care.", "Self-care? Never.", "selfcare is a luxury")) {
            SessionView s = guided.start(A, "test:pressure");
            s = guided.answer(A, s.id(), s.currentPrompt().id(), answer);
            assertEquals(answer, "p-selfcare", s.currentPrompt().id());
        }
    }

    @Test
    public void lowMoodPrefersGentlePrompts() throws Exception {
        String sad = "I feel hopeless and miserable about work. Everything is awful and I hate how sad I am.";
        // Without an analyzer the tag match wins ("work" is not a tag; make it one via "boss").
        SessionView plain = guided.start(A, "test:pressure");
        plain = guided.answer(A, plain.id(), plain.currentPrompt().id(), sad + " My boss is cruel.");
        assertEquals("p-deadline", plain.currentPrompt().id());

        LexiconMoodAnalyzer lexicon = new LexiconMoodAnalyzer();
        assertTrue("the text must read as low", lexicon.analyze(sad + " My boss is cruel.").score() <= -0.3);
        fx.addAnalyzer(lexicon);
        SessionView s = guided.start(A, "test:pressure");
        s = guided.answer(A, s.id(), s.currentPrompt().id(), sad + " My boss is cruel.");
        assertEquals("p-gentle", s.currentPrompt().id());
        JsonNode why = doc(GuidedServiceImpl.PROMPTS_FOLDER, A, s.id()).get("prompts").get(1).get("why");
        assertEquals("gentle", why.get("rule").asText());
        assertTrue(why.get("lowMood").asBoolean());
        assertTrue(why.get("moodScore").asDouble() <= -0.3);

        // A cheerful answer with the same tags is not low: the tag match wins again.
        SessionView happy = guided.start(A, "test:pressure");
        happy = guided.answer(A, happy.id(), happy.currentPrompt().id(),
                "My boss praised me today, I feel wonderful and grateful!");
        assertEquals("p-deadline", happy.currentPrompt().id());

        // At the closing stage the gentle-tagged closing prompt ("calm") is preferred as well.
        while (s.currentPrompt() != null && s.currentPrompt().stage() != Prompt.Stage.CLOSING) {
            s = guided.answer(A, s.id(), s.currentPrompt().id(), sad + " I have a plan for the next step.");
        }
        assertEquals("p-close-calm", s.currentPrompt().id());
    }

    @Test
    public void tiesAreDeterministicPerSessionButVaryBetweenSessions() {
        Set<String> openings = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            SessionView s = guided.start(A, "builtin:gratitude");
            openings.add(s.currentPrompt().id());
            assertEquals(s.currentPrompt().id(), guided.get(A, s.id()).currentPrompt().id());
        }
        assertTrue("three openings should all come up: " + openings, openings.size() == 3);
    }

    // ---- completion and mood ---------------------------------------------------------------------------

    @Test
    public void completionReadsTheMoodOfTheWholeSession() throws Exception {
        fx.addAnalyzer(new LexiconMoodAnalyzer());
        List<SessionCompletion> events = new CopyOnWriteArrayList<>();
        CountDownLatch delivered = new CountDownLatch(1);
        guided.addCompletionSink(e -> {
            events.add(e);
            delivered.countDown();
        });
        SessionView s = guided.start(A, "builtin:gratitude");
        String[] answers = { "My friend cooked dinner for me, I felt so loved and happy.",
                "I am grateful for my family and our wonderful walk in the sun.",
                "Laughing with my sister was the best part, pure joy." };
        for (String a : answers) {
            s = guided.answer(A, s.id(), s.currentPrompt().id(), a);
        }
        long t0 = System.nanoTime();
        SessionView done = guided.complete(A, s.id());
        System.out.printf("complete with mood analysis (3 answers): %.2f ms%n", (System.nanoTime() - t0) / 1e6);
        assertEquals("completed", done.status());
        assertEquals(60, done.progress().completionPercentage());
        assertNotNull(done.completedAt());
        assertNull(done.currentPrompt());
        assertNotNull(done.mood());
        assertTrue("positive answers, positive mood: " + done.mood().score(), done.mood().score() > 0.3);
        assertEquals("lexicon", done.mood().analyzer());
        assertFalse(done.mood().emotions().isEmpty());
        assertEquals(3, done.mood().answers().size());
        assertEquals(done.prompts().get(0).id(), done.mood().answers().get(0).promptId());

        SessionView reread = guided.get(A, s.id());
        assertEquals(done.mood(), reread.mood());
        assertEquals(done.completedAt(), reread.completedAt());
        assertEquals(1, fx.rows("id = '" + s.id() + "' AND mood_score > 0.3 AND status = 'completed' AND mood_label IS NOT NULL"
                + " AND completion_percentage = 60 AND completed_at IS NOT NULL"));

        String current = s.currentPrompt().id();
        assertApi(409, "session_completed", () -> guided.complete(A, done.id()));
        assertApi(409, "session_completed", () -> guided.answer(A, done.id(), current, "late answer"));

        assertTrue(delivered.await(5, TimeUnit.SECONDS));
        SessionCompletion e = events.get(0);
        assertEquals(A, e.userId());
        assertEquals(s.id(), e.sessionId());
        assertEquals("builtin:gratitude", e.topic());
        assertEquals(done.mood().score(), e.moodScore(), 1e-9);
        assertEquals(3, e.answered());
    }

    @Test
    public void negativeSessionReadsNegative() {
        fx.addAnalyzer(new LexiconMoodAnalyzer());
        SessionView s = guided.start(A, "builtin:grief");
        s = guided.answer(A, s.id(), s.currentPrompt().id(), "I am devastated. The loss is unbearable and I feel empty and alone.");
        SessionView done = guided.complete(A, s.id());
        assertTrue(done.mood().score() < -0.3);
        assertEquals(20, done.progress().completionPercentage());
    }

    @Test
    public void completionWithoutAnalyzerHasNoMood() {
        SessionView s = guided.start(A, "builtin:goals");
        s = guided.answer(A, s.id(), s.currentPrompt().id(), "Run a marathon.");
        SessionView done = guided.complete(A, s.id());
        assertEquals("completed", done.status());
        assertNull(done.mood());
        assertEquals(20, done.progress().completionPercentage());
    }

    @Test
    public void configuredAnalyzerIsUsedElseTheHighestRanked() throws Exception {
        io.pauz.api.mood.MoodAnalyzer gloomy = fixed("gloomy", -0.9);
        io.pauz.api.mood.MoodAnalyzer sunny = fixed("sunny", 0.8);
        fx.addAnalyzer(gloomy);
        guided.addMoodAnalyzer(sunny, io.pauz.testsupport.ServiceProps.of(io.pauz.api.mood.MoodAnalyzer.ID_PROPERTY, "sunny", 10));
        SessionView s = guided.start(A, "builtin:goals");
        s = guided.answer(A, s.id(), s.currentPrompt().id(), "Anything.");
        assertEquals("sunny", guided.complete(A, s.id()).mood().analyzer());
        try (Fixture configured = new Fixture(Map.of("mood.analyzer", "gloomy"))) {
            configured.addPack(new BuiltinPromptPack());
            configured.addAnalyzer(gloomy);
            configured.service.addMoodAnalyzer(sunny, io.pauz.testsupport.ServiceProps.of(io.pauz.api.mood.MoodAnalyzer.ID_PROPERTY, "sunny", 10));
            SessionView c = configured.service.start(A, "builtin:goals");
            c = configured.service.answer(A, c.id(), c.currentPrompt().id(), "Anything.");
            SessionView done = configured.service.complete(A, c.id());
            assertEquals("gloomy", done.mood().analyzer());
            assertEquals(-0.9, done.mood().score(), 1e-9);
            assertEquals("sad", done.mood().label());
        }
    }

    @Test
    public void slowOrFailingAnalyzerDoesNotBlockTheSession() throws Exception {
        try (Fixture slow = new Fixture(Map.of("mood.wait.millis", 100))) {
            slow.addPack(Fixture.TestPack.work("test"));
            slow.addAnalyzer(new io.pauz.api.mood.MoodAnalyzer() {
                @Override
                public String id() {
                    return "slow";
                }

                @Override
                public io.pauz.api.mood.MoodReading analyze(String text) {
                    try {
                        Thread.sleep(5_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new io.pauz.api.mood.MoodReading(-1, "sad", Map.of(), "slow");
                }
            });
            SessionView s = slow.service.start(A, "test:pressure");
            long t0 = System.nanoTime();
            s = slow.service.answer(A, s.id(), s.currentPrompt().id(), "My boss set a deadline.");
            assertEquals("without a reading the tags decide", "p-deadline", s.currentPrompt().id());
            SessionView done = slow.service.complete(A, s.id());
            assertNull(done.mood());
            assertTrue((System.nanoTime() - t0) / 1e9 < 4);
        }
    }

    private static io.pauz.api.mood.MoodAnalyzer fixed(String id, double score) {
        return new io.pauz.api.mood.MoodAnalyzer() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public io.pauz.api.mood.MoodReading analyze(String text) {
                return new io.pauz.api.mood.MoodReading(score, score < 0 ? "sad" : "joyful", Map.of("joy", score < 0 ? 0.0 : 1.0), id);
            }
        };
    }

    @Test
    public void completingWithNoAnswerIsAllowed() {
        fx.addAnalyzer(new LexiconMoodAnalyzer());
        SessionView done = guided.complete(A, guided.start(A, "builtin:goals").id());
        assertEquals(0, done.progress().completionPercentage());
        assertNull(done.mood());
        assertEquals(1, done.prompts().size());
        assertFalse(done.prompts().get(0).answered());
    }

    // ---- errors ------------------------------------------------------------------------------------------

    @Test
    public void errorPaths() {
        assertApi(404, "topic_not_found", () -> guided.start(A, "builtin:nope"));
        assertApi(404, "topic_not_found", () -> guided.start(A, "nopack:stress"));
        assertApi(404, "topic_not_found", () -> guided.start(A, "nope"));
        SessionView s = guided.start(A, "test:pressure");
        String current = s.currentPrompt().id();
        assertApi(409, "wrong_prompt", () -> guided.answer(A, s.id(), "p-sleep", "hi"));
        assertApi(422, "empty_answer", () -> guided.answer(A, s.id(), current, "  \n "));
        assertApi(422, "empty_answer", () -> guided.answer(A, s.id(), current, null));
        assertApi(422, "missing_prompt_id", () -> guided.answer(A, s.id(), null, "hi"));
        assertApi(413, "answer_too_long", () -> guided.answer(A, s.id(), current, "x".repeat(20_001)));
        assertApi(404, "session_not_found", () -> guided.get(A, "00000000-0000-0000-0000-000000000000"));
        assertApi(404, "session_not_found", () -> guided.get(A, "../../etc"));
        assertApi(400, "bad_status", () -> guided.list(A, "open", 10, null));
        assertApi(400, "bad_limit", () -> guided.list(A, null, 0, null));
        assertApi(400, "bad_cursor", () -> guided.list(A, null, 10, "garbage"));
        // Nothing of the refused answers was kept; the longest allowed answer is accepted.
        assertEquals(0, guided.get(A, s.id()).progress().answered());
        SessionView after = guided.answer(A, s.id(), current, "y".repeat(20_000));
        assertEquals(20_000, after.responses().get(0).text().length());
    }

    @Test
    public void maxAnswerCharsIsConfigurable() throws Exception {
        try (Fixture small = new Fixture(Map.of("max.answer.chars", 10))) {
            small.addPack(Fixture.TestPack.work("test"));
            SessionView s = small.service.start(A, "test:pressure");
            assertApi(413, "answer_too_long", () -> small.service.answer(A, s.id(), s.currentPrompt().id(), "12345678901"));
            assertEquals(1, small.service.answer(A, s.id(), s.currentPrompt().id(), "1234567890").progress().answered());
        }
    }

    // ---- isolation --------------------------------------------------------------------------------------

    @Test
    public void anotherUserCannotSeeOrTouchASession() throws Exception {
        SessionView s = guided.start(A, "test:pressure");
        String current = s.currentPrompt().id();
        assertApi(404, "session_not_found", () -> guided.get(B, s.id()));
        assertApi(404, "session_not_found", () -> guided.answer(B, s.id(), current, "mine now"));
        assertApi(404, "session_not_found", () -> guided.complete(B, s.id()));
        assertFalse(guided.delete(B, s.id()));
        assertTrue(guided.list(B, null, 20, null).sessions().isEmpty());
        // Untouched.
        SessionView again = guided.get(A, s.id());
        assertEquals("active", again.status());
        assertEquals(0, again.progress().answered());
        assertEquals(4, fx.objects(A).size());
        assertTrue(fx.objects(B).isEmpty());
        assertEquals(1, guided.list(A, null, 20, null).sessions().size());
    }

    // ---- pack removal -------------------------------------------------------------------------------------

    @Test
    public void sessionsOutliveTheirPack() throws Exception {
        Fixture.TestPack pack = Fixture.TestPack.work("thirdparty");
        Map<String, Object> props = fx.addPack(pack);
        SessionView s = guided.start(A, "thirdparty:pressure");
        s = guided.answer(A, s.id(), s.currentPrompt().id(), "The deadline from my boss.");
        assertEquals("p-deadline", s.currentPrompt().id());

        guided.removePromptPack(pack, props);
        assertTrue(guided.topics().stream().noneMatch(t -> t.pack().equals("thirdparty")));
        assertApi(404, "topic_not_found", () -> guided.start(A, "thirdparty:pressure"));

        SessionView stored = guided.get(A, s.id());
        assertEquals(s.prompts(), stored.prompts());
        assertEquals("p-deadline", stored.currentPrompt().id());
        assertEquals("Which deadline or person at work weighs most?", stored.currentPrompt().text());
        // The session goes on with the prompts it captured at its start.
        while (stored.currentPrompt() != null) {
            stored = guided.answer(A, s.id(), stored.currentPrompt().id(), "I could not sleep, so tired at night.");
        }
        assertEquals("p-sleep", stored.prompts().get(2).id());
        assertEquals(Prompt.Stage.CLOSING, stored.prompts().get(4).stage());
        assertEquals("completed", guided.complete(A, s.id()).status());
    }

    // ---- listing and deleting -----------------------------------------------------------------------------

    @Test
    public void listsOwnSessionsNewestFirstWithPaging() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(guided.start(A, "builtin:goals").id());
            Thread.sleep(3);
        }
        guided.complete(A, ids.get(1));
        guided.start(B, "builtin:goals");
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            SessionPage page = guided.list(A, null, 2, cursor);
            assertTrue(page.sessions().size() <= 2);
            page.sessions().forEach(x -> seen.add(x.id()));
            cursor = page.nextCursor();
        } while (cursor != null);
        List<String> newestFirst = new ArrayList<>(ids);
        java.util.Collections.reverse(newestFirst);
        assertEquals(newestFirst, seen);
        SessionPage completed = guided.list(A, "completed", 20, null);
        assertEquals(List.of(ids.get(1)), completed.sessions().stream().map(Views.SessionSummary::id).toList());
        assertEquals(4, guided.list(A, "active", 20, null).sessions().size());
        assertEquals("builtin:goals", completed.sessions().get(0).topic());
        assertEquals("Goals", completed.sessions().get(0).topicTitle());
    }

    @Test
    public void deleteRemovesRowAndObjects() throws Exception {
        SessionView keep = guided.start(A, "builtin:career");
        SessionView s = guided.start(A, "builtin:career");
        guided.answer(A, s.id(), s.currentPrompt().id(), "Work is fine.");
        assertEquals(8, fx.objects(A).size());
        assertTrue(guided.delete(A, s.id()));
        assertApi(404, "session_not_found", () -> guided.get(A, s.id()));
        assertFalse(guided.delete(A, s.id()));
        assertEquals(4, fx.objects(A).size());
        assertTrue(fx.objects(A).stream().allMatch(k -> k.endsWith(keep.id() + ".json")));
        assertEquals(0, fx.rows("id = '" + s.id() + "'"));
    }

    // ---- consistency -----------------------------------------------------------------------------------------

    @Test
    public void failedStartLeavesNothingBehind() throws Exception {
        try (Fixture failing = new Fixture(Map.of(), FailingStore.wrap(GuidedServiceImpl.RESPONSES_FOLDER))) {
            failing.addPack(Fixture.TestPack.work("test"));
            FailingStore store = (FailingStore) failing.buckets;
            store.armed = true;
            try {
                failing.service.start(A, "test:pressure");
                fail("the store failed");
            } catch (io.pauz.api.bucket.BucketException expected) {
                // from the store
            }
            assertTrue(failing.objects(A).isEmpty());
            assertEquals(0, failing.rows(null));
        }
    }

    @Test
    public void failedAnswerKeepsTheSessionAsItWas() throws Exception {
        try (Fixture failing = new Fixture(Map.of(), FailingStore.wrap(GuidedServiceImpl.SESSION_FOLDER))) {
            failing.addPack(Fixture.TestPack.work("test"));
            FailingStore store = (FailingStore) failing.buckets;
            SessionView s = failing.service.start(A, "test:pressure");
            byte[] prompts = failing.buckets.get(Bucket.GUIDED_JOURNALS,
                    GuidedServiceImpl.key(GuidedServiceImpl.PROMPTS_FOLDER, A, s.id())).orElseThrow().readAllBytes();
            store.armed = true; // the last document of the step (session-data) fails after the others were written
            try {
                failing.service.answer(A, s.id(), s.currentPrompt().id(), "The deadline.");
                fail("the store failed");
            } catch (io.pauz.api.bucket.BucketException expected) {
                // from the store
            }
            store.armed = false;
            SessionView after = failing.service.get(A, s.id());
            assertEquals(0, after.progress().answered());
            assertEquals(s.prompts(), after.prompts());
            assertTrue(after.responses().isEmpty());
            assertEquals("documents restored", new String(prompts, StandardCharsets.UTF_8), new String(failing.buckets.get(
                    Bucket.GUIDED_JOURNALS, GuidedServiceImpl.key(GuidedServiceImpl.PROMPTS_FOLDER, A, s.id())).orElseThrow()
                    .readAllBytes(), StandardCharsets.UTF_8));
            // And the answer goes through once storage works again.
            assertEquals(1, failing.service.answer(A, s.id(), s.currentPrompt().id(), "The deadline.").progress().answered());
        }
    }

    @Test
    public void documentsAheadOfTheRowAreNotShown() throws Exception {
        SessionView s = guided.start(A, "test:pressure");
        // As after a crash between writing the documents and committing the row: the documents hold one more answer.
        String responsesKey = GuidedServiceImpl.key(GuidedServiceImpl.RESPONSES_FOLDER, A, s.id());
        String ahead = "{\"format\":1,\"sessionId\":\"" + s.id() + "\",\"responses\":[{\"promptId\":\""
                + s.currentPrompt().id() + "\",\"text\":\"never committed\",\"wordCount\":2,\"answeredAt\":\"2026-01-01T00:00:00Z\"}]}";
        fx.buckets.put(Bucket.GUIDED_JOURNALS, responsesKey, ahead.getBytes(StandardCharsets.UTF_8), "application/json");
        SessionView read = guided.get(A, s.id());
        assertTrue(read.responses().isEmpty());
        assertEquals(s.currentPrompt(), read.currentPrompt());
        SessionView answered = guided.answer(A, s.id(), s.currentPrompt().id(), "the real answer");
        assertEquals(List.of("the real answer"), answered.responses().stream().map(Views.ResponseView::text).toList());
    }

    @Test
    public void concurrentAnswersToOnePromptRecordOne() throws Exception {
        SessionView s = guided.start(A, "test:pressure");
        String current = s.currentPrompt().id();
        int threads = 8;
        CountDownLatch go = new CountDownLatch(1);
        List<Object> results = new CopyOnWriteArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int n = i;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    results.add(guided.answer(A, s.id(), current, "answer from thread " + n));
                } catch (ApiException e) {
                    results.add(e.status() + ":" + e.code());
                } catch (Exception e) {
                    results.add(e);
                }
            });
            t.start();
            workers.add(t);
        }
        go.countDown();
        for (Thread t : workers) {
            t.join(30_000);
        }
        assertEquals(threads, results.size());
        long ok = results.stream().filter(r -> r instanceof SessionView).count();
        assertEquals(results.toString(), 1, ok);
        assertTrue(results.toString(), results.stream().filter(r -> !(r instanceof SessionView))
                .allMatch(r -> r.equals("409:wrong_prompt")));
        SessionView after = guided.get(A, s.id());
        assertEquals(1, after.progress().answered());
        assertEquals(1, after.responses().size());
        assertNotEquals(current, after.currentPrompt().id());
    }

    @Test
    public void timings() {
        fx.addAnalyzer(new LexiconMoodAnalyzer());
        int n = 30;
        long startNs = 0;
        long answerNs = 0;
        long getNs = 0;
        long completeNs = 0;
        String text = "Work was a lot today, my boss moved the deadline and I slept badly. ".repeat(4);
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            SessionView s = guided.start(A, "builtin:stress");
            long t1 = System.nanoTime();
            for (int k = 0; k < 5; k++) {
                s = guided.answer(A, s.id(), s.currentPrompt().id(), text);
            }
            long t2 = System.nanoTime();
            guided.get(A, s.id());
            long t3 = System.nanoTime();
            guided.complete(A, s.id());
            long t4 = System.nanoTime();
            if (i >= 5) { // the first sessions warm the JIT
                startNs += t1 - t0;
                answerNs += (t2 - t1) / 5;
                getNs += t3 - t2;
                completeNs += t4 - t3;
            }
        }
        int m = n - 5;
        System.out.printf("guided (Derby in memory, local bucket store, lexicon analyzer, %d sessions): start %.2f ms, "
                + "answer %.2f ms, get %.2f ms, complete %.2f ms%n", m, startNs / 1e6 / m, answerNs / 1e6 / m, getNs / 1e6 / m,
                completeNs / 1e6 / m);
        assertEquals(n, guided.list(A, "completed", 100, null).sessions().size());
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private static String sId(GuidedServiceImpl g, String user) {
        return g.list(user, null, 1, null).sessions().get(0).id();
    }

    private JsonNode doc(String folder, String userId, String sessionId) throws Exception {
        byte[] bytes = fx.buckets.get(Bucket.GUIDED_JOURNALS, GuidedServiceImpl.key(folder, userId, sessionId)).orElseThrow()
                .readAllBytes();
        return guided.json.readTree(bytes);
    }

    private static TopicView find(List<TopicView> topics, String id) {
        return topics.stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow(() -> new AssertionError("no " + id));
    }

    static void assertApi(int status, String code, Runnable r) {
        try {
            r.run();
            fail("expected " + status + " " + code);
        } catch (ApiException e) {
            assertEquals(e.getMessage(), status, e.status());
            assertEquals(e.getMessage(), code, e.code());
        }
    }
}
