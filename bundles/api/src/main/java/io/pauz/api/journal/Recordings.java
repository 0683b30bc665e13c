package io.pauz.api.journal;

import java.io.IOException;
import java.io.InputStream;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Spoken journal entries: a recording becomes an entry at once, and a speech engine writes its text later. Registered
 * by the journal beside {@link JournalService}. Every call names the user; another user's recording is a 404. Methods
 * throw {@link io.pauz.api.rest.ApiException}: 415/422 for a recording that is not audio, 404 for an entry without a
 * recording, 409 for a retry of a job that has not failed.
 */
@ProviderType
public interface Recordings {

    /**
     * Decodes the whole recording (so a damaged one is refused before anything is stored), stores it, creates the
     * entry and queues its transcription.
     *
     * @param mediaType the upload's {@code Content-Type}
     * @param title     optional
     * @param language  optional BCP 47 tag; the journal's configured language when null
     */
    VoiceUpload accept(String userId, InputStream audio, String mediaType, String title, String language)
            throws IOException;

    /** The entry's transcription job, with the transcript once it is done. */
    Transcription transcription(String userId, String entryId);

    /** Queues a failed transcription again. */
    Transcription retry(String userId, String entryId);

    /** The stored recording of the entry; the caller closes it. */
    Recording recording(String userId, String entryId);
}
