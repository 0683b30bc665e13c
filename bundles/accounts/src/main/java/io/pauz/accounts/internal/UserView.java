package io.pauz.accounts.internal;

import java.time.Instant;

/** A user as clients see it ({@code GET /me}). */
public record UserView(String id, String email, String name, String pictureUrl, Instant createdAt, Instant lastActive) {
}
