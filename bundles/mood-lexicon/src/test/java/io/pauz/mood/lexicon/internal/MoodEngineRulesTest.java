package io.pauz.mood.lexicon.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.pauz.api.mood.MoodReading;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.Test;

/** One test per rule: each compares a text with and without the feature the rule reacts to. */
public class MoodEngineRulesTest {
    private static final Lexicons LX = Lexicons.shared();
    private static final MoodEngine ENGINE = new MoodEngine(LX);
    private static final LexiconMoodAnalyzer ANALYZER = new LexiconMoodAnalyzer();
    private static final double EPS = 1e-9;

    private static double score(String text) {
        return ANALYZER.analyze(text).score();
    }

    /** Raw VADER sum of a one-sentence text. */
    private static double raw(String text) {
        List<Tokenizer.Sentence> s = Tokenizer.sentences(LX, text);
        assertEquals("one sentence: " + text, 1, s.size());
        return ENGINE.sentenceSum(s.get(0), false, new double[Emotion.ALL.length]);
    }

    private static double lex(String word) {
        return LX.valence.get(word);
    }

    private static String top(Map<String, Double> emotions) {
        return emotions.entrySet().stream().max(Comparator.comparingDouble(Map.Entry::getValue)).orElseThrow().getKey();
    }

    @Test
    public void lexiconsLoaded() {
        assertTrue("VADER lexicon has ~7,500 entries", LX.valence.size() > 7000);
        assertEquals(1.9, lex("good"), 1e-6);
        assertEquals(2.0, LX.emoticon(":)"), 1e-6);
        assertNotNull(LX.emoji.get(0x1F60A));
        assertTrue(LX.emotionWords.size() + LX.emotionPrefixes.size() > 300);
        assertNotNull("prefix entry", LX.emotionsOf("annoyingly"));
        assertEquals("overrides replace VADER values", -1.6, lex("overwhelmed"), 1e-6);
    }

    @Test
    public void negationFlipsAndDampens() {
        assertEquals(lex("good") * MoodEngine.N_SCALAR, raw("it was not good"), EPS);
        assertEquals(lex("good") * MoodEngine.N_SCALAR, raw("it wasn't good"), EPS);
        assertEquals(lex("good") * MoodEngine.N_SCALAR, raw("it wasn’t good"), EPS); // typographic apostrophe
        assertEquals("three words back still negates", lex("happy") * MoodEngine.N_SCALAR,
                raw("I never once felt happy"), EPS);
        assertEquals("four words back does not", lex("happy"), raw("not that I ever felt happy"), EPS);
        assertEquals("a comma ends the negation's reach", lex("happy"), raw("I did not go, happy anyway"), EPS);
        assertTrue(score("I am not happy") < 0);
        assertTrue(score("This is not bad") > 0);
        assertTrue(Math.abs(score("not good")) < Math.abs(score("good")));
        assertEquals("'never so' emphasises", (lex("good") + Lexicons.B_INCR) * 1.25, raw("never so good"), EPS);
        assertEquals("'no' negates the next sentiment word", lex("fun") * MoodEngine.N_SCALAR, raw("no fun"), EPS);
        assertEquals("'at least' is not a negation", lex("good"), raw("at least good"), EPS);
        assertTrue("'least' otherwise is", raw("the least fun day") < 0);
        assertTrue("'couldn't stop' affirms", score("I couldn't stop laughing") > 0.3);
    }

    @Test
    public void boostersRaiseAndDampenersLowerMagnitude() {
        assertEquals(lex("good") + Lexicons.B_INCR, raw("very good"), EPS);
        assertEquals(lex("bad") - Lexicons.B_INCR, raw("very bad"), EPS);
        assertEquals("two words back weighs 0.95", lex("good") + 0.95 * Lexicons.B_INCR, raw("extremely long good"), EPS);
        assertEquals("three words back 0.9", lex("good") + 0.9 * Lexicons.B_INCR, raw("extremely long and good"), EPS);
        assertEquals("not across a comma", lex("good"), raw("extremely long, good"), EPS);
        assertEquals(lex("good") + Lexicons.B_DECR, raw("barely good"), EPS);
        assertEquals("two-word dampener", lex("good") + Lexicons.B_DECR, raw("kind of good"), EPS);
        assertTrue(score("extremely happy") > score("happy"));
        assertTrue(score("somewhat happy") < score("happy"));
        assertTrue(score("slightly sad") > score("sad"));
        assertTrue("'pretty' as degree adverb boosts rather than adds +2.2", score("pretty bad") < score("bad"));
    }

    @Test
    public void allCapsEmphasisOnlyInMixedCaseText() {
        assertTrue(score("I feel GREAT today") > score("I feel great today"));
        assertTrue(score("I feel AWFUL today") < score("I feel awful today"));
        assertEquals("all-caps text carries no emphasis", score("i feel great today"), score("I FEEL GREAT TODAY"), EPS);
    }

    @Test
    public void butShiftsWeightToTheSecondHalf() {
        double before = lex("good");
        double after = lex("bad");
        assertEquals(0.5 * before + 1.5 * after, raw("the food was good but the service was bad"), EPS);
        assertTrue(score("The food was good but the service was bad") < 0);
        assertTrue(score("The food was bad but the service was good") > 0);
        assertTrue(score("I was tired, but happy") > 0);
    }

    @Test
    public void exclamationAndQuestionMarks() {
        double plain = raw("good");
        assertEquals(plain + 0.292, raw("good!"), EPS);
        assertEquals(plain + 4 * 0.292, raw("good!!!!"), EPS);
        assertEquals("at most four count", raw("good!!!!"), raw("good!!!!!!!"), EPS);
        assertEquals(lex("bad") - 2 * 0.292, raw("bad!!"), EPS);
        assertEquals(plain, raw("good?"), EPS);
        assertEquals(plain + 0.36, raw("good??"), EPS);
        assertEquals(plain + 0.96, raw("good????"), EPS);
        assertEquals("punctuation alone carries no mood", 0, score("!!!"), EPS);
    }

    @Test
    public void emojiAndEmoticons() {
        assertTrue(score("Dinner with friends 😊") > score("Dinner with friends"));
        assertTrue(score("Dinner with friends 😢") < 0);
        assertTrue("emoji glued to a word", score("done😭") < 0);
        assertTrue("skin tone and variation selector ignored", score("❤️") > 0.5 && score("👍🏽") > 0);
        assertEquals(0, score("🧱"), EPS); // not in the table: neutral
        assertTrue(score("see you tomorrow :)") > 0);
        assertTrue(score("see you tomorrow :(") < 0);
        assertTrue(score("miss you <3") > 0);
        assertTrue("emoticon glued to a word", score("tomorrow:(") < 0);
        assertTrue("emoticon before a full stop", score("That was it :). Then home.") > 0);
        assertEquals("emoji are not negated", score("🙂"), score("not 🙂"), EPS);
        assertEquals("love", top(ANALYZER.analyze("🥰").emotions()));
        assertEquals("8) in brackets is not a face", 0, score("(see page 8)"), EPS);
    }

    @Test
    public void idioms() {
        assertTrue(score("I'm over the moon") > 0.5);
        assertTrue(score("feeling under the weather") < 0);
        assertTrue(score("I am not over the moon about it") < 0);
        assertTrue(score("I can't wait to see her") > 0);
        assertTrue("the phrase's negator does not negate later words", score("I can't wait to relax") > 0.5);
    }

    @Test
    public void emptyAndWhitespaceAreNeutral() {
        for (String text : new String[] {"", " ", "\n\t  \n", null, "...", "1234 5678"}) {
            MoodReading r = ANALYZER.analyze(text);
            assertEquals(0, r.score(), EPS);
            assertEquals("neutral", r.label());
            assertEquals(8, r.emotions().size());
            r.emotions().values().forEach(v -> assertEquals(0, v, EPS));
        }
    }

    @Test
    public void neutralTextHasNoEmotions() {
        MoodReading r = ANALYZER.analyze("Went to the post office and then took the bus home.");
        assertEquals("neutral", r.label());
        r.emotions().values().forEach(v -> assertEquals(0, v, EPS));
    }

    @Test
    public void labels() {
        assertEquals("very positive", MoodEngine.label(0.6));
        assertEquals("positive", MoodEngine.label(0.05));
        assertEquals("neutral", MoodEngine.label(0.0499));
        assertEquals("neutral", MoodEngine.label(-0.0499));
        assertEquals("negative", MoodEngine.label(-0.05));
        assertEquals("negative", MoodEngine.label(-0.5999));
        assertEquals("very negative", MoodEngine.label(-0.6));
        assertEquals("very positive", ANALYZER.analyze("Best day ever, I am SO happy!!!").label());
        assertEquals("very negative", ANALYZER.analyze("Horrible, awful day. I hate everything.").label());
        assertEquals("lexicon", ANALYZER.analyze("ok").analyzer());
    }

    @Test
    public void emotionsRankSensibly() {
        assertEquals("gratitude", top(ANALYZER.analyze("I'm so grateful for my friends").emotions()));
        assertEquals("fear", top(ANALYZER.analyze("I'm anxious and scared about the results").emotions()));
        assertEquals("anger", top(ANALYZER.analyze("I'm furious, he lied to me again").emotions()));
        assertEquals("sadness", top(ANALYZER.analyze("I miss her and I cried all night").emotions()));
        assertEquals("calm", top(ANALYZER.analyze("A quiet, peaceful evening. I feel relaxed.").emotions()));
        assertEquals("joy", top(ANALYZER.analyze("We laughed all day, such a fun and happy trip").emotions()));
        assertEquals("love", top(ANALYZER.analyze("I love him so much, he hugged me for ages").emotions()));
        assertEquals("surprise", top(ANALYZER.analyze("Wow, a totally unexpected surprise visit").emotions()));
        for (double w : ANALYZER.analyze("happy happy joy joy sad angry scared calm").emotions().values()) {
            assertTrue(w >= 0 && w <= 1);
        }
    }

    @Test
    public void emotionsRespectNegation() {
        Map<String, Double> e = ANALYZER.analyze("I'm not angry").emotions();
        assertEquals(0, e.get("anger"), EPS);
        Map<String, Double> happy = ANALYZER.analyze("I am happy").emotions();
        Map<String, Double> notHappy = ANALYZER.analyze("I am not happy").emotions();
        assertTrue(happy.get("joy") > 0);
        assertEquals(0, notHappy.get("joy"), EPS);
        assertTrue("'not happy' leans sad", notHappy.get("sadness") > 0);
        assertTrue("booster raises the weight", ANALYZER.analyze("very good").emotions().get("joy")
                > ANALYZER.analyze("good").emotions().get("joy"));
    }

    @Test
    public void veryLongTextDoesNotSaturate() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            sb.append("Today was a good day. ").append("The bus was late. ");
        }
        sb.append("One thing was bad.");
        MoodReading r = ANALYZER.analyze(sb.toString());
        assertTrue(r.score() > 0.3 && r.score() < 0.9);
        assertEquals("mean of sentence scores, not one huge sum", score("Today was a good day."), r.score(), 0.01);
    }

    @Test
    public void nonEnglishTextIsNeutralNotAnError() {
        for (String text : new String[] {"Die Sonne scheint und die Kinder spielen im Garten.",
                "Ich bin heute müde.", "No tengo nada que hacer hoy.", "Je suis allé au marché ce matin.",
                "Сегодня я ходил в магазин.", "今天我去了商店。", "ذهبت إلى السوق اليوم", "Vandaag ben ik naar de markt geweest."}) {
            MoodReading r = ANALYZER.analyze(text);
            assertEquals(text, "neutral", r.label());
        }
        assertTrue("emoji still count in any language", score("Heute war ein schöner Tag 😊") > 0);
    }

    @Test
    public void scoreAlwaysWithinRange() {
        Random rnd = new Random(42);
        String[] vocab = {"good", "bad", "very", "not", "never", "GREAT", "awful", "but", "!", "?", ":)", ":(", "😊",
                "😭", "love", "hate", "kind", "of", "no", "least", "at", "so", "this", ",", ".", "\n", "over", "the",
                "moon", "can't", "wait", "😡", "💔", "happy", "SAD", "extremely", "barely", "-", "'", "#", "😀😀"};
        for (int n = 0; n < 3000; n++) {
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(60);
            for (int i = 0; i < len; i++) {
                sb.append(vocab[rnd.nextInt(vocab.length)]).append(rnd.nextInt(4) == 0 ? "" : " ");
            }
            MoodReading r = ANALYZER.analyze(sb.toString());
            assertTrue(sb.toString(), r.score() >= -1 && r.score() <= 1);
            r.emotions().values().forEach(v -> assertTrue(v >= 0 && v <= 1));
        }
        // extreme: hundreds of exclamation marks and boosters in one sentence
        assertTrue(score("very ".repeat(500) + "GREAT" + "!".repeat(500)) <= 1);
        assertTrue(score("EXTREMELY terrible horrible awful ".repeat(300)) >= -1);
    }

    @Test
    public void sentencesAndClauses() {
        assertEquals(3, Tokenizer.sentences(LX, "One. Two!\nThree").size());
        assertEquals("decimals and e-mail addresses do not split", 1,
                Tokenizer.sentences(LX, "It cost 3.50 at shop.example.com today").size());
        List<Tokenizer.Token> t = Tokenizer.sentences(LX, "heart-broken, kind-of don't").get(0).tokens;
        assertEquals("[heart, broken, kind-of, don't]", t.toString());
        assertTrue(t.get(2).clauseStart);
    }
}
