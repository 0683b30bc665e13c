package io.pauz.mood.lexicon.internal;

import java.util.Locale;

/** The emotions reported in {@link io.pauz.api.mood.MoodReading#emotions()}; the names are the map keys. */
enum Emotion {
    JOY, SADNESS, ANGER, FEAR, CALM, GRATITUDE, LOVE, SURPRISE;

    static final Emotion[] ALL = values();

    final String key = name().toLowerCase(Locale.ROOT);

    /** What a negated emotion word suggests instead ("not happy" leans sad); null: nothing. */
    Emotion whenNegated() {
        return switch (this) {
            case JOY -> SADNESS;
            case SADNESS -> JOY;
            case CALM -> FEAR;
            case FEAR -> CALM;
            default -> null;
        };
    }

    static Emotion of(String key) {
        for (Emotion e : ALL) {
            if (e.key.equals(key)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown emotion: " + key);
    }

    /** Parses "joy:0.8 calm:0.2" (weight defaults to 1) into a vector indexed by ordinal; null if empty. */
    static float[] parseVector(String spec) {
        if (spec == null || spec.isBlank()) {
            return null;
        }
        float[] v = new float[ALL.length];
        for (String part : spec.trim().split("[\\s,]+")) {
            int colon = part.indexOf(':');
            String name = colon < 0 ? part : part.substring(0, colon);
            float w = colon < 0 ? 1f : Float.parseFloat(part.substring(colon + 1));
            if (w < 0 || w > 1) {
                throw new IllegalArgumentException("emotion weight must be in 0..1: " + part);
            }
            v[of(name).ordinal()] = w;
        }
        return v;
    }
}
