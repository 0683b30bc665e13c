package io.pauz.export.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import io.pauz.api.guided.GuidedSessionRecord;
import io.pauz.api.journal.JournalEntry;

/**
 * What one export contains, read once before any format is written: the user's entries (with text) and guided
 * sessions in {@code [from, to)}, oldest first, and how to show the user.
 *
 * @param name  display name, never null (falls back to the e-mail or "PAUZ journal")
 * @param zone  the user's time zone: days and times in the PDF and Markdown are the user's own
 */
record Snapshot(String userId, String name, String email, ZoneId zone, Instant from, Instant to, Instant exportedAt,
        List<JournalEntry> entries, List<GuidedSessionRecord> sessions) {
    Snapshot {
        entries = List.copyOf(entries);
        sessions = List.copyOf(sessions);
    }
}
