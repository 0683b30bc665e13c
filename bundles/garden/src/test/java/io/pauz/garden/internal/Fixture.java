package io.pauz.garden.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.pauz.api.bucket.BucketStore;
import io.pauz.api.garden.GardenTheme;
import io.pauz.api.identity.UserDirectory;
import io.pauz.api.identity.UserSummary;
import io.pauz.api.journal.JournalEntry;
import io.pauz.api.journal.JournalEvent;
import io.pauz.bucket.local.internal.LocalBucketStore;
import io.pauz.garden.themes.internal.MeadowTheme;
import io.pauz.garden.themes.internal.ZenTheme;
import io.pauz.testsupport.Configs;
import io.pauz.testsupport.ServiceProps;
import io.pauz.testsupport.TestFiles;

/** The service on real components: the local bucket store in a temp dir and the built-in themes. */
final class Fixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-06-10T12:00:00Z");

    final Path dir;
    final BucketStore buckets;
    final GardenServiceImpl service;
    final Map<String, UserSummary> people = new HashMap<>();
    final Map<String, Object> meadowProps = props("meadow", 100);
    final Map<String, Object> zenProps = props("zen", 0);
    final GardenTheme meadow = new MeadowTheme();
    final GardenTheme zen = new ZenTheme();

    Fixture() throws IOException {
        this(Map.of());
    }

    Fixture(Map<String, Object> config) throws IOException {
        dir = Files.createTempDirectory("garden-test");
        buckets = new LocalBucketStore(dir.resolve("buckets"), 0);
        service = new GardenServiceImpl(Configs.of(GardenConfig.class, config), buckets);
        service.clock = Clock.fixed(T0, ZoneOffset.UTC);
        service.addGardenTheme(meadow, meadowProps);
        service.addGardenTheme(zen, zenProps);
        service.setUserDirectory(new UserDirectory() {
            @Override
            public Optional<UserSummary> find(String userId) {
                return Optional.ofNullable(people.get(userId));
            }

            @Override
            public List<String> userIds() {
                return List.copyOf(people.keySet());
            }
        });
    }

    void person(String id, String name, String zone) {
        people.put(id, new UserSummary(id, id + "@example.org", name, T0, ZoneId.of(zone)));
    }

    void at(Instant now) {
        service.clock = Clock.fixed(now, ZoneOffset.UTC);
    }

    static Map<String, Object> props(String id, int ranking) {
        return ServiceProps.of(GardenTheme.ID_PROPERTY, id, ranking);
    }

    /** The journal's event after an entry's mood was read. */
    void analysed(String userId, String entryId, double mood, int version) {
        service.journalChanged(new JournalEvent(JournalEvent.Type.ANALYSED, entry(userId, entryId, mood, version)));
        service.awaitEvents();
    }

    void deleted(String userId, String entryId) {
        service.journalChanged(new JournalEvent(JournalEvent.Type.DELETED, entry(userId, entryId, 0.1, 1)));
        service.awaitEvents();
    }

    static JournalEntry entry(String userId, String entryId, Double mood, int version) {
        return new JournalEntry(entryId, userId, null, null, "preview", T0, T0, 3, mood, mood == null ? null : "label", false,
                null, "text", version);
    }

    @Override
    public void close() throws IOException {
        TestFiles.delete(dir);
    }
}
