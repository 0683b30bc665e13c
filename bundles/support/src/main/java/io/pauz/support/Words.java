package io.pauz.support;

import java.text.BreakIterator;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns answers and tags into comparable terms: lower case, accents removed, letters and digits only, and a
 * small stemmer that folds plurals and possessives ("deadlines" and "deadline's" both become "deadline").
 * Tags go through the same function, so a pack author's "worries" and an answer's "worry" meet. Guided sessions
 * and recommendations both match prompt tags with it, so a tag means the same thing to both.
 */
public final class Words {
    public static final int MAX_TERM_LENGTH = 64;

    private Words() {
    }

    /**
     * Distinct terms of a text in order of first appearance, plus each run of two and three neighbouring words
     * joined, so a hyphenated tag such as {@code self-care} matches "self care", "self-care" and "selfcare".
     */
    public static Set<String> terms(String text) {
        List<String> words = words(text);
        Set<String> terms = new LinkedHashSet<>();
        for (int i = 0; i < words.size(); i++) {
            terms.add(stem(words.get(i)));
            if (i + 1 < words.size()) {
                terms.add(stem(words.get(i) + words.get(i + 1)));
                if (i + 2 < words.size()) {
                    terms.add(stem(words.get(i) + words.get(i + 1) + words.get(i + 2)));
                }
            }
        }
        terms.remove("");
        return terms;
    }

    /** The term a tag is compared as; empty when the tag has no letters or digits. */
    public static String tagTerm(String tag) {
        return tag == null ? "" : stem(normalize(tag));
    }

    /** Normalised words (no stemming) of a text, in order, repeats kept. */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        BreakIterator it = BreakIterator.getWordInstance(Locale.ROOT);
        it.setText(text);
        int start = it.first();
        for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            String word = normalize(text.substring(start, end));
            if (!word.isEmpty()) {
                out.add(word);
            }
        }
        return out;
    }

    /** Normalised and stemmed words of a text, in order, repeats kept. */
    public static List<String> stemmedWords(String text) {
        return words(text).stream().map(Words::stem).toList();
    }

    public static int count(String text) {
        return words(text).size();
    }

    /** Lower case, accents removed ("Café" is "cafe"), letters and digits only, at most 64 characters. */
    public static String normalize(String word) {
        String decomposed = Normalizer.normalize(word, Normalizer.Form.NFKD).toLowerCase(Locale.ROOT);
        // A possessive ("boss's", "boss’s") is the noun itself.
        if (decomposed.endsWith("'s") || decomposed.endsWith("\u2019s")) {
            decomposed = decomposed.substring(0, decomposed.length() - 2);
        }
        StringBuilder sb = new StringBuilder(decomposed.length());
        decomposed.codePoints().filter(Character::isLetterOrDigit).forEach(sb::appendCodePoint);
        String term = sb.toString();
        if (term.length() > MAX_TERM_LENGTH) {
            int end = MAX_TERM_LENGTH;
            if (Character.isHighSurrogate(term.charAt(end - 1))) {
                end--;
            }
            term = term.substring(0, end);
        }
        return term;
    }

    /**
     * Folds English plurals onto the singular: worries→worry, bosses→boss, boxes→box, churches→church,
     * deadlines→deadline. Words ending in ss, us, is (stress, focus, crisis) and short words are left alone.
     * Deliberately small: a wrong fold here would make unrelated tags match.
     */
    public static String stem(String w) {
        int n = w.length();
        if (n <= 3 || w.charAt(n - 1) != 's') {
            return w;
        }
        if (w.endsWith("ies") && n > 4) {
            return w.substring(0, n - 3) + "y";
        }
        if (w.endsWith("sses") || w.endsWith("xes") || w.endsWith("zzes") || w.endsWith("ches") || w.endsWith("shes")) {
            return w.substring(0, n - 2);
        }
        if (w.endsWith("ss") || w.endsWith("us") || w.endsWith("is")) {
            return w;
        }
        return w.substring(0, n - 1);
    }
}
