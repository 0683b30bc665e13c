package io.pauz.ai.internal;

import io.pauz.api.mood.MoodAnalyzer;
import io.pauz.api.mood.MoodReading;

/**
 * MoodAnalyzer {@code engine}: asks the configured AI engine for {score, label, emotions}, validates the
 * answer, and falls back to the lexicon analyzer (or the offline word list) when the engine fails or
 * answers garbage. Registered by {@link AiService} with a ranking below the lexicon analyzer, so it is only
 * used where it is selected by id.
 */
final class EngineMoodAnalyzer implements MoodAnalyzer {
    static final String ID = "engine";
    static final int RANKING = -100;
    private final AiService service;

    EngineMoodAnalyzer(AiService service) {
        this.service = service;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public MoodReading analyze(String text) {
        return service.engineMood(text);
    }
}
