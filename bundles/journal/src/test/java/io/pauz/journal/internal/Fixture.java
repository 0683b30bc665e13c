package io.pauz.journal.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.osgi.framework.BundleContext;

import io.pauz.api.bucket.Bucket;
import io.pauz.api.bucket.BucketStore;
import io.pauz.api.mood.MoodAnalyzer;
import io.pauz.api.speech.SpeechEngine;
import io.pauz.api.sql.MigratedSchema;
import io.pauz.bucket.local.internal.LocalBucketStore;
import io.pauz.testsupport.Configs;
import io.pauz.testsupport.ServiceProps;
import io.pauz.testsupport.TestDatabase;
import io.pauz.testsupport.TestFiles;

/**
 * The journal on real components: embedded Derby migrated by the real runner and the local bucket store. The
 * bundle context is a stand-in that only answers {@code getDataFile}, the one thing the journal asks of it.
 */
final class Fixture implements AutoCloseable {
    final Path dir;
    final EmbeddedDataSource dataSource;
    final BucketStore buckets;
    final Map<String, Object> config;
    final MigratedSchema schema;
    JournalServiceImpl service;

    Fixture(Map<String, Object> config) throws IOException, SQLException {
        this.config = config;
        dir = Files.createTempDirectory("journal-test");
        dataSource = TestDatabase.create("journal");
        schema = TestDatabase.migrate(dataSource, "io.pauz.journal");
        buckets = new LocalBucketStore(dir.resolve("buckets"), 0);
        service = newService();
    }

    Fixture() throws IOException, SQLException {
        this(Map.of());
    }

    /** A new activation of the component on the same database and buckets, as after a restart. */
    JournalServiceImpl newService() throws IOException {
        return new JournalServiceImpl(Configs.of(JournalConfig.class, config), context(dir.resolve("data")), dataSource, buckets,
                schema);
    }

    /** A new activation while another revision of the bundle may still run (a side-by-side update). */
    JournalServiceImpl newService(boolean otherRevisionRunning) throws IOException {
        return new JournalServiceImpl(Configs.of(JournalConfig.class, config), context(dir.resolve("data")), dataSource, buckets,
                otherRevisionRunning);
    }

    static BundleContext context(Path dataDir) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(), new Class<?>[] { BundleContext.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("getDataFile")) {
                        return dataDir.resolve((String) args[0]).toFile();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    Map<String, Object> addAnalyzer(MoodAnalyzer analyzer) {
        Map<String, Object> props = ServiceProps.of(MoodAnalyzer.ID_PROPERTY, analyzer.id());
        service.addMoodAnalyzer(analyzer, props);
        return props;
    }

    Map<String, Object> addEngine(SpeechEngine engine) {
        Map<String, Object> props = ServiceProps.of(SpeechEngine.ID_PROPERTY, engine.id());
        service.addSpeechEngine(engine, props);
        return props;
    }

    /** Keys of every object in a bucket. */
    List<String> objects(Bucket bucket) {
        List<String> keys = new ArrayList<>();
        for (String folder : bucket.folders()) {
            keys.addAll(buckets.list(bucket, folder, null, 1000).objects().stream().map(o -> o.key()).toList());
        }
        return keys;
    }

    int count(String table) throws SQLException {
        return TestDatabase.count(dataSource, table, null);
    }

    /** Files left in the journal's work directory. */
    List<Path> workFiles() throws IOException {
        try (var files = Files.list(dir.resolve("data/work"))) {
            return files.toList();
        }
    }

    /** Waits (generously) for a condition reached by background threads; fails the test if it never is. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            Thread.sleep(20);
        }
    }

    /** A valid WAV: {@code seconds} of a 440 Hz tone, 16 kHz mono 16-bit. */
    static byte[] wav(double seconds) throws IOException {
        int frames = (int) (16_000 * seconds);
        byte[] pcm = new byte[frames * 2];
        for (int i = 0; i < frames; i++) {
            short v = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 16_000.0));
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        AudioFormat format = new AudioFormat(16_000f, 16, 1, true, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), format, frames), AudioFileFormat.Type.WAVE, out);
        return out.toByteArray();
    }

    @Override
    public void close() throws IOException {
        service.deactivate();
        TestFiles.delete(dir);
    }
}
