package io.pauz.api.journal;

import java.time.Instant;

/**
 * A page of a user's entries, newest first.
 *
 * @param from     entries created at or after this instant, or {@code null}
 * @param to       entries created before this instant, or {@code null}
 * @param search   words that must all occur in the entry (prefix match per word, accents and case ignored), or {@code null}
 * @param limit    page size, 1..1000
 * @param cursor   {@link EntryPage#nextCursor()} of the previous page, or {@code null}
 * @param withText whether entries carry their full text (costs a read per entry)
 */
public record EntryQuery(Instant from, Instant to, String search, int limit, String cursor, boolean withText) {

    public static EntryQuery all(int limit, String cursor) {
        return new EntryQuery(null, null, null, limit, cursor, false);
    }
}
