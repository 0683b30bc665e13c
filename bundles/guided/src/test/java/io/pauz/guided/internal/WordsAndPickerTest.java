package io.pauz.guided.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.Test;

import io.pauz.api.prompt.Prompt.Stage;
import io.pauz.guided.internal.Docs.PromptRef;
import io.pauz.support.Words;

public class WordsAndPickerTest {

    @Test
    public void stemmingFoldsPluralsOnly() {
        assertEquals("deadline", Words.stem("deadlines"));
        assertEquals("worry", Words.stem("worries"));
        assertEquals("boss", Words.stem("bosses"));
        assertEquals("boss", Words.stem("boss"));
        assertEquals("church", Words.stem("churches"));
        assertEquals("box", Words.stem("boxes"));
        assertEquals("kid", Words.stem("kids"));
        assertEquals("stress", Words.stem("stress"));
        assertEquals("focus", Words.stem("focus"));
        assertEquals("crisis", Words.stem("crisis"));
        assertEquals("bus", Words.stem("bus"));
        assertEquals("is", Words.stem("is"));
        assertEquals("working", Words.stem("working"));
    }

    @Test
    public void termsAreLowerCaseWithoutAccentsOrPossessives() {
        Set<String> terms = Words.terms("My BOSS's Deadlines, café! Worries.");
        assertTrue(terms.containsAll(Set.of("my", "boss", "deadline", "cafe", "worry")));
        assertTrue("joined neighbours for hyphenated tags", terms.contains("bossdeadline"));
        assertEquals("selfcare", Words.tagTerm("self-care"));
        assertEquals("deadline", Words.tagTerm("Deadlines"));
        assertEquals("", Words.tagTerm("--"));
        assertEquals(3, Words.count("one, two -- three!"));
    }

    private static PromptRef p(String id, Stage stage, String... tags) {
        return new PromptRef(id, "text of " + id, stage, List.of(tags));
    }

    @Test
    public void planIsOneOpeningDeepeningsOneClosingWithinWhatTheTopicHas() {
        List<PromptRef> pool = List.of(p("o1", Stage.OPENING), p("o2", Stage.OPENING), p("d1", Stage.DEEPENING),
                p("d2", Stage.DEEPENING), p("d3", Stage.DEEPENING), p("d4", Stage.DEEPENING), p("c1", Stage.CLOSING));
        assertEquals(List.of(Stage.OPENING, Stage.DEEPENING, Stage.DEEPENING, Stage.DEEPENING, Stage.CLOSING),
                PromptPicker.plan(5, pool));
        assertEquals(List.of(Stage.OPENING, Stage.CLOSING), PromptPicker.plan(2, pool));
        assertEquals(List.of(Stage.OPENING), PromptPicker.plan(1, pool));
        // Only four deepening prompts: a session of 10 plans 6.
        assertEquals(6, PromptPicker.plan(10, pool).size());
        // A topic without an opening or closing stage starts and ends with deepening prompts.
        assertEquals(List.of(Stage.DEEPENING, Stage.DEEPENING), PromptPicker.plan(2, List.of(p("d1", Stage.DEEPENING),
                p("d2", Stage.DEEPENING))));
        assertTrue(PromptPicker.plan(5, List.of()).isEmpty());
    }

    @Test
    public void bestTagScoreWinsLatestAnswerWeighsMore() {
        List<PromptRef> pool = List.of(p("sleep", Stage.DEEPENING, "sleep", "tired"), p("work", Stage.DEEPENING, "boss", "deadline"),
                p("money", Stage.DEEPENING, "rent"), p("open", Stage.OPENING, "boss"));
        // work: 2 tags in the latest answer = 4; sleep: 1 tag in an earlier answer = 1.
        PromptPicker.Context ctx = new PromptPicker.Context(List.of("I am tired", "my boss and the deadline"), null, -0.3,
                Set.of());
        PromptPicker.Picked picked = PromptPicker.choose("s1", Stage.DEEPENING, pool, Set.of(), ctx);
        assertEquals("work", picked.prompt().id());
        assertEquals(4, picked.why().score());
        assertEquals("tags", picked.why().rule());
        assertEquals(3, picked.why().candidates());
        // Used prompts and other stages never come back.
        picked = PromptPicker.choose("s1", Stage.DEEPENING, pool, Set.of("work"), ctx);
        assertEquals("sleep", picked.prompt().id());
        assertEquals(1, picked.why().score());
        assertNull(PromptPicker.choose("s1", Stage.CLOSING, pool, Set.of(), ctx));
    }

    @Test
    public void lowMoodRestrictsToGentlePromptsWhenThereAreAny() {
        List<PromptRef> pool = List.of(p("work", Stage.DEEPENING, "boss"), p("soft", Stage.DEEPENING, "gentle"));
        Set<String> gentle = Set.of("gentle", "support", "calm");
        PromptPicker.Context low = new PromptPicker.Context(List.of("my boss"), -0.6, -0.3, gentle);
        PromptPicker.Context fine = new PromptPicker.Context(List.of("my boss"), 0.2, -0.3, gentle);
        assertEquals("soft", PromptPicker.choose("s", Stage.DEEPENING, pool, Set.of(), low).prompt().id());
        assertEquals("gentle", PromptPicker.choose("s", Stage.DEEPENING, pool, Set.of(), low).why().rule());
        assertEquals("work", PromptPicker.choose("s", Stage.DEEPENING, pool, Set.of(), fine).prompt().id());
        // The threshold itself counts as low.
        assertTrue(new PromptPicker.Context(List.of(), -0.3, -0.3, gentle).lowMood());
        assertFalse(new PromptPicker.Context(List.of(), null, -0.3, gentle).lowMood());
        // No gentle prompt left: the tags decide, and the reason says so.
        PromptPicker.Picked picked = PromptPicker.choose("s", Stage.DEEPENING, pool, Set.of("soft"), low);
        assertEquals("work", picked.prompt().id());
        assertTrue(picked.why().summary().contains("no gentle prompt was left"));
    }

    @Test
    public void tieBreakIsStableAndSpreads() {
        assertEquals(PromptPicker.tieBreak("a", "b"), PromptPicker.tieBreak("a", "b"));
        List<PromptRef> pool = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pool.add(p("o" + i, Stage.OPENING));
        }
        int[] wins = new int[4];
        for (int s = 0; s < 400; s++) {
            String id = PromptPicker.choose("session-" + s, Stage.OPENING, pool, Set.of(), PromptPicker.Context.none())
                    .prompt().id();
            wins[id.charAt(1) - '0']++;
        }
        for (int w : wins) {
            assertTrue("each of 4 tied prompts wins a fair share: " + java.util.Arrays.toString(wins), w > 50);
        }
    }
}
