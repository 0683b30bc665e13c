package io.pauz.ai.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.rules.ExternalResource;
import org.junit.rules.TemporaryFolder;

import io.pauz.api.ai.AiEngine;
import io.pauz.api.bucket.Bucket;
import io.pauz.api.bucket.ObjectInfo;
import io.pauz.api.memory.CacheStats;
import io.pauz.api.memory.MemoryService;
import io.pauz.api.memory.NamedCache;
import io.pauz.api.mood.MoodAnalyzer;
import io.pauz.bucket.local.internal.LocalBucketStore;
import io.pauz.testsupport.Configs;
import io.pauz.testsupport.ServiceProps;
import io.pauz.testsupport.TestDatabase;

/**
 * Real pieces for AiService tests: a fresh in-memory Derby database migrated by the real runner, the
 * real local bucket store in a temporary folder, and a map-backed SmartMemory (expiry honoured).
 */
public class Fixture extends ExternalResource {
    final TemporaryFolder tmp = new TemporaryFolder();
    EmbeddedDataSource dataSource;
    LocalBucketStore buckets;
    MapMemory memory;
    final OfflineEngine offline = new OfflineEngine();
    final MutableClock clock = new MutableClock(Instant.parse("2025-03-14T09:00:00Z"));

    @Override
    protected void before() throws Throwable {
        tmp.create();
        dataSource = TestDatabase.create("pauz-ai-");
        TestDatabase.migrate(dataSource, "io.pauz.ai");
        buckets = new LocalBucketStore(tmp.newFolder("buckets").toPath(), 0);
        memory = new MapMemory(clock);
    }

    @Override
    protected void after() {
        EmbeddedDataSource drop = new EmbeddedDataSource();
        drop.setDatabaseName(dataSource.getDatabaseName());
        drop.setConnectionAttributes("drop=true");
        try {
            drop.getConnection().close();
        } catch (SQLException expected) {
            // 08006: dropped
        }
        tmp.delete();
    }

    AiService service(Map<String, Object> config) {
        AiService s = new AiService(Configs.of(AiConfig.class, config), dataSource, buckets, memory, offline);
        s.clock = clock;
        s.addAiEngine(offline, ServiceProps.of(AiEngine.ID_PROPERTY, OfflineEngine.ID, -100));
        return s;
    }

    static void addEngine(AiService s, AiEngine e) {
        s.addAiEngine(e, ServiceProps.of(AiEngine.ID_PROPERTY, e.id(), 0));
    }

    static void addAnalyzer(AiService s, MoodAnalyzer a, int ranking) {
        s.addMoodAnalyzer(a, ServiceProps.of(MoodAnalyzer.ID_PROPERTY, a.id(), ranking));
    }

    /** Keys of the user's stored answers in ai-prompts, any folder. */
    List<String> storedKeys(String userId) {
        List<String> keys = new ArrayList<>();
        for (String folder : Bucket.AI_PROMPTS.folders()) {
            for (ObjectInfo o : buckets.list(Bucket.AI_PROMPTS, folder + userId + "/", null, 1000).objects()) {
                keys.add(o.key());
            }
        }
        return keys;
    }

    List<List<Object>> query(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<List<Object>> rows = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** SmartMemory stand-in: one map per cache, lifespans honoured against the test clock, stats counted. */
    static final class MapMemory implements MemoryService {
        private final Map<String, MapCache> caches = new ConcurrentHashMap<>();
        private final Clock clock;

        MapMemory(Clock clock) {
            this.clock = clock;
        }

        @Override
        public NamedCache cache(String name) {
            return caches.computeIfAbsent(name, n -> new MapCache(n, clock));
        }

        @Override
        public List<CacheStats> stats() {
            return caches.values().stream().map(MapCache::stats).toList();
        }
    }

    static final class MapCache implements NamedCache {
        private record Entry(String value, Instant expires) {
        }

        private final String name;
        private final Clock clock;
        final Map<String, Entry> map = new ConcurrentHashMap<>();
        final Map<String, Duration> lifespans = new ConcurrentHashMap<>();
        private final AtomicLong hits = new AtomicLong();
        private final AtomicLong misses = new AtomicLong();
        private final AtomicLong stores = new AtomicLong();

        MapCache(String name, Clock clock) {
            this.name = name;
            this.clock = clock;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Optional<String> get(String key) {
            Entry e = map.get(key);
            if (e != null && e.expires().isAfter(clock.instant())) {
                hits.incrementAndGet();
                return Optional.of(e.value());
            }
            misses.incrementAndGet();
            return Optional.empty();
        }

        @Override
        public void put(String key, String value) {
            put(key, value, Duration.ofHours(24));
        }

        @Override
        public void put(String key, String value, Duration lifespan) {
            stores.incrementAndGet();
            lifespans.put(key, lifespan);
            map.put(key, new Entry(value, clock.instant().plus(lifespan)));
        }

        @Override
        public void remove(String key) {
            map.remove(key);
        }

        @Override
        public void clear() {
            map.clear();
        }

        @Override
        public CacheStats stats() {
            return new CacheStats(name, map.size(), hits.get(), misses.get(), stores.get(), 0);
        }
    }
}
