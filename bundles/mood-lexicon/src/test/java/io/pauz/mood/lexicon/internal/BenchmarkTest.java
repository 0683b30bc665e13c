package io.pauz.mood.lexicon.internal;

import static org.junit.Assert.assertTrue;

import io.pauz.api.mood.MoodReading;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.Test;

/** Prints throughput figures (never asserted as timings). */
public class BenchmarkTest {

    /** A journal-like text of about {@code words} words, built from the evaluation sentences. */
    static String journal(List<LabelledSetTest.Example> examples, Random rnd, int words) {
        StringBuilder sb = new StringBuilder();
        int count = 0;
        while (count < words) {
            String s = examples.get(rnd.nextInt(examples.size())).text();
            sb.append(s).append(rnd.nextInt(5) == 0 ? "\n" : " ");
            count += s.split("\\s+").length;
        }
        return sb.toString();
    }

    @Test
    public void throughput() throws IOException {
        List<LabelledSetTest.Example> examples = LabelledSetTest.examples();
        Random rnd = new Random(7);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            texts.add(journal(examples, rnd, 200));
        }
        String big = journal(examples, rnd, 2000);
        LexiconMoodAnalyzer analyzer = new LexiconMoodAnalyzer();

        double sink = 0;
        for (int round = 0; round < 10; round++) { // warm-up
            for (String t : texts) {
                sink += analyzer.analyze(t).score();
            }
        }
        int n = 0;
        long start = System.nanoTime();
        while (System.nanoTime() - start < 1_000_000_000L) {
            for (String t : texts) {
                sink += analyzer.analyze(t).score();
                n++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        int bigRuns = 500;
        long bigStart = System.nanoTime();
        MoodReading last = null;
        for (int i = 0; i < bigRuns; i++) {
            last = analyzer.analyze(big);
        }
        double bigMs = (System.nanoTime() - bigStart) / 1e6 / bigRuns;

        System.out.printf("%nMood lexicon benchmark: %,.0f texts/s for 200-word texts (%.1f µs each, one thread);"
                        + " 2,000-word entry: %.3f ms (score %.3f)%n",
                n / seconds, seconds / n * 1e6, bigMs, last.score());
        assertTrue(!Double.isNaN(sink));
    }
}
