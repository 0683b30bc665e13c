package io.pauz.mood.lexicon.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.pauz.api.mood.MoodAnalyzer;
import io.pauz.api.mood.MoodReading;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.Test;

public class LexiconMoodAnalyzerTest {

    @Test
    public void identity() {
        MoodAnalyzer a = new LexiconMoodAnalyzer();
        assertEquals("lexicon", a.id());
        MoodReading r = a.analyze("What a lovely day!");
        assertEquals("lexicon", r.analyzer());
        assertTrue(r.score() > 0.5);
        assertEquals(Set.of("joy", "sadness", "anger", "fear", "calm", "gratitude", "love", "surprise"),
                r.emotions().keySet());
    }

    @Test
    public void lexiconsAreLoadedOnce() {
        assertTrue(Lexicons.shared() == Lexicons.shared());
    }

    /** Many threads on one instance give the same readings as one thread. */
    @Test
    public void threadSafe() throws Exception {
        MoodAnalyzer a = new LexiconMoodAnalyzer();
        List<LabelledSetTest.Example> examples = LabelledSetTest.examples();
        List<MoodReading> expected = new ArrayList<>();
        for (LabelledSetTest.Example e : examples) {
            expected.add(a.analyze(e.text()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                futures.add(pool.submit(() -> {
                    int checked = 0;
                    for (int round = 0; round < 20; round++) {
                        for (int i = 0; i < examples.size(); i++) {
                            int k = (i + offset * 37) % examples.size();
                            assertEquals(expected.get(k), a.analyze(examples.get(k).text()));
                            checked++;
                        }
                    }
                    return checked;
                }));
            }
            for (Future<Integer> f : futures) {
                assertEquals(20 * examples.size(), (int) f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The packaged bundle contains the data files and the licence of the VADER lexicon. */
    @Test
    public void resourcesAndLicencePackaged() throws Exception {
        for (String r : new String[] {"vader_lexicon.txt", "vader_lexicon.LICENSE.txt", "emotions.tsv", "emoji.tsv",
                "phrases.tsv", "valence_overrides.tsv"}) {
            assertTrue(r, LexiconMoodAnalyzerTest.class.getResource(Lexicons.BASE + r) != null);
        }
        assertTrue(LexiconMoodAnalyzerTest.class.getResource("/META-INF/NOTICE") != null);
    }
}
