package io.pauz.recommendations.internal;

import java.text.BreakIterator;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Words of entries and tags made comparable: lower case, accents removed, letters and digits only, plurals folded
 * ("worries" and "worry" meet). The same rules as the guided journal's tag matching, so a pack's tags mean the same
 * thing here as they do there.
 */
final class Words {
    private static final int MAX_TERM_LENGTH = 64;

    private Words() {
    }

    /** Normalised and stemmed words of a text, in order, repeats kept. */
    static List<String> terms(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        BreakIterator it = BreakIterator.getWordInstance(Locale.ROOT);
        it.setText(text);
        int start = it.first();
        for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            String word = stem(normalize(text.substring(start, end)));
            if (!word.isEmpty()) {
                out.add(word);
            }
        }
        return out;
    }

    /** The term a tag or lexicon word is compared as; hyphens and spaces are dropped ("self-care" is "selfcare"). */
    static String term(String word) {
        return word == null ? "" : stem(normalize(word));
    }

    static String normalize(String word) {
        String decomposed = Normalizer.normalize(word, Normalizer.Form.NFKD).toLowerCase(Locale.ROOT);
        if (decomposed.endsWith("'s") || decomposed.endsWith("\u2019s")) {
            decomposed = decomposed.substring(0, decomposed.length() - 2);
        }
        StringBuilder sb = new StringBuilder(decomposed.length());
        decomposed.codePoints().filter(Character::isLetterOrDigit).forEach(sb::appendCodePoint);
        String term = sb.toString();
        return term.length() > MAX_TERM_LENGTH ? term.substring(0, MAX_TERM_LENGTH) : term;
    }

    /** Folds English plurals; words ending in ss, us, is (stress, focus, crisis) and short words stay. */
    static String stem(String w) {
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
