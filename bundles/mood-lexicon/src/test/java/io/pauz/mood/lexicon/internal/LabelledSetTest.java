package io.pauz.mood.lexicon.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.pauz.api.mood.MoodReading;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Accuracy of the 3-class label on the hand-written journal sentences in mood/labelled.tsv. */
public class LabelledSetTest {
    private static final String[] CLASSES = {"negative", "neutral", "positive"};

    /** {@code heldOut}: written after the rules and word lists were frozen (see the marker in the file). */
    record Example(String label, String text, boolean heldOut) {
    }

    static List<Example> examples() throws IOException {
        List<Example> out = new ArrayList<>();
        try (InputStream in = LabelledSetTest.class.getResourceAsStream("/mood/labelled.tsv")) {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            boolean heldOut = false;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("# --- held out")) {
                    heldOut = true;
                }
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", 2);
                out.add(new Example(f[0], f[1], heldOut));
            }
        }
        return out;
    }

    /** The 3-class label as in VADER's usage notes: positive if score >= 0.05, negative if <= -0.05. */
    static String threeClass(double score) {
        return score >= 0.05 ? "positive" : score <= -0.05 ? "negative" : "neutral";
    }

    static int index(String label) {
        for (int i = 0; i < CLASSES.length; i++) {
            if (CLASSES[i].equals(label)) {
                return i;
            }
        }
        throw new IllegalArgumentException(label);
    }

    @Test
    public void accuracyOfThreeClassLabel() throws IOException {
        List<Example> examples = examples();
        assertTrue("at least 300 examples", examples.size() >= 300);
        LexiconMoodAnalyzer analyzer = new LexiconMoodAnalyzer();
        int[][] confusion = new int[3][3];
        int correct = 0;
        int heldOut = 0;
        int heldOutCorrect = 0;
        StringBuilder misses = new StringBuilder();
        for (Example e : examples) {
            MoodReading r = analyzer.analyze(e.text());
            String predicted = threeClass(r.score());
            confusion[index(e.label())][index(predicted)]++;
            heldOut += e.heldOut() ? 1 : 0;
            if (predicted.equals(e.label())) {
                correct++;
                heldOutCorrect += e.heldOut() ? 1 : 0;
            } else {
                misses.append(String.format("  %-8s -> %-8s %+.3f %s %s%n", e.label(), predicted, r.score(),
                        e.heldOut() ? "[held out]" : "", e.text()));
            }
        }
        double accuracy = (double) correct / examples.size();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%nMood lexicon: 3-class accuracy %d/%d = %.3f%n", correct, examples.size(), accuracy));
        sb.append(String.format("  of which held out (written after tuning): %d/%d = %.3f%n", heldOutCorrect, heldOut,
                (double) heldOutCorrect / heldOut));
        sb.append(String.format("%-16s %9s %9s %9s%n", "actual\\predicted", CLASSES[0], CLASSES[1], CLASSES[2]));
        for (int i = 0; i < 3; i++) {
            sb.append(String.format("%-16s %9d %9d %9d%n", CLASSES[i], confusion[i][0], confusion[i][1], confusion[i][2]));
        }
        sb.append("Misclassified:\n").append(misses);
        System.out.println(sb);
        int total = 0;
        for (int[] row : confusion) {
            for (int c : row) {
                total += c;
            }
        }
        assertEquals(examples.size(), total);
        assertTrue("accuracy " + accuracy + " should be >= 0.75", accuracy >= 0.75);
    }

    @Test
    public void evaluationSetIsBalanced() throws IOException {
        Map<String, Long> counts = examples().stream()
                .collect(java.util.stream.Collectors.groupingBy(Example::label, java.util.stream.Collectors.counting()));
        assertEquals(java.util.Set.of(CLASSES), counts.keySet());
        for (long c : counts.values()) {
            assertTrue("each class has at least 100 examples: " + counts, c >= 100);
        }
    }
}
