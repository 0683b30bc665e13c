package io.pauz.stats.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.derby.jdbc.EmbeddedDataSource;

import io.pauz.api.bucket.BucketStore;
import io.pauz.api.guided.GuidedJournal;
import io.pauz.api.guided.GuidedSessionEvent;
import io.pauz.api.guided.GuidedSessionRecord;
import io.pauz.api.identity.UserDirectory;
import io.pauz.api.identity.UserSummary;
import io.pauz.api.journal.EntryDraft;
import io.pauz.api.journal.EntryPage;
import io.pauz.api.journal.EntryQuery;
import io.pauz.api.journal.JournalEntry;
import io.pauz.api.journal.JournalEvent;
import io.pauz.api.journal.JournalService;
import io.pauz.api.sql.MigratedSchema;
import io.pauz.bucket.local.internal.LocalBucketStore;
import io.pauz.testsupport.Configs;
import io.pauz.testsupport.TestDatabase;
import io.pauz.testsupport.TestFiles;

/**
 * The service on real storage (embedded Derby migrated by the real runner, the local bucket store) and small
 * in-memory stand-ins for the other features' services (journal, guided sessions, account directory) that keep
 * the contract of their API: events after each change, carrying the entry without text, DELETED with the entry as it was.
 */
final class Fixture implements AutoCloseable {
    final Path dir;
    final EmbeddedDataSource dataSource;
    final BucketStore buckets;
    final Journal journal = new Journal();
    final Guided guided = new Guided();
    final Directory directory = new Directory();
    final StatsService service;

    Fixture(Instant now) throws IOException, SQLException {
        dir = Files.createTempDirectory("stats-test");
        dataSource = TestDatabase.create("stats");
        MigratedSchema schema = TestDatabase.migrate(dataSource, "io.pauz.stats");
        buckets = new LocalBucketStore(dir.resolve("buckets"), 0);
        service = new StatsService(Configs.of(StatsConfig.class, Map.of("reports.enabled", false, "bootstrap.delay.seconds", -1)),
                dataSource, buckets, schema);
        service.journal = journal;
        service.clock = Clock.fixed(now, ZoneOffset.UTC);
        service.directory = directory;
        service.guided = guided;
        journal.listener = service;
    }

    int sqlCount(String table, String where) throws SQLException {
        return TestDatabase.count(dataSource, table, where);
    }

    @Override
    public void close() throws IOException {
        service.deactivate();
        TestFiles.delete(dir);
    }

    /** The journal's contract in memory: one listener, told after every change, entries without text in events. */
    static final class Journal implements JournalService {
        final Map<String, JournalEntry> entries = new ConcurrentHashMap<>();
        StatsService listener;

        JournalEntry write(String user, Instant at, String text) {
            return write(user, at, text, false);
        }

        JournalEntry write(String user, Instant at, String text, boolean voice) {
            JournalEntry e = new JournalEntry(UUID.randomUUID().toString(), user, null, text, null, at, at, words(text),
                    null, null, voice, voice ? "done" : null, voice ? "voice" : "text", 1);
            entries.put(e.id(), e);
            fire(JournalEvent.Type.CREATED, e);
            return e;
        }

        JournalEntry edit(JournalEntry old, String text) {
            JournalEntry cur = entries.get(old.id());
            JournalEntry e = new JournalEntry(cur.id(), cur.userId(), cur.title(), text, null, cur.createdAt(),
                    cur.updatedAt().plusSeconds(1), words(text), cur.moodScore(), cur.moodLabel(), cur.hasAudio(),
                    cur.transcriptionStatus(), cur.source(), cur.version() + 1);
            entries.put(e.id(), e);
            fire(JournalEvent.Type.UPDATED, e);
            return e;
        }

        JournalEntry mood(JournalEntry old, double score, String label) {
            JournalEntry cur = entries.get(old.id());
            JournalEntry e = new JournalEntry(cur.id(), cur.userId(), cur.title(), cur.text(), null, cur.createdAt(),
                    cur.updatedAt(), cur.wordCount(), score, label, cur.hasAudio(), cur.transcriptionStatus(), cur.source(),
                    cur.version());
            entries.put(e.id(), e);
            fire(JournalEvent.Type.ANALYSED, e);
            return e;
        }

        void remove(JournalEntry e) {
            JournalEntry was = entries.remove(e.id());
            fire(JournalEvent.Type.DELETED, was);
        }

        private void fire(JournalEvent.Type type, JournalEntry e) {
            if (listener != null) {
                listener.journalChanged(new JournalEvent(type, e.withoutText()));
                listener.awaitRecomputes(); // statistics recompute on their own thread
            }
        }

        static int words(String text) {
            return text.isBlank() ? 0 : text.strip().split("\\s+").length;
        }

        @Override
        public JournalEntry create(String userId, EntryDraft draft) {
            return write(userId, draft.createdAt() == null ? Instant.now() : draft.createdAt(), draft.text());
        }

        @Override
        public Optional<JournalEntry> find(String userId, String entryId) {
            return Optional.ofNullable(entries.get(entryId)).filter(e -> e.userId().equals(userId));
        }

        @Override
        public EntryPage list(String userId, EntryQuery q) {
            List<JournalEntry> out = new ArrayList<>();
            for (JournalEntry e : entries.values()) {
                if (e.userId().equals(userId) && (q.from() == null || !e.createdAt().isBefore(q.from()))
                        && (q.to() == null || e.createdAt().isBefore(q.to()))) {
                    out.add(q.withText() ? e : e.withoutText());
                }
            }
            out.sort(Comparator.comparing(JournalEntry::createdAt).reversed());
            if (out.size() > q.limit()) {
                throw new AssertionError("the fixture journal pages at most " + q.limit());
            }
            return new EntryPage(out, null);
        }

        @Override
        public JournalEntry update(String userId, String entryId, EntryDraft draft, Integer expectedVersion) {
            return edit(entries.get(entryId), draft.text());
        }

        @Override
        public boolean delete(String userId, String entryId) {
            JournalEntry e = entries.get(entryId);
            if (e == null) {
                return false;
            }
            remove(e);
            return true;
        }

        @Override
        public boolean hasExternal(String userId, String externalId) {
            return false;
        }
    }

    /** Guided sessions in memory. */
    static class Guided implements GuidedJournal {
        final Map<String, List<GuidedSessionRecord>> sessions = new ConcurrentHashMap<>();

        GuidedSessionRecord start(String user, String topic, Instant at) {
            GuidedSessionRecord r = new GuidedSessionRecord(UUID.randomUUID().toString(), topic, "Title " + topic, at, null,
                    5, 0, null, null, List.of());
            sessions.computeIfAbsent(user, u -> new ArrayList<>()).add(r);
            return r;
        }

        GuidedSessionEvent complete(String user, GuidedSessionRecord r, Instant at) {
            List<GuidedSessionRecord> list = sessions.get(user);
            list.remove(r);
            list.add(new GuidedSessionRecord(r.id(), r.topic(), r.topicTitle(), r.startedAt(), at, 5, 100, 0.4, "calm",
                    List.of()));
            return new GuidedSessionEvent(user, r.id(), r.topic(), "pack", r.topicTitle(), 5, 5, 100, 0.4, "calm", at);
        }

        @Override
        public List<GuidedSessionRecord> sessions(String userId, Instant from, Instant to) {
            return sessions.getOrDefault(userId, List.of()).stream()
                    .filter(s -> (from == null || !s.startedAt().isBefore(from)) && (to == null || s.startedAt().isBefore(to)))
                    .sorted(Comparator.comparing(GuidedSessionRecord::startedAt)).toList();
        }

        @Override
        public GuidedSessionRecord importSession(String userId, GuidedSessionRecord session, String externalId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean hasExternal(String userId, String externalId) {
            return false;
        }

        @Override
        public boolean deleteSession(String userId, String sessionId) {
            return sessions.getOrDefault(userId, new ArrayList<>()).removeIf(s -> s.id().equals(sessionId));
        }
    }

    /** Accounts with a time zone each. */
    static final class Directory implements UserDirectory {
        final Map<String, ZoneId> zones = new java.util.LinkedHashMap<>();

        void add(String user, String zone) {
            zones.put(user, ZoneId.of(zone));
        }

        @Override
        public Optional<UserSummary> find(String userId) {
            ZoneId z = zones.get(userId);
            return z == null ? Optional.empty()
                    : Optional.of(new UserSummary(userId, userId + "@example.org", userId, Instant.EPOCH, z));
        }

        @Override
        public List<String> userIds() {
            return List.copyOf(zones.keySet());
        }
    }
}
