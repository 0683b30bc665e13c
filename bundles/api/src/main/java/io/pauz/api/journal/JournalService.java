package io.pauz.api.journal;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A user's free journal. Methods throw {@link io.pauz.api.rest.ApiException} for bad input (422), a missing
 * entry (404) or a duplicate import (409).
 */
@ProviderType
public interface JournalService {

    JournalEntry create(String userId, EntryDraft draft);

    /** The entry with its full text, if it exists and belongs to the user. */
    Optional<JournalEntry> find(String userId, String entryId);

    EntryPage list(String userId, EntryQuery query);

    /**
     * Replaces text and title.
     *
     * @param expectedVersion the version the caller edited, or {@code null} to overwrite whatever is there
     */
    JournalEntry update(String userId, String entryId, EntryDraft draft, Integer expectedVersion);

    /** Deletes the entry, its text, audio and transcript; {@code false} when there was none. */
    boolean delete(String userId, String entryId);

    /** Whether the user already has an entry imported under this external id. */
    boolean hasExternal(String userId, String externalId);
}
