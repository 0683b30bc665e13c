package io.pauz.api.journal;

import java.time.Instant;

/**
 * One free journal entry.
 *
 * @param text                the full text, or {@code null} in listings (see {@link #preview})
 * @param preview             the first characters of the text, for listings
 * @param moodScore           -1..1 once a mood analyzer has read the entry, else {@code null}
 * @param moodLabel           the analyzer's label, else {@code null}
 * @param transcriptionStatus {@code pending|running|done|failed} for spoken entries, {@code null} for typed ones
 * @param source              {@code text}, {@code voice} or {@code import}
 * @param version             grows by one on every change; clients send it back as {@code If-Match}
 */
public record JournalEntry(String id, String userId, String title, String text, String preview, Instant createdAt,
        Instant updatedAt, int wordCount, Double moodScore, String moodLabel, boolean hasAudio,
        String transcriptionStatus, String source, int version) {

    /** The same entry without its full text. */
    public JournalEntry withoutText() {
        return new JournalEntry(id, userId, title, null, preview, createdAt, updatedAt, wordCount, moodScore, moodLabel,
                hasAudio, transcriptionStatus, source, version);
    }
}
