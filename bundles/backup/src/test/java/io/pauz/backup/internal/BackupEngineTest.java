package io.pauz.backup.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.InputStream;
import java.io.RandomAccessFile;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.pauz.api.bucket.Bucket;
import io.pauz.api.bucket.BucketStore;
import io.pauz.api.bucket.BucketUsage;
import io.pauz.api.bucket.ObjectInfo;
import io.pauz.api.bucket.ObjectPage;
import io.pauz.api.bucket.PutOptions;
import io.pauz.api.bucket.StoredObject;
import io.pauz.api.rest.ApiException;
import io.pauz.bucket.local.internal.LocalBucketStore;

/** Backup and restore on real components: an embedded Derby database on disk and the local bucket store. */
public class BackupEngineTest {
    static {
        System.setProperty("derby.stream.error.file", "target/derby.log");
    }

    private Path dir;
    private EmbeddedDataSource live;
    private LocalBucketStore store;
    private BackupEngine engine;

    @Before
    public void setUp() throws Exception {
        dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "backup-test");
        live = database(dir.resolve("live/db/pauz"), true);
        try (Connection c = live.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE entries (id VARCHAR(64) PRIMARY KEY, text_key VARCHAR(200) NOT NULL)");
        }
        store = new LocalBucketStore(dir.resolve("live/buckets"), 0);
        engine = new BackupEngine(live, store, dir.resolve("live/backup-work"), Clock.systemUTC(), "test");
    }

    @After
    public void tearDown() {
        shutdown(dir.resolve("live/db/pauz"));
        shutdown(dir.resolve("new/db/pauz"));
        BackupEngine.deleteTree(dir);
    }

    /** Like the journal: the blob first, then the row that points to it. */
    private void entry(String id, String text) throws SQLException {
        String key = "text-entries/u1/" + id + "-v1.txt";
        store.put(Bucket.FREE_JOURNALS, key, new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                new PutOptions("text/plain; charset=utf-8", Map.of("entry", id)));
        try (Connection c = live.getConnection(); PreparedStatement p = c.prepareStatement("INSERT INTO entries VALUES (?, ?)")) {
            p.setString(1, id);
            p.setString(2, key);
            p.executeUpdate();
        }
    }

    private void seed() throws SQLException {
        entry("e1", "first entry, with ünïcödé");
        entry("e2", "second entry");
        store.put(Bucket.USER_PROFILES, "profile-pictures/u1/picture.png", new byte[] { 1, 2, 3, 4 }, "image/png");
        store.put(Bucket.GARDEN_SYSTEM, "user-gardens/u1/garden.json", "{\"flowers\":3}".getBytes(StandardCharsets.UTF_8),
                "application/json");
        store.put(Bucket.MEDIA_STORAGE, "pdf-exports/u1/x.pdf", new byte[4096], "application/pdf");
    }

    @Test
    public void backupThenRestoreGivesTheSameDatabaseAndObjects() throws Exception {
        seed();
        ArchiveInfo archive = engine.backup(n -> { });
        assertTrue(archive.name(), BackupEngine.NAME.matcher(archive.name()).matches());
        assertEquals(5, archive.objects());
        assertTrue(archive.databaseFiles() > 0);
        assertEquals(List.of(archive.name()), engine.list().stream().map(ArchiveInfo::name).toList());
        assertEmptyWorkDir();

        // A second backup does not contain the first archive.
        ArchiveInfo second = engine.backup(n -> { });
        assertEquals(5, second.objects());
        assertEquals(2, engine.list().size());
        Manifest manifest = engine.verify(second.name());
        assertTrue(manifest.files().stream().noneMatch(f -> f.path().contains("backup-archives")));
        assertEquals(Map.of("free-journals", 2L, "user-profiles", 1L, "garden-system", 1L, "media-storage", 1L),
                manifest.objects().perBucket());

        Path target = dir.resolve("new");
        RestoreResult result = engine.restore(second.name(), target);
        assertEquals(target.toString(), result.target());
        assertEquals(5, result.objects());
        assertTrue(Files.isRegularFile(target.resolve(result.pendingArchive())));
        try (Stream<Path> siblings = Files.list(dir)) {
            assertTrue("no staging directory is left", siblings.noneMatch(p -> p.getFileName().toString().contains("restoring")));
        }

        // The new database holds the same rows.
        EmbeddedDataSource restored = database(target.resolve("db/pauz"), false);
        assertEquals(rows(live), rows(restored));

        // An instance on the new directory puts the objects back through its own store.
        LocalBucketStore newStore = new LocalBucketStore(target.resolve("buckets"), 0);
        BackupEngine newEngine = new BackupEngine(restored, newStore, target.resolve("backup-work"), Clock.systemUTC(), "test");
        Path pending = BackupEngine.pendingArchive(target).orElseThrow();
        assertEquals(5, newEngine.restorePending(pending, n -> { }));
        assertTrue(BackupEngine.pendingArchive(target).isEmpty());
        assertEquals(objects(store), objects(newStore));
        for (Map.Entry<String, String> row : rows(restored).entrySet()) {
            try (StoredObject o = newStore.get(Bucket.FREE_JOURNALS, row.getValue()).orElseThrow()) {
                assertEquals(row.getKey(), o.info().userMetadata().get("entry"));
                assertEquals("text/plain; charset=utf-8", o.info().contentType());
            }
        }
        assertArrayEquals(new byte[] { 1, 2, 3, 4 },
                newStore.get(Bucket.USER_PROFILES, "profile-pictures/u1/picture.png").orElseThrow().readAllBytes());
    }

    @Test
    public void restoreRefusesANonEmptyTargetAndWritesNothing() throws Exception {
        seed();
        ArchiveInfo archive = engine.backup(n -> { });
        Path target = Files.createDirectories(dir.resolve("new"));
        Files.writeString(target.resolve("keep.txt"), "mine");
        ApiException e = expect(() -> engine.restore(archive.name(), target));
        assertEquals(409, e.status());
        assertEquals("target_not_empty", e.code());
        try (Stream<Path> files = Files.list(target)) {
            assertEquals(List.of(target.resolve("keep.txt")), files.toList());
        }
        // A file is not a directory either.
        assertEquals(409, expect(() -> engine.restore(archive.name(), target.resolve("keep.txt"))).status());
        // An empty existing directory is fine.
        Path empty = Files.createDirectories(dir.resolve("empty"));
        engine.restore(archive.name(), empty);
        assertTrue(Files.isDirectory(empty.resolve("db/pauz")));
        shutdown(empty.resolve("db/pauz"));
    }

    @Test
    public void aCorruptArchiveIsRefusedBeforeAnythingIsWritten() throws Exception {
        seed();
        ArchiveInfo archive = engine.backup(n -> { });
        Path copy = dir.resolve(archive.name());
        try (StoredObject o = store.get(BackupEngine.ARCHIVE_BUCKET, BackupEngine.ARCHIVE_FOLDER + archive.name()).orElseThrow();
                InputStream in = o.content()) {
            Files.copy(in, copy);
        }
        // The intact file restores (an operator's off-site copy), a damaged one does not.
        Path good = dir.resolve("from-file");
        assertEquals(5, engine.restore(copy.toString(), good).objects());
        shutdown(good.resolve("db/pauz"));

        for (long offset : new long[] { 100, Files.size(copy) / 2, Files.size(copy) - 30 }) {
            Path bad = dir.resolve("bad-" + offset + ".zip");
            Files.copy(copy, bad);
            try (RandomAccessFile f = new RandomAccessFile(bad.toFile(), "rw")) {
                f.seek(offset);
                int b = f.read();
                f.seek(offset);
                f.write(b ^ 0x5a);
            }
            Path target = dir.resolve("target-" + offset);
            ApiException e = expect(() -> engine.restore(bad.toString(), target));
            assertEquals(e.getMessage(), 422, e.status());
            assertEquals("archive_corrupt", e.code());
            assertFalse(Files.exists(target));
        }
        // A damaged stored archive fails the checksum its store recorded (test knows the local layout: key + "~o").
        Path stored = dir.resolve("live/buckets/media-storage/backup-archives/" + archive.name() + "~o");
        try (RandomAccessFile f = new RandomAccessFile(stored.toFile(), "rw")) {
            f.seek(200);
            int b = f.read();
            f.seek(200);
            f.write(b ^ 0x01);
        }
        ApiException damaged = expect(() -> engine.restore(archive.name(), dir.resolve("target-stored")));
        assertEquals(422, damaged.status());
        assertFalse(Files.exists(dir.resolve("target-stored")));
        assertEmptyWorkDir();
        Path truncated = dir.resolve("truncated.zip");
        Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(copy), (int) Files.size(copy) / 2));
        assertEquals(422, expect(() -> engine.restore(truncated.toString(), dir.resolve("t"))).status());
        Path notZip = dir.resolve("not.zip");
        Files.writeString(notZip, "hello");
        assertEquals(422, expect(() -> engine.verify(notZip.toString())).status());
        assertEquals(404, expect(() -> engine.restore("20200101T000000Z.zip", dir.resolve("u"))).status());
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("target-")
                    || p.getFileName().toString().startsWith("t") && p.getFileName().toString().length() == 1
                    || p.getFileName().toString().contains("restoring")));
        }
    }

    @Test
    public void pendingObjectsAreRestoredOnlyIntoAnEmptyStore() throws Exception {
        seed();
        ArchiveInfo archive = engine.backup(n -> { });
        Path target = dir.resolve("new");
        engine.restore(archive.name(), target);
        shutdown(target.resolve("db/pauz"));
        LocalBucketStore newStore = new LocalBucketStore(target.resolve("buckets"), 0);
        newStore.put(Bucket.FREE_JOURNALS, "text-entries/u9/other.txt", "someone else's".getBytes(StandardCharsets.UTF_8), "text/plain");
        BackupEngine newEngine = new BackupEngine(live, newStore, target.resolve("backup-work"), Clock.systemUTC(), "test");
        Path pending = BackupEngine.pendingArchive(target).orElseThrow();
        ApiException e = expect(() -> newEngine.restorePending(pending, n -> { }));
        assertEquals(409, e.status());
        assertEquals("store_not_empty", e.code());
        assertEquals(1, newStore.usage().stream().mapToLong(BucketUsage::objects).sum());
        assertTrue(Files.exists(pending));

        // A restore that died part way (some objects already there, identical) is resumed.
        newStore.delete(Bucket.FREE_JOURNALS, "text-entries/u9/other.txt");
        newStore.put(Bucket.USER_PROFILES, "profile-pictures/u1/picture.png", new byte[] { 1, 2, 3, 4 }, "image/png");
        assertEquals(5, newEngine.restorePending(pending, n -> { }));
        assertEquals(objects(store), objects(newStore));
    }

    /** Creates running during backups (blob, then row): every row of every restored database finds its blob. */
    @Test
    public void rowsWrittenDuringABackupAlwaysFindTheirObjects() throws Exception {
        seed();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger created = new AtomicInteger();
        Thread writer = new Thread(() -> {
            for (int i = 0; writing.get(); i++) {
                try {
                    entry("c" + i, "concurrent " + i);
                    created.incrementAndGet();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        writer.start();
        List<ArchiveInfo> archives = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                archives.add(engine.backup(n -> { }));
            }
        } finally {
            writing.set(false);
            writer.join();
        }
        for (ArchiveInfo archive : archives) {
            Path target = dir.resolve("new-" + archive.name());
            engine.restore(archive.name(), target);
            EmbeddedDataSource restored = database(target.resolve("db/pauz"), false);
            Manifest manifest = engine.verify(target.resolve(BackupEngine.RESTORE_FOLDER).resolve(archive.name()).toString());
            java.util.Set<String> keys = new java.util.HashSet<>();
            manifest.files().forEach(f -> keys.add(f.bucket() + "/" + f.key()));
            Map<String, String> rows = rows(restored);
            for (Map.Entry<String, String> row : rows.entrySet()) {
                assertTrue("row " + row.getKey() + " has its blob", keys.contains("free-journals/" + row.getValue()));
            }
            shutdown(target.resolve("db/pauz"));
            System.out.printf("backup %s under writes: %d rows, %d objects%n", archive.name(), rows.size(), archive.objects());
        }
        assertTrue(created.get() > 0);
    }

    /** One backup at a time: a second start is refused while the first runs. */
    @Test
    public void oneBackupAtATime() throws Exception {
        seed();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        BucketStore blocking = blockingList(store, entered, release);
        BackupComponent component = new BackupComponent(config(Map.of()), live, blocking, dir.resolve("live"), "test");
        try {
            BackupJob first = component.start();
            assertTrue(entered.await(30, TimeUnit.SECONDS));
            ApiException e = expect(component::start);
            assertEquals(409, e.status());
            assertEquals("backup_running", e.code());
            assertEquals(first.id(), component.runningJob().orElseThrow().id());
            release.countDown();
            BackupJob done = awaitDone(component, first.id());
            assertEquals(done.error(), "done", done.status());
            assertEquals(5, done.archive().objects());
            BackupJob again = component.start(); // free again once the first is done
            assertFalse(again.id().equals(first.id()));
            assertEquals("done", awaitDone(component, again.id()).status());
            assertEquals("UP", component.check().state().name());
        } finally {
            release.countDown();
            component.stop();
        }
    }

    @Test
    public void restEndpointsCheckTheirInput() throws Exception {
        seed();
        BackupComponent component = new BackupComponent(config(Map.of()), live, store, dir.resolve("live"), "test");
        try {
            BackupResource rest = new BackupResource(component);
            assertEquals(202, rest.start().getStatus());
            awaitDone(component, component.jobs().get(0).id());
            String name = engine.list().get(0).name();
            assertEquals(true, rest.archive(name, true).get("verified"));
            assertEquals(404, expect(() -> rest.archive("nope.zip", false)).status());
            assertEquals(404, expect(() -> rest.archive("../../etc/passwd", false)).status());
            assertEquals(404, expect(() -> rest.job("x")).status());
            assertEquals(400, expect(() -> rest.restore(name, new BackupResource.RestoreRequest("relative/dir"))).status());
            assertEquals(400, expect(() -> rest.restore(name, null)).status());
            assertEquals(404, expect(() -> rest.restore("20200101T000000Z.zip",
                    new BackupResource.RestoreRequest(dir.resolve("x").toString()))).status());
            assertEquals(201, rest.restore(name, new BackupResource.RestoreRequest(dir.resolve("new").toString())).getStatus());
            assertEquals(409, expect(() -> rest.restore(name,
                    new BackupResource.RestoreRequest(dir.resolve("new").toString()))).status());
            assertEquals(204, rest.delete(name).getStatus());
            assertEquals(404, expect(() -> rest.delete(name)).status());
        } finally {
            component.stop();
        }
    }

    /** An instance started on a restored directory puts the objects back and is DOWN until then. */
    @Test
    public void componentRestoresPendingObjectsAtStart() throws Exception {
        seed();
        ArchiveInfo archive = engine.backup(n -> { });
        Path target = dir.resolve("new");
        engine.restore(archive.name(), target);
        EmbeddedDataSource restored = database(target.resolve("db/pauz"), false);
        LocalBucketStore newStore = new LocalBucketStore(target.resolve("buckets"), 0);
        BackupComponent component = new BackupComponent(config(Map.of()), restored, newStore, target, "test");
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!component.restoreState().orElseThrow().status().equals("done") && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertEquals("done", component.restoreState().orElseThrow().status());
            assertEquals("UP", component.check().state().name());
            assertEquals(objects(store), objects(newStore));
        } finally {
            component.stop();
        }
    }

    /** SmartSQL in network mode: Derby would write the backup on the server's disk, so it is refused, nothing written. */
    @Test
    public void aNetworkDatabaseIsRefused() throws Exception {
        seed();
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        org.apache.derby.drda.NetworkServerControl server = new org.apache.derby.drda.NetworkServerControl(
                java.net.InetAddress.getLoopbackAddress(), port);
        server.start(new java.io.PrintWriter(new java.io.StringWriter()));
        try {
            for (int i = 0; i < 100; i++) {
                try {
                    server.ping();
                    break;
                } catch (Exception notYet) {
                    Thread.sleep(50);
                }
            }
            org.apache.derby.client.BasicClientDataSource client = new org.apache.derby.client.BasicClientDataSource();
            client.setServerName("127.0.0.1");
            client.setPortNumber(port);
            client.setDatabaseName(dir.resolve("net/pauz").toString());
            client.setCreateDatabase("create");
            BackupEngine networked = new BackupEngine(client, store, dir.resolve("live/backup-work"), Clock.systemUTC(), "test");
            ApiException e = expect(() -> networked.backup(n -> { }));
            assertEquals(409, e.status());
            assertEquals("database_not_local", e.code());
            assertEquals(List.of(), engine.list());
            assertEmptyWorkDir();
        } finally {
            server.shutdown();
        }
    }

    @Test
    public void gogoCommands() throws Exception {
        seed();
        BackupComponent component = new BackupComponent(config(Map.of()), live, store, dir.resolve("live"), "test");
        try {
            BackupCommands gogo = new BackupCommands(component);
            String out = gogo.backup();
            assertTrue(out, out.contains("5 objects"));
            String name = engine.list().get(0).name();
            assertTrue(gogo.backups().contains(name));
            assertTrue(gogo.verify(name).contains("every checksum matches"));
            assertTrue(gogo.restore(name, dir.resolve("new").toString()).contains("PAUZ_DATA=" + dir.resolve("new")));
        } finally {
            component.stop();
        }
    }

    /** Leftovers of a backup killed mid-write go at the next start; other files in the work directory stay. */
    @Test
    public void startRemovesOnlyOurLeftovers() throws Exception {
        Path work = Files.createDirectories(dir.resolve("live/backup-work"));
        Path part = Files.writeString(work.resolve(java.util.UUID.randomUUID() + ".zip.part"), "half");
        Path db = Files.createDirectories(work.resolve(java.util.UUID.randomUUID() + "-db/pauz"));
        Path foreign = Files.writeString(work.resolve("operator-notes.txt"), "keep");
        new BackupComponent(config(Map.of()), live, store, dir.resolve("live"), "test").stop();
        assertFalse(Files.exists(part));
        assertFalse(Files.exists(db.getParent()));
        assertTrue(Files.exists(foreign));
        Files.delete(foreign);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static BackupJob awaitDone(BackupComponent component, String id) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        BackupJob job = component.job(id).orElseThrow();
        while (job.status().equals("running") && System.nanoTime() < end) {
            Thread.sleep(20);
            job = component.job(id).orElseThrow();
        }
        return job;
    }

    private void assertEmptyWorkDir() throws Exception {
        Path work = dir.resolve("live/backup-work");
        if (Files.isDirectory(work)) {
            try (Stream<Path> files = Files.list(work)) {
                assertEquals(List.of(), files.toList());
            }
        }
    }

    private static EmbeddedDataSource database(Path path, boolean create) {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(path.toString());
        if (create) {
            ds.setCreateDatabase("create");
        }
        return ds;
    }

    private static void shutdown(Path path) {
        if (!Files.isDirectory(path)) {
            return;
        }
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(path.toString());
        ds.setShutdownDatabase("shutdown");
        try {
            ds.getConnection().close();
        } catch (SQLException expected) {
            // shut down, or was not booted
        }
    }

    private static Map<String, String> rows(EmbeddedDataSource ds) throws SQLException {
        Map<String, String> rows = new TreeMap<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, text_key FROM entries")) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2));
            }
        }
        return rows;
    }

    /** bucket/key -> sha256 + content type + metadata of every object but the archives. */
    private static Map<String, String> objects(BucketStore s) {
        Map<String, String> all = new TreeMap<>();
        for (Bucket bucket : Bucket.values()) {
            String cursor = null;
            do {
                ObjectPage page = s.list(bucket, "", cursor, 1000);
                for (ObjectInfo o : page.objects()) {
                    if (!o.key().startsWith(BackupEngine.ARCHIVE_FOLDER)) {
                        all.put(bucket.id() + "/" + o.key(), o.sha256() + " " + o.contentType() + " " + new TreeMap<>(o.userMetadata()));
                    }
                }
                cursor = page.nextCursor();
            } while (cursor != null);
        }
        return all;
    }

    private static ApiException expect(Runnable action) {
        try {
            action.run();
        } catch (ApiException e) {
            return e;
        }
        fail("expected an ApiException");
        return null;
    }

    static BackupConfig config(Map<String, Object> values) {
        return (BackupConfig) Proxy.newProxyInstance(BackupConfig.class.getClassLoader(), new Class<?>[] { BackupConfig.class },
                (proxy, method, args) -> {
                    String key = method.getName().replace('_', '.');
                    if (values.containsKey(key)) {
                        return values.get(key);
                    }
                    if (method.getName().equals("annotationType")) {
                        return BackupConfig.class;
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** The real store, whose first listing waits until released: holds a backup in flight without timing. */
    private static BucketStore blockingList(BucketStore real, CountDownLatch entered, CountDownLatch release) {
        AtomicBoolean first = new AtomicBoolean(true);
        return (BucketStore) Proxy.newProxyInstance(BucketStore.class.getClassLoader(), new Class<?>[] { BucketStore.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("list") && first.getAndSet(false)) {
                        entered.countDown();
                        release.await(60, TimeUnit.SECONDS);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
