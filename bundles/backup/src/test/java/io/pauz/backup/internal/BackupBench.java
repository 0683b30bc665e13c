package io.pauz.backup.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Random;

import org.apache.derby.jdbc.EmbeddedDataSource;

import io.pauz.api.bucket.Bucket;
import io.pauz.bucket.local.internal.LocalBucketStore;

/**
 * Backup and restore speed on real components: {@code OBJECTS} objects of 4 KiB (half random, half text) in the local
 * store and {@code ROWS} rows in embedded Derby. Prints a table, writes {@code target/bench-backup.json}. Run:
 * in bundles/backup, {@code mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt && java -cp
 * target/test-classes:target/classes:$(cat target/cp.txt) io.pauz.backup.internal.BackupBench}.
 */
public final class BackupBench {
    private static final int OBJECTS = 2000;
    private static final int ROWS = 20000;

    public static void main(String[] args) throws Exception {
        System.setProperty("derby.stream.error.file", "target/derby-bench.log");
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "bench");
        EmbeddedDataSource live = new EmbeddedDataSource();
        live.setDatabaseName(dir.resolve("live/db/pauz").toString());
        live.setCreateDatabase("create");
        rows(live);
        LocalBucketStore store = new LocalBucketStore(dir.resolve("live/buckets"), 0);
        Random random = new Random(42);
        long objectBytes = 0;
        for (int i = 0; i < OBJECTS; i++) {
            byte[] data = new byte[4096];
            if (i % 2 == 0) {
                random.nextBytes(data);
            } else {
                java.util.Arrays.fill(data, (byte) ('a' + i % 26));
            }
            store.put(Bucket.FREE_JOURNALS, "text-entries/u" + (i % 20) + "/e" + i + "-v1.txt", data, "text/plain");
            objectBytes += data.length;
        }
        BackupEngine engine = new BackupEngine(live, store, dir.resolve("live/backup-work"), Clock.systemUTC(), "bench");

        long t0 = System.nanoTime();
        ArchiveInfo archive = engine.backup(n -> { });
        double backupS = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        engine.verify(archive.name());
        double verifyS = (System.nanoTime() - t1) / 1e9;
        long t2 = System.nanoTime();
        Path target = dir.resolve("new");
        engine.restore(archive.name(), target);
        double restoreS = (System.nanoTime() - t2) / 1e9;
        LocalBucketStore newStore = new LocalBucketStore(target.resolve("buckets"), 0);
        BackupEngine newEngine = new BackupEngine(live, newStore, target.resolve("backup-work"), Clock.systemUTC(), "bench");
        long t3 = System.nanoTime();
        newEngine.restorePending(BackupEngine.pendingArchive(target).orElseThrow(), n -> { });
        double objectsS = (System.nanoTime() - t3) / 1e9;

        System.out.printf("%-44s %10s%n", "backup (" + OBJECTS + " objects, " + ROWS + " rows)", "seconds");
        System.out.printf("%-44s %10.2f%n", "backup (2 object passes + Derby online backup)", backupS);
        System.out.printf("%-44s %10.2f%n", "verify (every entry against the manifest)", verifyS);
        System.out.printf("%-44s %10.2f%n", "restore new data dir (verify + createFrom)", restoreS);
        System.out.printf("%-44s %10.2f%n", "put objects back on the new instance", objectsS);
        System.out.printf("archive %d bytes; objects %d bytes; database %d files %d bytes%n", archive.size(), objectBytes,
                archive.databaseFiles(), archive.databaseBytes());
        Files.writeString(Path.of("target/bench-backup.json"), String.format(java.util.Locale.ROOT,
                "{\"objects\":%d,\"rows\":%d,\"archiveBytes\":%d,\"backupSeconds\":%.3f,\"verifySeconds\":%.3f,"
                        + "\"restoreDirSeconds\":%.3f,\"restoreObjectsSeconds\":%.3f}%n",
                OBJECTS, ROWS, archive.size(), backupS, verifyS, restoreS, objectsS));
        EmbeddedDataSource shutdown = new EmbeddedDataSource();
        shutdown.setDatabaseName(dir.resolve("live/db/pauz").toString());
        shutdown.setShutdownDatabase("shutdown");
        try {
            shutdown.getConnection().close();
        } catch (SQLException expected) {
            // shut down
        }
        BackupEngine.deleteTree(dir);
    }

    private static void rows(EmbeddedDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE bench (id INT PRIMARY KEY, body VARCHAR(500))");
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO bench VALUES (?, ?)")) {
                for (int i = 0; i < ROWS; i++) {
                    p.setInt(1, i);
                    p.setString(2, "row " + i + " with a little text to fill the page ".repeat(4));
                    p.addBatch();
                    if (i % 1000 == 999) {
                        p.executeBatch();
                    }
                }
                p.executeBatch();
            }
            c.commit();
        }
    }
}
