package io.pauz.api.mood;

import java.util.Map;

/**
 * A mood reading.
 *
 * @param score    -1 (very negative) .. 1 (very positive)
 * @param label    one word for the mood, e.g. {@code joyful}, {@code calm}, {@code sad}
 * @param emotions weights 0..1 of emotions such as joy, sadness, anger, fear, gratitude
 */
public record MoodReading(double score, String label, Map<String, Double> emotions, String analyzer) {
    public MoodReading {
        if (Double.isNaN(score) || score < -1 || score > 1) {
            throw new IllegalArgumentException("score must be in -1..1: " + score);
        }
        emotions = emotions == null ? Map.of() : Map.copyOf(emotions);
    }
}
