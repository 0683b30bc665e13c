package io.pauz.recommendations.internal;

import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code GET /recommendations}. Every item has a confidence (0..1, lists sorted by it, highest first)
 * and a short reason in words a person understands.
 *
 * @param basis {@code starter} for a user with no entries and no sessions yet, else {@code profile}
 */
public record Recommendations(Instant generatedAt, String basis, Mood mood, Timing timing, List<PromptItem> prompts,
        List<TopicItem> topics, List<FlowerItem> flowers) {
    public Recommendations {
        prompts = List.copyOf(prompts);
        topics = List.copyOf(topics);
        flowers = List.copyOf(flowers);
    }

    /**
     * @param latest    average of the newest readings, or {@code null} without any
     * @param heading   where the mood is heading: the latest average carried on by half its trend
     * @param direction {@code rising}, {@code falling}, {@code steady} or {@code unknown}
     */
    public record Mood(Double latest, Double recentAverage, Double heading, String direction) {
    }

    /** When the user usually writes, to suggest a moment for the prompts. */
    public record Timing(String zone, List<Integer> peakHours, String partOfDay) {
    }

    /**
     * A prompt to write about; start a guided session on {@code topic} to answer it there.
     *
     * @param mode {@code voice} for users who mostly speak their entries, else {@code text}
     */
    public record PromptItem(String id, String text, String topic, String topicTitle, String stage, double confidence,
            String reason, String mode) {
    }

    /** @param id the qualified topic id {@code <pack>:<topic>} that {@code POST /guided/sessions} takes */
    public record TopicItem(String id, String pack, String title, String description, double confidence, String reason) {
    }

    /** @param inGarden whether the user's garden already has one */
    public record FlowerItem(String kind, String name, String theme, String meaning, double moodMin, double moodMax,
            List<String> colors, boolean inGarden, double confidence, String reason) {
    }
}
