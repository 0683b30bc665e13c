package io.pauz.api.guided;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The users' guided sessions with their prompts and answers, for features that read or restore them (export,
 * import, statistics). The guided feature provides it. Methods throw {@link io.pauz.api.rest.ApiException} for bad
 * input (422) or a duplicate import (409).
 */
@ProviderType
public interface GuidedJournal {
    /** The user's sessions started in {@code [from, to)} (either may be {@code null}), oldest first. */
    List<GuidedSessionRecord> sessions(String userId, Instant from, Instant to);

    /**
     * Stores a session read from an export as the user's own, keeping its times, prompts, answers and mood.
     *
     * @param externalId identifies the session in its source, so importing the same file twice is refused (409)
     */
    GuidedSessionRecord importSession(String userId, GuidedSessionRecord session, String externalId);

    /** Whether the user already has a session imported under this external id. */
    boolean hasExternal(String userId, String externalId);

    /** Removes the user's session with everything stored for it (an import undoing itself); {@code false} if none. */
    boolean deleteSession(String userId, String sessionId);
}
