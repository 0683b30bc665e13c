package io.pauz.guided.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.pauz.api.guided.GuidedSessionRecord;
import io.pauz.api.guided.GuidedSessionRecord.Exchange;
import io.pauz.api.rest.ApiException;
import io.pauz.guided.internal.Views.SessionView;
import io.pauz.mood.lexicon.internal.LexiconMoodAnalyzer;

public class GuidedJournalTest {
    private Fixture fx;
    private GuidedJournalImpl journal;

    @Before
    public void setUp() throws Exception {
        fx = new Fixture();
        fx.addPack(Fixture.TestPack.work("work"));
        fx.addAnalyzer(new LexiconMoodAnalyzer());
        journal = new GuidedJournalImpl(fx.service);
    }

    @After
    public void tearDown() throws Exception {
        fx.close();
    }

    private SessionView answeredSession(String user, int answers, boolean complete) {
        SessionView s = fx.service.start(user, "work:pressure");
        for (int i = 0; i < answers; i++) {
            s = fx.service.answer(user, s.id(), s.currentPrompt().id(), "Answer number " + i + " — café, Ελλάδα, мир. I feel good.");
        }
        return complete ? fx.service.complete(user, s.id()) : s;
    }

    @Test
    public void sessionsCarryPromptsAnswersAndMood() {
        SessionView done = answeredSession("alice", 3, true);
        SessionView open = answeredSession("alice", 1, false);
        answeredSession("bob", 2, true);

        List<GuidedSessionRecord> all = journal.sessions("alice", null, null);
        assertEquals(2, all.size());
        GuidedSessionRecord first = all.stream().filter(r -> r.id().equals(done.id())).findFirst().orElseThrow();
        assertEquals("work:pressure", first.topic());
        assertEquals(3, first.exchanges().size());
        assertTrue(first.exchanges().get(0).answer().contains("Ελλάδα"));
        assertTrue(first.moodScore() != null);
        assertTrue(first.completedAt() != null);
        GuidedSessionRecord second = all.stream().filter(r -> r.id().equals(open.id())).findFirst().orElseThrow();
        assertNull(second.completedAt());
        assertEquals("the unanswered current prompt is shown", 2, second.exchanges().size());
        assertNull(second.exchanges().get(1).answer());

        assertEquals("bob's sessions are his own", 1, journal.sessions("bob", null, null).size());
        assertEquals(0, journal.sessions("alice", Instant.now().plusSeconds(60), null).size());
        assertEquals(0, journal.sessions("alice", null, Instant.parse("2000-01-01T00:00:00Z")).size());
    }

    @Test
    public void importKeepsEverythingAndRefusesTheSameSessionTwice() {
        answeredSession("alice", 3, true);
        answeredSession("alice", 2, false);
        List<GuidedSessionRecord> original = journal.sessions("alice", null, null);
        for (GuidedSessionRecord r : original) {
            journal.importSession("carol", r, r.id());
        }
        List<GuidedSessionRecord> copied = journal.sessions("carol", null, null);
        assertEquals(original.size(), copied.size());
        for (int i = 0; i < original.size(); i++) {
            GuidedSessionRecord a = original.get(i);
            GuidedSessionRecord b = copied.get(i);
            assertEquals(a.topic(), b.topic());
            assertEquals(a.topicTitle(), b.topicTitle());
            assertEquals(a.startedAt(), b.startedAt());
            assertEquals(a.completedAt(), b.completedAt());
            assertEquals(a.plannedPrompts(), b.plannedPrompts());
            assertEquals(a.completionPercentage(), b.completionPercentage());
            assertEquals(a.moodScore(), b.moodScore());
            assertEquals(a.moodLabel(), b.moodLabel());
            assertEquals(a.exchanges(), b.exchanges());
            assertTrue(journal.hasExternal("carol", a.id()));
            assertFalse(journal.hasExternal("alice", a.id()));
        }
        // The imported session reads like any other through the REST view.
        SessionView view = fx.service.get("carol", copied.get(0).id());
        assertEquals(copied.get(0).exchanges().stream().filter(e -> e.answer() != null).count(), view.responses().size());

        try {
            journal.importSession("carol", original.get(0), original.get(0).id());
            fail("a second import of the same session must be refused");
        } catch (ApiException e) {
            assertEquals(409, e.status());
            assertEquals("duplicate_session", e.code());
        }
        assertEquals(original.size(), journal.sessions("carol", null, null).size());
    }

    @Test
    public void importedOpenSessionCanBeAnsweredAndCompleted() {
        answeredSession("alice", 1, false);
        GuidedSessionRecord r = journal.sessions("alice", null, null).get(0);
        GuidedSessionRecord copy = journal.importSession("dave", r, "x-1");
        SessionView v = fx.service.get("dave", copy.id());
        assertEquals("active", v.status());
        v = fx.service.answer("dave", copy.id(), v.currentPrompt().id(), "a new answer after the import");
        v = fx.service.complete("dave", copy.id());
        assertEquals("completed", v.status());
    }

    @Test
    public void badSessionsAreRefusedAndLeaveNothing() throws Exception {
        Instant t = Instant.parse("2025-03-01T10:00:00Z");
        List<GuidedSessionRecord> bad = new ArrayList<>();
        bad.add(new GuidedSessionRecord(null, "no-colon", "T", t, null, 3, 0, null, null, List.of()));
        bad.add(new GuidedSessionRecord(null, "p:t", "T", null, null, 3, 0, null, null, List.of()));
        bad.add(new GuidedSessionRecord(null, "p:t", "T", t, t.minusSeconds(5), 3, 0, null, null, List.of()));
        bad.add(new GuidedSessionRecord(null, "p:t", "T", t, null, 0, 0, null, null, List.of()));
        bad.add(new GuidedSessionRecord(null, "p:t", "T", t, null, 3, 0, 2.0, null, List.of()));
        bad.add(new GuidedSessionRecord(null, "p:t", "T", t, null, 1, 0, null, null,
                List.of(new Exchange("a", "A?", "x", t), new Exchange("b", "B?", "y", t))));
        bad.add(new GuidedSessionRecord(null, "p:t", "T", t, null, 3, 0, null, null,
                List.of(new Exchange("a", "A?", null, null), new Exchange("b", "B?", "y", t))));
        bad.add(new GuidedSessionRecord(null, "p:t", "T", t, null, 3, 0, null, null,
                List.of(new Exchange("a", "A?", "x", t), new Exchange("a", "B?", "y", t))));
        bad.add(new GuidedSessionRecord(null, "p:t", "T", t, null, 3, 0, null, null,
                List.of(new Exchange("a", "A?", "x", null))));
        for (GuidedSessionRecord r : bad) {
            try {
                journal.importSession("erin", r, null);
                fail("must be refused: " + r);
            } catch (ApiException e) {
                assertEquals(422, e.status());
            }
        }
        assertEquals(0, fx.rows("user_id = 'erin'"));
        assertTrue(fx.objects("erin").isEmpty());
    }
}
