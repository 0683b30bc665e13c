package io.pauz.api.prompt;

import java.util.Set;

/**
 * One prompt.
 *
 * @param stage where in a session it fits
 * @param tags  words that make the prompt a good follow-up to answers mentioning them
 */
public record Prompt(String id, String topicId, String text, Stage stage, Set<String> tags) {
    public Prompt {
        tags = tags == null ? Set.of() : Set.copyOf(tags);
    }

    public enum Stage {
        OPENING, DEEPENING, CLOSING
    }
}
