package io.pauz.ai.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pauz.api.mood.MoodReading;

/**
 * What the offline engine reads from the user's own words: salient keywords (stop words removed, ranked by
 * frequency, length and topic weight), two-word phrases as written, capitalised names, topics, and a rough
 * mood. Pure functions over the text, so the same text always gives the same features.
 */
final class TextFeatures {
    /** Words: letters with inner apostrophes or hyphens. Numbers and symbols are no keywords. */
    private static final Pattern WORD = Pattern.compile("\\p{L}+(?:['\\-]\\p{L}+)*");
    /** Characters that end a clause: a phrase never spans them. */
    private static final Pattern BREAK = Pattern.compile("[.,;:!?()\\[\\]\"\\n\\r\\u2026\\u2013\\u2014]");
    private static final Set<String> NOT_NAMES = Set.of("i", "monday", "tuesday", "wednesday", "thursday", "friday",
            "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september",
            "october", "november", "december", "god", "ok", "okay", "english", "christmas", "easter");

    record Token(String word, String lower, int start, boolean sentenceStart, boolean clauseStart) {
    }

    record Features(List<String> keywords, List<String> phrases, List<String> names, List<String> topics, int words) {
        boolean hasUserWords() {
            return !keywords.isEmpty() || !names.isEmpty() || !phrases.isEmpty();
        }
    }

    private TextFeatures() {
    }

    static List<Token> tokens(String text) {
        String t = text.replace('\u2019', '\'');
        List<Token> out = new ArrayList<>();
        Matcher m = WORD.matcher(t);
        int last = 0;
        boolean sentence = true;
        while (m.find()) {
            String between = t.substring(last, m.start());
            boolean sentenceBreak = out.isEmpty() || between.matches("(?s).*[.!?\\n\\u2026].*");
            boolean clauseBreak = sentenceBreak || BREAK.matcher(between).find();
            sentence = sentenceBreak;
            out.add(new Token(m.group(), m.group().toLowerCase(Locale.ROOT), m.start(), sentence, clauseBreak));
            last = m.end();
        }
        return out;
    }

    static Features of(String text, OfflineData data, String requestedTopic) {
        List<Token> tokens = tokens(text == null ? "" : text);
        Set<String> moodWords = new java.util.HashSet<>(data.positive);
        moodWords.addAll(data.negative);

        // names: capitalised mid-sentence, or capitalised at a sentence start when also seen mid-sentence
        Set<String> midCaps = new LinkedHashSet<>();
        for (Token tk : tokens) {
            if (!tk.sentenceStart() && capitalised(tk.word()) && !data.stopwords.contains(tk.lower())
                    && !NOT_NAMES.contains(tk.lower())) {
                midCaps.add(tk.word());
            }
        }
        Map<String, Integer> nameCounts = new LinkedHashMap<>();
        for (Token tk : tokens) {
            if (midCaps.contains(tk.word())) {
                nameCounts.merge(tk.word(), 1, Integer::sum);
            }
        }
        Set<String> nameLower = new java.util.HashSet<>();
        nameCounts.keySet().forEach(n -> nameLower.add(n.toLowerCase(Locale.ROOT)));

        // keywords
        Set<String> notKeywords = new java.util.HashSet<>(moodWords);
        data.emotions.values().forEach(notKeywords::addAll);
        notKeywords.addAll(nameLower);
        Map<String, Double> score = new LinkedHashMap<>();
        Map<String, Integer> topicHits = new HashMap<>();
        for (Token tk : tokens) {
            String w = tk.lower();
            for (String topic : data.topicOfWord.getOrDefault(w, List.of())) {
                topicHits.merge(topic, 1, Integer::sum);
            }
            if (!candidate(w, data, notKeywords)) {
                continue;
            }
            double s = 1 + Math.min(w.length(), 10) / 10.0;
            if (data.topicOfWord.containsKey(w)) {
                s *= 1.5; // topic words are the concrete nouns a hint can hang on
            }
            score.merge(w, s, Double::sum);
        }
        List<String> keywords = new ArrayList<>(score.keySet());
        // stable: equal scores keep the order of first appearance
        keywords.sort(Comparator.comparingDouble((String w) -> -score.get(w)));
        if (keywords.size() > 8) {
            keywords = keywords.subList(0, 8);
        }

        // phrases: two adjacent content words inside one clause, kept as written
        Map<String, Double> phraseScore = new LinkedHashMap<>();
        Map<String, String> asWritten = new HashMap<>();
        for (int i = 1; i < tokens.size(); i++) {
            Token a = tokens.get(i - 1);
            Token b = tokens.get(i);
            if (b.clauseStart() || !candidate(a.lower(), data, notKeywords) || !candidate(b.lower(), data, notKeywords)) {
                continue;
            }
            String between = text.replace('\u2019', '\'').substring(a.start() + a.word().length(), b.start());
            if (!between.isBlank() && !between.equals(" ")) {
                continue;
            }
            String key = a.lower() + " " + b.lower();
            asWritten.putIfAbsent(key, a.word() + " " + b.word());
            phraseScore.merge(key, score.getOrDefault(a.lower(), 0.5) + score.getOrDefault(b.lower(), 0.5), Double::sum);
        }
        List<String> phrases = new ArrayList<>(phraseScore.keySet());
        phrases.sort(Comparator.comparingDouble((String p) -> -phraseScore.get(p)));
        List<String> phraseText = new ArrayList<>();
        for (String p : phrases.subList(0, Math.min(3, phrases.size()))) {
            phraseText.add(asWritten.get(p));
        }

        List<String> names = new ArrayList<>(nameCounts.keySet());
        names.sort(Comparator.comparingInt((String n) -> -nameCounts.get(n)));

        List<String> topics = new ArrayList<>();
        if (requestedTopic != null && data.topics.containsKey(requestedTopic)) {
            topics.add(requestedTopic);
        }
        // one stray word is no topic in a long text
        int minHits = tokens.size() < 40 ? 1 : 2;
        topicHits.entrySet().stream().filter(e -> e.getValue() >= minHits)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).filter(t -> !topics.contains(t)).limit(2).forEach(topics::add);

        return new Features(List.copyOf(keywords), List.copyOf(phraseText), List.copyOf(names.subList(0, Math.min(3, names.size()))),
                List.copyOf(topics.subList(0, Math.min(2, topics.size()))), tokens.size());
    }

    /** A rough, dependency-free mood reading for when no analyzer is around: word valence with negation. */
    static MoodReading mood(String text, OfflineData data) {
        List<Token> tokens = tokens(text == null ? "" : text);
        double pos = 0;
        double neg = 0;
        Map<String, Integer> emotionHits = new LinkedHashMap<>();
        data.emotions.keySet().forEach(e -> emotionHits.put(e, 0));
        for (int i = 0; i < tokens.size(); i++) {
            String w = tokens.get(i).lower();
            double weight = 1;
            boolean negated = false;
            for (int j = Math.max(0, i - 3); j < i; j++) {
                String before = tokens.get(j).lower();
                if (data.negations.contains(before) || before.endsWith("n't")) {
                    negated = !negated;
                }
                if (j == i - 1 && data.intensifiers.contains(before)) {
                    weight = 1.5;
                }
            }
            boolean p = data.positive.contains(w);
            boolean n = data.negative.contains(w);
            if (p || n) {
                boolean positive = p ^ negated;
                if (positive) {
                    pos += weight;
                } else {
                    neg += weight * (negated ? 0.75 : 1); // "not bad" is milder than "good"
                }
            }
            if (!negated) {
                for (Map.Entry<String, Set<String>> e : data.emotions.entrySet()) {
                    if (e.getValue().contains(w)) {
                        emotionHits.merge(e.getKey(), 1, Integer::sum);
                    }
                }
            }
        }
        double raw = pos - neg;
        double score = raw / Math.sqrt(raw * raw + 15); // VADER's normalisation to -1..1
        score = Math.round(score * 10_000) / 10_000.0;
        int total = emotionHits.values().stream().mapToInt(Integer::intValue).sum();
        Map<String, Double> emotions = new LinkedHashMap<>();
        emotionHits.forEach((e, c) -> emotions.put(e, total == 0 ? 0.0 : Math.round(1000.0 * c / total) / 1000.0));
        return new MoodReading(score, label(score), emotions, OfflineEngine.ID);
    }

    /** The same cut-offs as the lexicon analyzer, so labels read alike whichever analyzer answered. */
    static String label(double score) {
        if (score >= 0.6) {
            return "very positive";
        }
        if (score >= 0.05) {
            return "positive";
        }
        if (score > -0.05) {
            return "neutral";
        }
        return score > -0.6 ? "negative" : "very negative";
    }

    /**
     * A word a hint can be written about: not a stop word, weak word, mood word or name, and not an adverb
     * or a past-tense verb (topic words such as "married" excepted).
     */
    private static boolean candidate(String lower, OfflineData data, Set<String> excluded) {
        if (lower.length() < 3 || data.stopwords.contains(lower) || data.weakwords.contains(lower) || excluded.contains(lower)) {
            return false;
        }
        boolean topicWord = data.topicOfWord.containsKey(lower);
        return topicWord || !(lower.endsWith("ly") || lower.endsWith("ed") || lower.endsWith("n't"));
    }

    private static boolean capitalised(String word) {
        return word.length() >= 2 && Character.isUpperCase(word.codePointAt(0))
                && !word.equals(word.toUpperCase(Locale.ROOT));
    }
}
