package io.pauz.api.identity;

import java.time.Instant;

/** A valid session: whose it is and until when. */
public record Session(String sessionId, String userId, String email, String name, Instant expiresAt) {
}
