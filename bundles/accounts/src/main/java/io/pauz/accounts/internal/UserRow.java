package io.pauz.accounts.internal;

import java.time.Instant;

/** A row of {@code users}, as MyBatis maps it. */
public class UserRow {
    public String id;
    public String email;
    public String name;
    public String pictureUrl;
    public String preferences;
    public String passwordHash;
    public Instant createdAt;
    public Instant lastActive;
}
