package io.pauz.journal.internal;

import java.time.Instant;

import io.pauz.api.bucket.Bucket;

/** A row of free_journal_transcriptions: one transcription job per spoken entry. */
public class JobRow {
    public String entryId;
    public String userId;
    public String status;
    public String mediaType;
    public String audioKey;
    public long audioBytes;
    public double audioSeconds;
    public String language;
    public String engine;
    public int attempts;
    public String error;
    public Instant createdAt;
    public Instant updatedAt;

    /** Where the recording lies: media-storage until transcribed, then beside the entry in free-journals. */
    Bucket audioBucket() {
        return audioKey.startsWith(Transcriber.PROCESSING_FOLDER) ? Bucket.MEDIA_STORAGE : Bucket.FREE_JOURNALS;
    }
}
