package io.pauz.guided.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.pauz.api.prompt.Prompt;

/** What the REST API answers (serialised by the platform's Jackson provider). */
public final class Views {
    private Views() {
    }

    /** {@code id} is {@code <pack>:<topic>}, so topics of different packs never clash. */
    public record TopicView(String id, String pack, String packName, String title, String description, int promptCount) {
    }

    public record PromptView(String id, String text, Prompt.Stage stage, boolean answered) {
    }

    public record CurrentPrompt(String id, String text, Prompt.Stage stage) {
    }

    public record ResponseView(String promptId, String text, Instant answeredAt) {
    }

    public record Progress(int answered, int planned, int completionPercentage) {
    }

    public record MoodView(double score, String label, Map<String, Double> emotions, String analyzer,
            List<Docs.AnswerMood> answers) {
    }

    public record SessionView(String id, String topic, String pack, String topicTitle, String status,
            List<PromptView> prompts, CurrentPrompt currentPrompt, List<ResponseView> responses, Progress progress,
            MoodView mood, Instant startedAt, Instant updatedAt, Instant completedAt) {
    }

    public record MoodSummary(double score, String label) {
    }

    public record SessionSummary(String id, String topic, String pack, String topicTitle, String status, Progress progress,
            MoodSummary mood, Instant startedAt, Instant updatedAt, Instant completedAt) {
    }

    public record SessionPage(List<SessionSummary> sessions, String nextCursor) {
    }
}
