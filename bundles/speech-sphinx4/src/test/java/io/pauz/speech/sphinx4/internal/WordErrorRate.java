package io.pauz.speech.sphinx4.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Word error rate: word-level Levenshtein distance over the reference length, ignoring case and punctuation. */
final class WordErrorRate {
    private WordErrorRate() {
    }

    static List<String> words(String text) {
        String plain = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}' ]+", " ").trim();
        return plain.isEmpty() ? List.of() : Arrays.asList(plain.split("\\s+"));
    }

    /** Substitutions + deletions + insertions needed to turn the hypothesis into the reference. */
    static int errors(List<String> reference, List<String> hypothesis) {
        int[] previous = new int[hypothesis.size() + 1];
        int[] current = new int[hypothesis.size() + 1];
        for (int j = 0; j <= hypothesis.size(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= reference.size(); i++) {
            current[0] = i;
            for (int j = 1; j <= hypothesis.size(); j++) {
                int substitute = previous[j - 1] + (reference.get(i - 1).equals(hypothesis.get(j - 1)) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[hypothesis.size()];
    }

    static double of(String reference, String hypothesis) {
        List<String> ref = words(reference);
        return errors(ref, words(hypothesis)) / (double) Math.max(1, ref.size());
    }
}
