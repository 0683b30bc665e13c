package io.pauz.accounts.internal;

import java.time.Instant;

/** What a successful sign-in returns: the bearer token (shown once), its expiry and the user. */
public record SessionGrant(String token, Instant expiresAt, UserView user) {
}
