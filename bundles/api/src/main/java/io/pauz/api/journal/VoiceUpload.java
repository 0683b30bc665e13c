package io.pauz.api.journal;

/** The answer to an upload: the new spoken entry and its queued transcription. */
public record VoiceUpload(JournalEntry entry, Transcription transcription) {
}
