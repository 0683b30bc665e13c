package io.pauz.guided.internal;

import java.time.Instant;

/**
 * A session was completed (after the commit). Shaped like the API event the lead is asked to add
 * ({@code io.pauz.api.guided.GuidedSessionEvent}), so publishing it there is a field-by-field copy.
 *
 * @param topic      qualified topic id, {@code <pack>:<topic>}
 * @param moodScore  null when no analyzer was installed or nothing was answered
 */
public record SessionCompletion(String userId, String sessionId, String topic, String pack, String topicTitle,
        int answered, int planned, int completionPercentage, Double moodScore, String moodLabel, Instant completedAt) {
}
