package io.pauz.api.journal;

import java.util.List;

/** @param nextCursor where the next page starts, or {@code null} on the last page */
public record EntryPage(List<JournalEntry> entries, String nextCursor) {
    public EntryPage {
        entries = List.copyOf(entries);
    }
}
