package io.pauz.accounts.internal;

import java.time.Instant;

/** A row of {@code user_sessions} joined with its user's email and name. */
public class SessionRow {
    public String id;
    public String userId;
    public String tokenHash;
    public String provider;
    public Instant createdAt;
    public Instant expiresAt;
    public Instant revokedAt;
    public String email;
    public String name;
}
