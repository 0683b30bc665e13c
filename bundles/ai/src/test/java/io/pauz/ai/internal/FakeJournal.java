package io.pauz.ai.internal;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.pauz.api.journal.EntryDraft;
import io.pauz.api.journal.EntryPage;
import io.pauz.api.journal.EntryQuery;
import io.pauz.api.journal.JournalEntry;
import io.pauz.api.journal.JournalService;

/** Entries by id with their owner; find() answers only the owner, as the real journal does. */
final class FakeJournal implements JournalService {
    final Map<String, JournalEntry> entries = new ConcurrentHashMap<>();

    JournalEntry add(String userId, String id, String text) {
        JournalEntry e = new JournalEntry(id, userId, null, text, text, Instant.now(), Instant.now(), text.split("\\s+").length,
                null, null, false, null, "text", 1);
        entries.put(id, e);
        return e;
    }

    @Override
    public Optional<JournalEntry> find(String userId, String entryId) {
        JournalEntry e = entries.get(entryId);
        return e != null && e.userId().equals(userId) ? Optional.of(e) : Optional.empty();
    }

    @Override
    public JournalEntry create(String userId, EntryDraft draft) {
        throw new UnsupportedOperationException();
    }

    @Override
    public EntryPage list(String userId, EntryQuery query) {
        throw new UnsupportedOperationException();
    }

    @Override
    public JournalEntry update(String userId, String entryId, EntryDraft draft, Integer expectedVersion) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean delete(String userId, String entryId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean hasExternal(String userId, String externalId) {
        return false;
    }
}
