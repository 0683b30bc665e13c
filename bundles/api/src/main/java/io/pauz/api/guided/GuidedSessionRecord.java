package io.pauz.api.guided;

import java.time.Instant;
import java.util.List;

/**
 * A guided session with everything the user saw and wrote.
 *
 * @param topic       qualified topic id, {@code <pack>:<topic>}
 * @param completedAt {@code null} while the session is open
 * @param moodScore   -1..1 over the answers once completed and analysed, else {@code null}
 */
public record GuidedSessionRecord(String id, String topic, String topicTitle, Instant startedAt, Instant completedAt,
        int plannedPrompts, int completionPercentage, Double moodScore, String moodLabel, List<Exchange> exchanges) {
    public GuidedSessionRecord {
        exchanges = List.copyOf(exchanges);
    }

    /** A prompt shown and the user's answer, {@code null} while unanswered. */
    public record Exchange(String promptId, String prompt, String answer, Instant answeredAt) {
    }
}
