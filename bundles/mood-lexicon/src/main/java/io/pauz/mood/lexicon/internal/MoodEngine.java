package io.pauz.mood.lexicon.internal;

import io.pauz.mood.lexicon.internal.Lexicons.Phrase;
import io.pauz.mood.lexicon.internal.Tokenizer.Sentence;
import io.pauz.mood.lexicon.internal.Tokenizer.Token;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * VADER-style scoring (Hutto &amp; Gilbert 2014, re-implemented here; no third-party code) plus emotion
 * weights from PAUZ's own word list. Stateless apart from the immutable {@link Lexicons}: thread safe.
 *
 * <p>Per sentence: sum of word valences after the rules (negation, boosters, ALL CAPS, "but", idioms),
 * plus punctuation emphasis, normalised with x / sqrt(x² + 15). The text's score is the mean over the
 * sentences that carry any sentiment, so a long entry does not saturate at ±1 the way one VADER sum would.
 */
final class MoodEngine {
    static final double C_INCR = 0.733;
    static final double N_SCALAR = -0.74;
    static final double ALPHA = 15;

    static final double VERY_NEGATIVE = -0.6;
    static final double NEGATIVE = -0.05;
    static final double POSITIVE = 0.05;
    static final double VERY_POSITIVE = 0.6;

    /** Subjects and auxiliaries after which "like" is the verb of liking, not "looks like" / "like that". */
    private static final Set<String> LIKE_SUBJECTS = Set.of("i", "we", "you", "they", "he", "she", "really",
            "totally", "also", "still", "do", "did", "does", "would", "i'd", "we'd", "actually", "genuinely",
            "truly", "kinda", "definitely");
    /** Words after which "pretty" / "super" are degree adverbs ("pretty tired") rather than adjectives. */
    private static final Set<String> DEGREE_TARGETS = Set.of("much", "sure", "busy", "quiet", "normal", "late",
            "early", "long", "hard", "tough", "rough", "slow", "fast", "big", "small", "low", "high");

    private final Lexicons lx;

    MoodEngine(Lexicons lx) {
        this.lx = lx;
    }

    /** Result of one text. */
    record Result(double score, String label, Map<String, Double> emotions, double[] sentenceScores) {
    }

    Result analyze(String text) {
        double[] raw = new double[Emotion.ALL.length];
        if (text == null || text.isBlank()) {
            return new Result(0, label(0), emotions(raw), new double[0]);
        }
        List<Sentence> sentences = Tokenizer.sentences(lx, text);
        boolean capDiff = capDifferential(sentences);
        double[] scores = new double[sentences.size()];
        double sum = 0;
        int counted = 0;
        for (int i = 0; i < scores.length; i++) {
            double s = sentenceSum(sentences.get(i), capDiff, raw);
            if (s != 0) {
                scores[i] = normalize(s);
                sum += scores[i];
                counted++;
            }
        }
        double score = counted == 0 ? 0 : clamp(sum / counted);
        score = Math.round(score * 10_000) / 10_000.0;
        return new Result(score, label(score), emotions(raw), scores);
    }

    /** The five labels; thresholds as in VADER's usage notes (±0.05) plus ±0.6 for "very". */
    static String label(double score) {
        if (score >= VERY_POSITIVE) {
            return "very positive";
        } else if (score >= POSITIVE) {
            return "positive";
        } else if (score > NEGATIVE) {
            return "neutral";
        } else if (score > VERY_NEGATIVE) {
            return "negative";
        }
        return "very negative";
    }

    static double normalize(double x) {
        return clamp(x / Math.sqrt(x * x + ALPHA));
    }

    private static double clamp(double x) {
        return Double.isNaN(x) ? 0 : Math.max(-1, Math.min(1, x));
    }

    /**
     * Emotion weights: each raw total divided by max(sum of totals, 1). A single plain mention therefore
     * weighs up to 1, weak hints ("good") stay small, and texts with much emotional wording get shares that
     * add up to 1. All zero when no emotion word occurs.
     */
    private static Map<String, Double> emotions(double[] raw) {
        double total = 0;
        for (double r : raw) {
            total += r;
        }
        double div = Math.max(total, 1);
        Map<String, Double> out = new LinkedHashMap<>();
        for (Emotion e : Emotion.ALL) {
            out.put(e.key, Math.round(raw[e.ordinal()] / div * 1000) / 1000.0);
        }
        return out;
    }

    /** VADER's "some but not all words are ALL CAPS": only then does capitalisation signal emphasis. */
    private static boolean capDifferential(List<Sentence> sentences) {
        int words = 0;
        int upper = 0;
        for (Sentence s : sentences) {
            for (Token t : s.tokens) {
                if (t.kind == Tokenizer.WORD && !t.number) {
                    words++;
                    if (t.upper) {
                        upper++;
                    }
                }
            }
        }
        return upper > 0 && upper < words;
    }

    /** Raw (unnormalised) VADER sum of one sentence; adds the sentence's emotion evidence to {@code raw}. */
    double sentenceSum(Sentence s, boolean capDiff, double[] raw) {
        List<Token> t = s.tokens;
        int n = t.size();
        double[] val = new double[n];
        boolean[] consumed = new boolean[n];
        boolean english = english(t);
        int but = -1;
        for (int i = 0; i < n; i++) {
            Token k = t.get(i);
            if (k.kind == Tokenizer.WORD && (k.lower.equals("but") || k.lower.equals("however"))) {
                but = i;
                break;
            }
        }
        for (int i = 0; i < n; ) {
            Token tok = t.get(i);
            double weight = but < 0 || i == but ? 1 : i < but ? 0.5 : 1.5;
            if (tok.kind == Tokenizer.EMOJI) {
                // emoji and emoticons state the writer's mood directly: no negation or boosters
                Lexicons.EmojiEntry e = lx.emoji.get(tok.codePoint);
                val[i] = e.valence();
                addEmotions(raw, e.emotions(), weight, false);
                i++;
                continue;
            }
            if (tok.kind == Tokenizer.EMOTICON) {
                val[i] = lx.emoticon(tok.text);
                float[] em = lx.emotionWords.get(tok.text);
                addEmotions(raw, em != null ? em : lx.emotionWords.get(tok.lower), weight, false);
                i++;
                continue;
            }
            if (!english || tok.number) {
                i++;
                continue;
            }
            Phrase p = phrase(t, i);
            if (p != null) {
                val[i] = modified(t, consumed, i, p.valence(), capDiff);
                addEmotions(raw, p.emotions(), weight * emotionFactor(t, consumed, i, capDiff),
                        negated(t, consumed, i));
                for (int j = i; j < i + p.words().length; j++) {
                    consumed[j] = true;
                }
                i += p.words().length;
                continue;
            }
            String w = tok.lower;
            if (isModifier(t, i)) {
                i++;
                continue;
            }
            Float lex = lx.valence.get(w);
            if (lex != null && scoresAsLexicon(t, i, w)) {
                double v = lex;
                if (w.equals("no") && i < n - 1 && lx.valence.containsKey(t.get(i + 1).lower)) {
                    v = 0; // "no" negates the next sentiment word instead of counting itself
                }
                val[i] = modified(t, consumed, i, v, capDiff);
            }
            float[] em = lx.emotionsOf(w);
            if (em != null) {
                addEmotions(raw, em, weight * emotionFactor(t, consumed, i, capDiff), negated(t, consumed, i));
            }
            i++;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double v = val[i];
            if (but >= 0 && i != but) {
                v *= i < but ? 0.5 : 1.5;
            }
            sum += v;
        }
        double emphasis = punctuationEmphasis(s);
        if (sum > 0) {
            sum += emphasis;
        } else if (sum < 0) {
            sum -= emphasis;
        }
        return sum;
    }

    /** Exclamation marks (up to 4, +0.292 each) and repeated question marks add intensity. */
    private static double punctuationEmphasis(Sentence s) {
        double ep = Math.min(s.exclamations, 4) * 0.292;
        double qm = 0;
        if (s.questions > 1) {
            qm = s.questions <= 3 ? s.questions * 0.18 : 0.96;
        }
        return ep + qm;
    }

    /** Boosters and "kind of"/"pretty"/"super" used as degree words carry no valence of their own. */
    private boolean isModifier(List<Token> t, int i) {
        String w = t.get(i).lower;
        if (Lexicons.BOOSTERS.containsKey(w)) {
            return true;
        }
        if (i + 1 < t.size() && t.get(i + 1).kind == Tokenizer.WORD) {
            String next = t.get(i + 1).lower;
            if ((w.equals("kind") || w.equals("sort")) && next.equals("of")) {
                return true;
            }
            if (w.equals("pretty") || w.equals("super")) {
                return lx.valence.containsKey(next) || DEGREE_TARGETS.contains(next) || next.endsWith("ly");
            }
        }
        return false;
    }

    /** Disambiguation of a few very frequent lexicon words that are mostly not sentiment in diaries. */
    private static boolean scoresAsLexicon(List<Token> t, int i, String w) {
        String prev = i > 0 && !t.get(i).clauseStart ? t.get(i - 1).lower : null;
        return switch (w) {
            case "like" -> prev != null && (LIKE_SUBJECTS.contains(prev) || isNegator(prev));
            case "well" -> i > 0 && !"as".equals(prev) && !"pretty".equals(prev); // "Well, ..." / "as well"
            default -> true;
        };
    }

    private Phrase phrase(List<Token> t, int i) {
        Phrase[] candidates = lx.phrases.get(t.get(i).lower);
        if (candidates == null) {
            return null;
        }
        outer:
        for (Phrase p : candidates) {
            String[] w = p.words();
            if (i + w.length > t.size()) {
                continue;
            }
            for (int j = 1; j < w.length; j++) {
                Token k = t.get(i + j);
                if (k.kind != Tokenizer.WORD || !k.lower.equals(w[j])) {
                    continue outer;
                }
            }
            return p;
        }
        return null;
    }

    /** The VADER rules for the sentiment item at {@code i}: "no", ALL CAPS, boosters, negation, "least". */
    private double modified(List<Token> t, boolean[] consumed, int i, double base, boolean capDiff) {
        if (base == 0) {
            return 0;
        }
        double v = base;
        if (noBefore(t, consumed, i)) {
            v = base * N_SCALAR;
        }
        Token tok = t.get(i);
        if (capDiff && tok.upper && tok.letters >= 2) {
            v += v > 0 ? C_INCR : -C_INCR;
        }
        int window = window(t, i);
        for (int k = 0; k < window; k++) {
            int j = i - k - 1;
            Token m = t.get(j);
            if (consumed[j] || m.kind != Tokenizer.WORD) {
                continue;
            }
            if (!lx.valence.containsKey(m.lower) || isModifier(t, j)) {
                double s = scalar(t, j, i - window, v, capDiff);
                if (k == 1) {
                    s *= 0.95;
                } else if (k == 2) {
                    s *= 0.9;
                }
                v += s;
            }
            v = negation(t, consumed, i, k, v);
        }
        return least(t, i, v);
    }

    /** How many words before {@code i} (at most 3) are in the same clause. */
    private static int window(List<Token> t, int i) {
        int k = 0;
        while (k < 3 && i - k - 1 >= 0 && !t.get(i - k).clauseStart) {
            k++;
        }
        return k;
    }

    /** Booster scalar of the word at {@code j} (or the two-word booster ending there) for valence {@code v}. */
    private double scalar(List<Token> t, int j, int windowStart, double v, boolean capDiff) {
        Token m = t.get(j);
        Double b = Lexicons.BOOSTERS.get(m.lower);
        if (b == null && j - 1 >= windowStart && j - 1 >= 0) {
            b = Lexicons.BIGRAM_BOOSTERS.get(t.get(j - 1).lower + " " + m.lower);
        }
        if (b == null && (m.lower.equals("pretty") || m.lower.equals("super")) && isModifier(t, j)) {
            b = Lexicons.B_INCR;
        }
        if (b == null) {
            return 0;
        }
        double s = v < 0 ? -b : b;
        if (capDiff && m.upper && m.letters >= 2) {
            s += v > 0 ? C_INCR : -C_INCR;
        }
        return s;
    }

    private static boolean isNegator(String w) {
        return Lexicons.NEGATORS.contains(w) || w.contains("n't");
    }

    private static boolean neg(List<Token> t, boolean[] consumed, int j) {
        return !consumed[j] && t.get(j).kind == Tokenizer.WORD && isNegator(t.get(j).lower);
    }

    /** VADER's negation check for the word {@code k + 1} places before {@code i}. */
    private static double negation(List<Token> t, boolean[] consumed, int i, int k, double v) {
        if (k == 0) {
            return neg(t, consumed, i - 1) ? v * N_SCALAR : v;
        }
        String p1 = t.get(i - 1).lower;
        String p2 = t.get(i - 2).lower;
        if (k == 1) {
            if (p2.equals("never") && (p1.equals("so") || p1.equals("this"))) {
                return v * 1.25; // "never so good": emphasis, not negation
            }
            if (p2.equals("without") && p1.equals("doubt")) {
                return v;
            }
            return neg(t, consumed, i - 2) ? v * N_SCALAR : v;
        }
        String p3 = t.get(i - 3).lower;
        if (p3.equals("never") && (p2.equals("so") || p2.equals("this") || p1.equals("so") || p1.equals("this"))) {
            return v * 1.25;
        }
        if (p3.equals("without") && (p2.equals("doubt") || p1.equals("doubt"))) {
            return v;
        }
        return neg(t, consumed, i - 3) ? v * N_SCALAR : v;
    }

    /** "no good", "no real joy", "no sadness or fear". */
    private static boolean noBefore(List<Token> t, boolean[] consumed, int i) {
        int w = window(t, i);
        return (w >= 1 && !consumed[i - 1] && t.get(i - 1).lower.equals("no"))
                || (w >= 2 && !consumed[i - 2] && t.get(i - 2).lower.equals("no"))
                || (w >= 3 && !consumed[i - 3] && t.get(i - 3).lower.equals("no")
                        && (t.get(i - 1).lower.equals("or") || t.get(i - 1).lower.equals("nor")));
    }

    /** "least" negates ("the least fun day") except in "at least" / "very least". */
    private static double least(List<Token> t, int i, double v) {
        if (window(t, i) >= 1 && t.get(i - 1).lower.equals("least")) {
            if (i < 2 || (!t.get(i - 2).lower.equals("at") && !t.get(i - 2).lower.equals("very"))) {
                return v * N_SCALAR;
            }
        }
        return v;
    }

    /** Whether the word at {@code i} is negated (odd number of negators in its clause window). */
    private static boolean negated(List<Token> t, boolean[] consumed, int i) {
        double sign = 1;
        int window = window(t, i);
        for (int k = 0; k < window; k++) {
            sign = negation(t, consumed, i, k, sign);
        }
        if (noBefore(t, consumed, i)) {
            sign = -sign;
        }
        return least(t, i, sign) < 0;
    }

    /** Boosters (×1.3 / ×0.7) and ALL CAPS (×1.25) scale the emotion evidence of the word at {@code i}. */
    private double emotionFactor(List<Token> t, boolean[] consumed, int i, boolean capDiff) {
        double f = 1;
        int window = window(t, i);
        for (int k = 0; k < window; k++) {
            int j = i - k - 1;
            if (!consumed[j] && t.get(j).kind == Tokenizer.WORD) {
                double s = scalar(t, j, i - window, 1, false);
                if (s > 0) {
                    f *= 1.3;
                } else if (s < 0) {
                    f *= 0.7;
                }
            }
        }
        Token tok = t.get(i);
        if (capDiff && tok.upper && tok.letters >= 2) {
            f *= 1.25;
        }
        return f;
    }

    private static void addEmotions(double[] raw, float[] v, double factor, boolean negated) {
        if (v == null) {
            return;
        }
        for (Emotion e : Emotion.ALL) {
            float w = v[e.ordinal()];
            if (w == 0) {
                continue;
            }
            if (!negated) {
                raw[e.ordinal()] += w * factor;
            } else if (e.whenNegated() != null) {
                raw[e.whenNegated().ordinal()] += 0.5 * w * factor;
            }
        }
    }

    /**
     * Whether a sentence is (probably) English. Foreign sentences would otherwise be scored by chance hits
     * (German "die", Spanish "no"); their emoji and emoticons still count.
     */
    private boolean english(List<Token> t) {
        int words = 0;
        int known = 0;
        int en = 0;
        int foreign = 0;
        for (Token k : t) {
            if (k.kind != Tokenizer.WORD || k.number) {
                continue;
            }
            words++;
            if (Lexicons.ENGLISH_STOPWORDS.contains(k.lower)) {
                en++;
            }
            if (Lexicons.FOREIGN_STOPWORDS.contains(k.lower)) {
                foreign++;
            }
            if (lx.knows(k.lower)) {
                known++;
            }
        }
        if (foreign > en) {
            return false;
        }
        return words < 3 || known * 3 >= words;
    }
}
