package io.pauz.api.guided;

import java.time.Instant;

/**
 * A guided session was completed.
 *
 * @param topic     qualified topic id, {@code <pack>:<topic>}
 * @param moodScore -1..1 over all answers, or {@code null} when no mood analyzer is installed or nothing was answered
 */
public record GuidedSessionEvent(String userId, String sessionId, String topic, String pack, String topicTitle, int answered,
        int planned, int completionPercentage, Double moodScore, String moodLabel, Instant completedAt) {
}
