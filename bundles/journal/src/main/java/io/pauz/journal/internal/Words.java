package io.pauz.journal.internal;

import java.text.BreakIterator;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Word counting and search terms for any language. Words are found with the JDK's Unicode word
 * boundaries (UAX #29); scripts written without spaces (Han, Hiragana, Katakana, Thai syllables
 * the JDK does not segment) count one word per ideograph, the usual convention for such text.
 */
final class Words {
    static final int MAX_TERM_LENGTH = 64;

    private Words() {
    }

    static int count(String text) {
        int[] count = { 0 };
        forEachWord(text, w -> count[0]++);
        return count[0];
    }

    /** Distinct normalised terms of a text, in order of first appearance. */
    static Set<String> terms(String text) {
        Set<String> terms = new LinkedHashSet<>();
        forEachWord(text, w -> {
            String term = normalize(w);
            if (!term.isEmpty()) {
                terms.add(term);
            }
        });
        return terms;
    }

    /** Terms of a search query, at most {@code max}. */
    static List<String> queryTerms(String query, int max) {
        List<String> out = new ArrayList<>();
        for (String term : terms(query)) {
            if (out.size() == max) {
                break;
            }
            out.add(term);
        }
        return out;
    }

    /** Lower case, accents removed (so "Café" finds "cafe"), letters and digits only, at most 64 chars. */
    static String normalize(String word) {
        String decomposed = Normalizer.normalize(word, Normalizer.Form.NFKD).toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(decomposed.length());
        decomposed.codePoints()
                .filter(cp -> Character.isLetterOrDigit(cp))
                .forEach(sb::appendCodePoint);
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

    private interface WordSink {
        void word(String word);
    }

    private static void forEachWord(String text, WordSink sink) {
        if (text == null || text.isEmpty()) {
            return;
        }
        BreakIterator it = BreakIterator.getWordInstance(Locale.ROOT);
        it.setText(text);
        int start = it.first();
        for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            String segment = text.substring(start, end);
            if (!hasLetterOrDigit(segment)) {
                continue;
            }
            if (isIdeographic(segment.codePointAt(0))) {
                segment.codePoints().forEach(cp -> {
                    if (Character.isLetterOrDigit(cp)) {
                        sink.word(new String(Character.toChars(cp)));
                    }
                });
            } else {
                sink.word(segment);
            }
        }
    }

    private static boolean hasLetterOrDigit(String s) {
        return s.codePoints().anyMatch(Character::isLetterOrDigit);
    }

    private static boolean isIdeographic(int cp) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.THAI
                || script == Character.UnicodeScript.LAO || script == Character.UnicodeScript.KHMER
                || script == Character.UnicodeScript.MYANMAR;
    }

    /** The first characters of a text on one line, cut at a word boundary, for listings. */
    static String preview(String text, int max) {
        if (text == null) {
            return null;
        }
        String flat = text.strip().replaceAll("\\s+", " ");
        if (flat.length() <= max) {
            return flat;
        }
        int cut = flat.lastIndexOf(' ', max - 1);
        if (cut < max / 2) {
            cut = max - 1;
        }
        if (Character.isHighSurrogate(flat.charAt(cut - 1))) {
            cut--;
        }
        return flat.substring(0, cut) + "…";
    }
}
