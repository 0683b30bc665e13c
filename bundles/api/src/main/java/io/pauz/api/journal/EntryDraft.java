package io.pauz.api.journal;

import java.time.Instant;

/**
 * What a caller writes.
 *
 * @param createdAt  when the entry was written, or {@code null} for now (imports keep the original time)
 * @param externalId a stable id from an import source; a second entry with the same id for the same user is refused,
 *                   so importing a file twice never duplicates entries. {@code null} for entries written here.
 */
public record EntryDraft(String text, String title, Instant createdAt, String externalId) {

    public static EntryDraft of(String text, String title) {
        return new EntryDraft(text, title, null, null);
    }
}
