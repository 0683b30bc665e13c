package io.pauz.api.speech;

import java.util.List;

/** The text of a recording with optional word timings in seconds. */
public record Transcript(String text, String language, List<Word> words, String engine) {
    public Transcript {
        words = words == null ? List.of() : List.copyOf(words);
    }

    public record Word(String text, double start, double end) {
    }
}
