package io.pauz.api.journal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The transcription job of a spoken entry.
 *
 * @param status           {@code pending|running|done|failed}
 * @param engine           the speech engine that ran it, else {@code null}
 * @param error            why the last attempt failed, else {@code null}
 * @param text             the transcript once {@code done}, else {@code null}
 * @param words            the transcript's words with their timings ({@code word}, {@code start}, {@code end} in
 *                         seconds) once {@code done}, else {@code null}
 * @param waitingForEngine a pending job that waits for a speech engine to be installed
 */
public record Transcription(String entryId, String status, String engine, int attempts, double audioSeconds,
        String mediaType, String language, String error, Instant updatedAt, String text, List<Map<String, Object>> words,
        boolean waitingForEngine) {
}
