package io.pauz.mood.lexicon.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The word lists, loaded once from the bundle and immutable afterwards (so shared freely between threads).
 *
 * <p>Valences use VADER's scale (-4 .. 4). The rule word lists (negators, boosters, stop words) are here in
 * code because the rules in {@link MoodEngine} depend on them; the data lists are resources next to this
 * bundle's classes, under {@code io/pauz/mood/lexicon/}.
 */
final class Lexicons {
    static final String BASE = "/io/pauz/mood/lexicon/";

    /** Empirical VADER constants (Hutto &amp; Gilbert 2014). */
    static final double B_INCR = 0.293;
    static final double B_DECR = -0.293;

    /** Words that negate what follows (within three words). Any word containing "n't" negates too. */
    static final Set<String> NEGATORS = words("not never nothing nobody none nowhere neither nor without nope "
            + "cannot cant dont doesnt didnt isnt arent wasnt werent wont wouldnt shouldnt couldnt havent hasnt "
            + "hadnt aint mightnt mustnt neednt shant rarely seldom despite uhuh uh-uh");

    /** Degree adverbs: a positive scalar adds intensity, a negative one takes it away. */
    static final Map<String, Double> BOOSTERS = boosters();

    /** Two-word boosters ("kind of"), keyed "first second". */
    static final Map<String, Double> BIGRAM_BOOSTERS = Map.of(
            "kind of", B_DECR, "sort of", B_DECR, "a bit", B_DECR, "a little", B_DECR, "just enough", B_DECR,
            "a lot", B_INCR, "so much", B_INCR);

    /** English function words: used to tell English sentences from others. */
    static final Set<String> ENGLISH_STOPWORDS = words((
            "i me my myself mine we us our ours you your yours he him his she her hers it its they them their "
            + "what which who whom whose this that these those am is are was were be been being have has had "
            + "having do does did doing a an the and but if or because as until while of at by for with about "
            + "against between into through during before after above below to from up down in out on off over "
            + "under again then once here there when where why how all any both each few more most other some "
            + "such only own same so than too very can could will would shall should may might must just now "
            + "today yesterday tomorrow tonight i'm i've i'd i'll im ive it's that's there's he's she's we're "
            + "they're you're let's got get gets getting went go goes going gone came come feel felt feeling day "
            + "days time work home really also still much lot bit one two three first last next back again "
            + "week morning evening night afternoon said say says made make think thought know knew want wanted "
            + "need needed tried try trying took take left right around after since though although even ever "
            + "every everything something anything someone everyone people thing things way new old little "
            + "big long"));

    /**
     * Common function words of other languages that are not English words (plus German "die", whose
     * lexicon valence would otherwise darken every German sentence).
     */
    static final Set<String> FOREIGN_STOPWORDS = words((
            "der die das und ist ich nicht ein eine einen einem mit auf für sich dem des auch wir sie sehr heute "
            + "aber mein meine wie noch nach schon habe wird oder kein keine bist sind war's ganz gestern "
            + "le la les et je suis une des du pas dans avec sur mais très tres aujourd'hui ce cette qui que elle "
            + "nous vous ils mon ma mes au aux été j'ai c'est n'est suis était "
            + "el los las y es estoy muy pero una del al mi mis hoy tengo fue estaba está esta estoy nada "
            + "también tambien porque cuando donde "
            + "não nao eu estou muito uma os mas hoje foi você voce "
            + "il gli sono non molto oggi che della per ho sto questo questa "
            + "het een ik niet zijn maar vandaag ben erg"));

    final Map<String, Float> valence;
    /** Emoticons (":)", "&lt;3"), exact case as in the VADER lexicon. */
    final Map<String, Float> emoticons;
    final Map<Integer, EmojiEntry> emoji;
    final Map<String, float[]> emotionWords;
    final Map<String, float[]> emotionPrefixes;
    final int longestPrefix;
    /** First three letters of every emotion prefix: most words are rejected with one lookup. */
    private final Set<String> prefixStarts;
    /** Phrases by first word, longest first. */
    final Map<String, Phrase[]> phrases;

    record EmojiEntry(double valence, float[] emotions) {
    }

    record Phrase(String[] words, double valence, float[] emotions) {
    }

    private static volatile Lexicons shared;

    /** The lexicons of this bundle, loaded on first use (about 8,000 entries, a few tens of ms). */
    static Lexicons shared() {
        Lexicons l = shared;
        if (l == null) {
            synchronized (Lexicons.class) {
                l = shared;
                if (l == null) {
                    shared = l = new Lexicons();
                }
            }
        }
        return l;
    }

    private Lexicons() {
        Map<String, Float> val = new HashMap<>(16_384);
        Map<String, Float> emo = new HashMap<>(512);
        for (String[] f : rows("vader_lexicon.txt")) {
            if (f.length < 2) {
                continue;
            }
            float v = Float.parseFloat(f[1]);
            if (isEmoticon(f[0])) {
                emo.put(f[0], v);
            } else {
                val.put(f[0].toLowerCase(Locale.ROOT), v);
            }
        }
        for (String[] f : rows("valence_overrides.tsv")) {
            val.put(f[0].toLowerCase(Locale.ROOT), Float.parseFloat(f[1]));
        }
        this.valence = Collections.unmodifiableMap(val); // HashMap: faster lookups than Map.copyOf's probing
        this.emoticons = Map.copyOf(emo);

        Map<Integer, EmojiEntry> em = new HashMap<>(512);
        for (String[] f : rows("emoji.tsv")) {
            int cp = Integer.parseInt(f[0].substring(2), 16);
            em.put(cp, new EmojiEntry(Double.parseDouble(f[2]), Emotion.parseVector(f.length > 3 ? f[3] : null)));
        }
        this.emoji = Map.copyOf(em);

        Map<String, float[]> words = new HashMap<>(1024);
        Map<String, float[]> prefixes = new HashMap<>(256);
        int longest = 0;
        for (String[] f : rows("emotions.tsv")) {
            float[] v = Emotion.parseVector(f[1]);
            if (f[0].endsWith("*")) {
                String p = f[0].substring(0, f[0].length() - 1);
                prefixes.put(p, v);
                longest = Math.max(longest, p.length());
            } else {
                words.put(f[0], v);
            }
        }
        this.emotionWords = Collections.unmodifiableMap(words);
        this.emotionPrefixes = Collections.unmodifiableMap(prefixes);
        this.longestPrefix = longest;
        Set<String> starts = new java.util.HashSet<>();
        for (String p : prefixes.keySet()) {
            starts.add(p.substring(0, Math.min(3, p.length())));
        }
        this.prefixStarts = Collections.unmodifiableSet(starts);

        Map<String, List<Phrase>> ph = new HashMap<>();
        for (String[] f : rows("phrases.tsv")) {
            String[] w = f[0].toLowerCase(Locale.ROOT).split(" ");
            ph.computeIfAbsent(w[0], k -> new ArrayList<>())
                    .add(new Phrase(w, Double.parseDouble(f[1]), Emotion.parseVector(f.length > 2 ? f[2] : null)));
        }
        Map<String, Phrase[]> phr = new HashMap<>();
        ph.forEach((k, list) -> {
            list.sort(Comparator.comparingInt((Phrase p) -> p.words().length).reversed());
            phr.put(k, list.toArray(new Phrase[0]));
        });
        this.phrases = Collections.unmodifiableMap(phr);
    }

    /** A lexicon key is an emoticon when it has a character that cannot occur inside a word. */
    static boolean isEmoticon(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '\'' && c != '-') {
                return true;
            }
        }
        return false;
    }

    Double emoticon(String text) {
        Float v = emoticons.get(text);
        if (v == null) {
            v = emoticons.get(text.toLowerCase(Locale.ROOT));
        }
        return v == null ? null : v.doubleValue();
    }

    /** Emotion vector of a lower-case word: exact entry, else the longest listed prefix; null if none. */
    float[] emotionsOf(String lower) {
        float[] v = emotionWords.get(lower);
        if (v != null || lower.length() < 3 || !prefixStarts.contains(lower.substring(0, 3))) {
            return v;
        }
        for (int len = Math.min(lower.length(), longestPrefix); len >= 3; len--) {
            v = emotionPrefixes.get(lower.substring(0, len));
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** Whether a hyphenated word should stay whole rather than be split into its parts. */
    boolean knowsWhole(String lower) {
        return valence.containsKey(lower) || BOOSTERS.containsKey(lower) || emotionWords.containsKey(lower)
                || NEGATORS.contains(lower);
    }

    /** Whether a word is in any list: used to tell English sentences from others. */
    boolean knows(String lower) {
        return ENGLISH_STOPWORDS.contains(lower) || valence.containsKey(lower) || BOOSTERS.containsKey(lower)
                || NEGATORS.contains(lower) || lower.contains("n't") || emotionsOf(lower) != null;
    }

    private static Set<String> words(String spaceSeparated) {
        return Collections.unmodifiableSet(new java.util.HashSet<>(List.of(spaceSeparated.trim().split("\\s+"))));
    }

    private static Map<String, Double> boosters() {
        Map<String, Double> m = new HashMap<>();
        for (String w : ("absolutely amazingly awfully completely considerably decidedly deeply enormously entirely "
                + "especially exceptionally extremely fully greatly highly hugely incredibly intensely particularly "
                + "purely quite really remarkably so substantially thoroughly totally tremendously unbelievably "
                + "unusually utterly very truly insanely too such most more majorly hella freaking "
                + "fricking frickin friggin fucking effing massively").split(" ")) {
            m.put(w, B_INCR);
        }
        for (String w : ("almost barely hardly kinda kindof kind-of less little marginally occasionally partly "
                + "scarcely slightly somewhat sorta sortof sort-of fairly mildly").split(" ")) {
            m.put(w, B_DECR);
        }
        return Collections.unmodifiableMap(m);
    }

    /** Non-comment lines split on tabs. */
    private static List<String[]> rows(String name) {
        List<String[]> out = new ArrayList<>();
        try (InputStream in = Lexicons.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + BASE + name);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                line = line.strip();
                if (line.isEmpty() || (line.startsWith("#") && !name.startsWith("vader"))) {
                    continue;
                }
                String[] f = line.split("\t");
                out.add(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BASE + name, e);
        }
        return out;
    }
}
