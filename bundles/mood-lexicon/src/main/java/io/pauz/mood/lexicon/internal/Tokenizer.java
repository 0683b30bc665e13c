package io.pauz.mood.lexicon.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits text into sentences of tokens: words (contractions and known hyphenated words kept whole),
 * emoticons and emoji. One pass over the characters; a new instance per text, so thread safe by confinement.
 */
final class Tokenizer {
    static final byte WORD = 0;
    static final byte EMOTICON = 1;
    static final byte EMOJI = 2;

    static final class Token {
        final String text;
        final String lower;
        final byte kind;
        /** Python's str.isupper(): has letters and none is lower case (VADER's ALL-CAPS test). */
        final boolean upper;
        final int letters;
        final boolean number;
        /** A clause break (, ; : dash bracket quote) comes right before this token. */
        final boolean clauseStart;
        final int codePoint;

        Token(String text, byte kind, boolean clauseStart, int codePoint) {
            this.text = text;
            this.lower = text.toLowerCase(Locale.ROOT);
            this.kind = kind;
            this.clauseStart = clauseStart;
            this.codePoint = codePoint;
            int l = 0;
            int lowerCase = 0;
            boolean digitsOnly = true;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isLetter(c)) {
                    l++;
                    if (Character.isLowerCase(c)) {
                        lowerCase++;
                    }
                }
                if (!Character.isDigit(c) && c != '.' && c != ',') {
                    digitsOnly = false;
                }
            }
            this.letters = l;
            this.upper = kind == WORD && l > 0 && lowerCase == 0;
            this.number = kind == WORD && digitsOnly;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    static final class Sentence {
        final List<Token> tokens = new ArrayList<>();
        int exclamations;
        int questions;
    }

    private final Lexicons lx;
    private final String text;
    private final List<Sentence> sentences = new ArrayList<>();
    private Sentence current = new Sentence();
    private final StringBuilder word = new StringBuilder(32);
    private boolean clause;
    private boolean pendingEnd;

    private Tokenizer(Lexicons lx, String text) {
        this.lx = lx;
        this.text = text;
    }

    static List<Sentence> sentences(Lexicons lx, String text) {
        Tokenizer t = new Tokenizer(lx, text);
        t.run();
        return t.sentences;
    }

    private void run() {
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                if (c == '\n' || c == '\r') {
                    endSentence(); // journal lines are thoughts of their own
                }
                i++;
                continue;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            chunk(start, i);
        }
        endSentence();
    }

    /** One whitespace-delimited chunk. */
    private void chunk(int s, int e) {
        String whole = text.substring(s, e);
        if (emoticon(whole)) {
            emit(whole, EMOTICON, 0);
            return;
        }
        // an emoticon followed by punctuation: ":)." or ":(!!"
        int t = e;
        while (t > s + 1 && ".,!?;".indexOf(text.charAt(t - 1)) >= 0) {
            t--;
        }
        if (t < e && emoticon(text.substring(s, t))) {
            emit(text.substring(s, t), EMOTICON, 0);
            scan(t, e);
            return;
        }
        // a word glued to an emoticon: "today:)"
        for (int len = 3; len >= 2; len--) {
            if (e - s > len + 1 && Character.isLetter(text.charAt(e - len - 1))
                    && emoticon(text.substring(e - len, e))) {
                scan(s, e - len);
                emit(text.substring(e - len, e), EMOTICON, 0);
                return;
            }
        }
        scan(s, e);
    }

    private boolean emoticon(String s) {
        // "8)" in "(page 8)" is not a face: emoticons starting with a digit are ignored. Every emoticon has a
        // character that cannot be in a word, so plain words skip the two map lookups.
        return s.length() >= 2 && !Character.isDigit(s.charAt(0)) && Lexicons.isEmoticon(s) && lx.emoticon(s) != null;
    }

    private void scan(int s, int e) {
        int i = s;
        while (i < e) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (ignorable(cp)) {
                continue;
            }
            if (Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK) {
                word.appendCodePoint(cp);
                pendingEnd = false;
                continue;
            }
            if (word.length() > 0 && (cp == '\'' || cp == '\u2019' || cp == '\u2018' || cp == '-')) {
                word.append(cp == '-' ? '-' : '\''); // apostrophes normalised so "don’t" is "don't"
                continue;
            }
            flushWord();
            if (lx.emoji.containsKey(cp)) {
                emit(new String(Character.toChars(cp)), EMOJI, cp);
                pendingEnd = false;
            } else if (emojiRange(cp)) {
                pendingEnd = false; // unknown emoji: a neutral separator
            } else {
                switch (cp) {
                    case '!', '\uFF01' -> {
                        current.exclamations++;
                        pendingEnd = true;
                    }
                    case '?', '\uFF1F' -> {
                        current.questions++;
                        pendingEnd = true;
                    }
                    case '.', '\u2026', '\u3002' -> pendingEnd = true;
                    case ',', ';', ':', '-', '\u2013', '\u2014', '(', ')', '[', ']', '"', '\u201C', '\u201D',
                            '\u3001', '\uFF0C' -> clause = true;
                    default -> {
                        // other symbols (/, &, #, *) just separate words
                    }
                }
            }
        }
        flushWord();
        if (pendingEnd) {
            endSentence();
        }
    }

    private void flushWord() {
        int len = word.length();
        while (len > 0 && (word.charAt(len - 1) == '\'' || word.charAt(len - 1) == '-')) {
            len--;
        }
        if (len == 0) {
            word.setLength(0);
            return;
        }
        String w = word.substring(0, len);
        word.setLength(0);
        if (w.indexOf('-') > 0 && !lx.knowsWhole(w.toLowerCase(Locale.ROOT))) {
            for (String part : w.split("-+")) {
                if (!part.isEmpty()) {
                    emit(part, WORD, 0);
                }
            }
        } else {
            emit(w, WORD, 0);
        }
    }

    private void emit(String s, byte kind, int cp) {
        current.tokens.add(new Token(s, kind, clause, cp));
        clause = false;
    }

    private void endSentence() {
        flushWord();
        if (!current.tokens.isEmpty()) {
            sentences.add(current);
            current = new Sentence();
        } else {
            current.exclamations = 0;
            current.questions = 0;
        }
        clause = false;
        pendingEnd = false;
    }

    /** Variation selectors, zero-width joiner, keycap and skin-tone modifiers carry no mood. */
    private static boolean ignorable(int cp) {
        return cp == 0xFE0F || cp == 0xFE0E || cp == 0x200D || cp == 0x20E3 || (cp >= 0x1F3FB && cp <= 0x1F3FF);
    }

    private static boolean emojiRange(int cp) {
        return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) || (cp >= 0x2300 && cp <= 0x23FF)
                || (cp >= 0x2B00 && cp <= 0x2BFF);
    }
}
