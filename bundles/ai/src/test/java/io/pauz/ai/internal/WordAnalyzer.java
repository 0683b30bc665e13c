package io.pauz.ai.internal;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.pauz.api.mood.MoodAnalyzer;
import io.pauz.api.mood.MoodReading;

/** A stand-in for the lexicon bundle's analyzer (registered as id "lexicon"): happy/sad word count, calls counted. */
final class WordAnalyzer implements MoodAnalyzer {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public String id() {
        return "lexicon";
    }

    @Override
    public MoodReading analyze(String text) {
        calls.incrementAndGet();
        String t = text.toLowerCase();
        int pos = t.split("happy", -1).length - 1;
        int neg = t.split("sad", -1).length - 1;
        double score = Math.max(-1, Math.min(1, (pos - neg) * 0.4));
        return new MoodReading(score, TextFeatures.label(score), Map.of("joy", pos > 0 ? 0.8 : 0.0, "sadness", neg > 0 ? 0.8 : 0.0),
                "lexicon");
    }
}
