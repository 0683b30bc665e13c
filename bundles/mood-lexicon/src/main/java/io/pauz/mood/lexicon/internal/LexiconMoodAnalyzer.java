package io.pauz.mood.lexicon.internal;

import io.pauz.api.mood.MoodAnalyzer;
import io.pauz.api.mood.MoodReading;
import org.osgi.service.component.annotations.Component;

/**
 * PAUZ's default offline mood analyzer: VADER-style sentiment score and label plus emotion weights.
 * No configuration; the lexicons are loaded once, on first activation, from this bundle.
 */
@Component(service = MoodAnalyzer.class, property = MoodAnalyzer.ID_PROPERTY + "=" + LexiconMoodAnalyzer.ID)
public class LexiconMoodAnalyzer implements MoodAnalyzer {
    static final String ID = "lexicon";

    private final MoodEngine engine;

    public LexiconMoodAnalyzer() {
        this.engine = new MoodEngine(Lexicons.shared());
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public MoodReading analyze(String text) {
        MoodEngine.Result r = engine.analyze(text);
        return new MoodReading(r.score(), r.label(), r.emotions(), ID);
    }
}
