package io.pauz.api.identity;

import java.time.Instant;
import java.time.ZoneId;

/**
 * A user as other features see them.
 *
 * @param zone the user's time zone from the {@code timeZone} preference (an IANA id), UTC when unset or invalid
 */
public record UserSummary(String id, String email, String name, Instant createdAt, ZoneId zone) {
}
