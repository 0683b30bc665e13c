package io.pauz.stats.internal;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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
import java.util.concurrent.atomic.AtomicInteger;

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

/**
 * The service on real storage (embedded Derby with the bundle's own migration, the local bucket store) and small
 * in-memory stand-ins for the other features' services (journal, guided sessions, account directory) that keep
 * the contract of their API: events after each change, carrying the entry without text, DELETED with the entry as it was.
 */
final class Fixture implements AutoCloseable {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    static {
        System.setProperty("derby.stream.error.file", "target/derby.log");
    }

    final Path dir;
    final EmbeddedDataSource dataSource;
    final BucketStore buckets;
    final Journal journal = new Journal();
    final Guided guided = new Guided();
    final Directory directory = new Directory();
    final StatsService service;

    Fixture(Instant now) throws IOException, SQLException {
        dir = Files.createTempDirectory("stats-test");
        dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:stats" + DATABASES.incrementAndGet());
        dataSource.setCreateDatabase("create");
        migrate(dataSource);
        buckets = new LocalBucketStore(dir.resolve("buckets"), 0);
        service = new StatsService(config(Map.of("reports.enabled", false, "bootstrap.delay.seconds", -1)), dataSource,
                journal, buckets, schema());
        service.clock = Clock.fixed(now, ZoneOffset.UTC);
        service.directory = directory;
        service.guided = guided;
        journal.listener = service;
    }

    static void migrate(EmbeddedDataSource ds) throws IOException, SQLException {
        for (String name : List.of("V1__stats.sql", "V2__stats_state.sql")) {
            migrate(ds, Files.readString(Path.of("src/main/resources/db/migration/" + name), StandardCharsets.UTF_8));
        }
    }

    static void migrate(EmbeddedDataSource ds, String script) throws SQLException {
        StringBuilder sql = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.strip().startsWith("--")) {
                sql.append(line).append('\n');
            }
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String statement : sql.toString().split(";")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
        }
    }

    static StatsConfig config(Map<String, Object> values) {
        return (StatsConfig) Proxy.newProxyInstance(StatsConfig.class.getClassLoader(), new Class<?>[] { StatsConfig.class },
                (proxy, method, args) -> {
                    String key = method.getName().replace('_', '.');
                    if (values.containsKey(key)) {
                        return values.get(key);
                    }
                    if (method.getName().equals("annotationType")) {
                        return StatsConfig.class;
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    static MigratedSchema schema() {
        return new MigratedSchema() {
            @Override
            public String owner() {
                return "io.pauz.stats";
            }

            @Override
            public int version() {
                return 1;
            }
        };
    }

    int sqlCount(String table, String where) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT COUNT(*) FROM " + table + (where == null ? "" : " WHERE " + where))) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Override
    public void close() throws IOException {
        service.deactivate();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
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
