package io.pauz.journal.internal;

import java.time.Instant;

import io.pauz.api.journal.JournalEntry;

/** A row of free_journal_metadata (MyBatis maps columns onto these fields). */
public class EntryRow {
    public String entryId;
    public String userId;
    public String title;
    public String preview;
    public int wordCount;
    public Double moodScore;
    public String moodLabel;
    public boolean hasAudio;
    public String transcriptionStatus;
    public String source;
    public String externalId;
    public Instant createdAt;
    public Instant updatedAt;
    public int version;

    JournalEntry toEntry(String text) {
        return new JournalEntry(entryId, userId, title, text, preview, createdAt, updatedAt, wordCount, moodScore, moodLabel,
                hasAudio, transcriptionStatus, source, version);
    }
}
