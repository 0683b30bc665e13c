package io.pauz.export.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.imageio.ImageIO;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.osgi.framework.BundleContext;

import io.pauz.api.bucket.BucketStore;
import io.pauz.api.garden.Garden;
import io.pauz.api.garden.GardenService;
import io.pauz.api.identity.UserDirectory;
import io.pauz.api.identity.UserSummary;
import io.pauz.api.mood.MoodAnalyzer;
import io.pauz.api.prompt.PromptPack;
import io.pauz.api.sql.MigratedSchema;
import io.pauz.bucket.local.internal.LocalBucketStore;
import io.pauz.guided.internal.GuidedConfig;
import io.pauz.guided.internal.GuidedJournalImpl;
import io.pauz.guided.internal.GuidedServiceImpl;
import io.pauz.journal.internal.JournalConfig;
import io.pauz.journal.internal.JournalServiceImpl;
import io.pauz.mood.lexicon.internal.LexiconMoodAnalyzer;
import io.pauz.prompts.builtin.internal.BuiltinPromptPack;
import io.pauz.testsupport.Configs;
import io.pauz.testsupport.ServiceProps;
import io.pauz.testsupport.TestDatabase;
import io.pauz.testsupport.TestFiles;

/**
 * The export service on real components: embedded Derby with the journal's, guided's and this bundle's own
 * migrations applied by the real runner, the local bucket store, the real journal and guided services with the
 * lexicon mood analyzer and the built-in prompt pack. Only the account directory and the garden picture are small stand-ins.
 */
final class Fixture implements AutoCloseable {
    final Path dir;
    final EmbeddedDataSource dataSource;
    final BucketStore buckets;
    final JournalServiceImpl journal;
    final GuidedServiceImpl guidedService;
    final GuidedJournalImpl guided;
    final Users users = new Users();
    ExportService exports;
    final Map<String, Object> exportConfig;

    Fixture(Map<String, Object> exportConfig) throws Exception {
        this.exportConfig = exportConfig;
        dir = Files.createTempDirectory("export-test");
        dataSource = TestDatabase.create("export");
        MigratedSchema journalSchema = TestDatabase.migrate(dataSource, "io.pauz.journal", JournalServiceImpl.class);
        MigratedSchema guidedSchema = TestDatabase.migrate(dataSource, "io.pauz.guided", GuidedServiceImpl.class);
        TestDatabase.migrate(dataSource, "io.pauz.export");
        buckets = new LocalBucketStore(dir.resolve("buckets"), 0);

        MoodAnalyzer lexicon = new LexiconMoodAnalyzer();
        journal = new JournalServiceImpl(Configs.of(JournalConfig.class, Map.of()), bundleContext(dir.resolve("journal")),
                dataSource, buckets, journalSchema);
        call(journal, "addMoodAnalyzer", lexicon, ServiceProps.of(MoodAnalyzer.ID_PROPERTY, lexicon.id()));
        guidedService = new GuidedServiceImpl(Configs.of(GuidedConfig.class, Map.of()), dataSource, buckets, guidedSchema);
        PromptPack pack = new BuiltinPromptPack();
        call(guidedService, "addPromptPack", pack, ServiceProps.of(PromptPack.ID_PROPERTY, pack.id()));
        call(guidedService, "addMoodAnalyzer", lexicon, ServiceProps.of(MoodAnalyzer.ID_PROPERTY, lexicon.id()));
        guided = new GuidedJournalImpl(guidedService);
        exports = newExportService(false);
    }

    Fixture() throws Exception {
        this(Map.of());
    }

    /** A fresh service over the same database and buckets, as after a restart. */
    ExportService newExportService(boolean start) {
        ExportService s = new ExportService(Configs.of(ExportConfig.class, exportConfig), dir.resolve("fontcache"), dataSource,
                buckets, journal, start);
        s.setGuidedJournal(guided);
        s.setUserDirectory(users);
        s.setGardenService(new TestGarden());
        return s;
    }

    /** The journal only asks its bundle context for a data folder. */
    private static BundleContext bundleContext(Path data) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (proxy, method, args) -> {
                    if (method.getName().equals("getDataFile")) {
                        File f = data.resolve((String) args[0]).toFile();
                        f.getParentFile().mkdirs();
                        return f;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** DS bind methods are package-private in their bundles; tests call them as SCR would. */
    private static void call(Object target, String name, Object service, Map<String, Object> props) throws Exception {
        for (Method m : target.getClass().getDeclaredMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == 2) {
                m.setAccessible(true);
                m.invoke(target, service, props);
                return;
            }
        }
        throw new NoSuchMethodException(name);
    }

    @Override
    public void close() throws IOException {
        exports.deactivate();
        try {
            Method d = JournalServiceImpl.class.getDeclaredMethod("deactivate");
            d.setAccessible(true);
            d.invoke(journal);
            Method g = GuidedServiceImpl.class.getDeclaredMethod("deactivate");
            g.setAccessible(true);
            g.invoke(guidedService);
        } catch (ReflectiveOperationException e) {
            throw new IOException(e);
        }
        TestFiles.delete(dir);
    }

    /** Accounts stand-in: names and zones set by the test. */
    static final class Users implements UserDirectory {
        final Map<String, UserSummary> users = new HashMap<>();

        void add(String id, String name, String zone) {
            users.put(id, new UserSummary(id, id + "@example.org", name, Instant.parse("2024-01-01T00:00:00Z"), ZoneId.of(zone)));
        }

        @Override
        public Optional<UserSummary> find(String userId) {
            return Optional.ofNullable(users.get(userId));
        }

        @Override
        public List<String> userIds() {
            return List.copyOf(users.keySet());
        }
    }

    /** Garden stand-in: a small meadow drawn with Java2D, as the garden feature's PNG would arrive. */
    static final class TestGarden implements GardenService {
        @Override
        public Garden garden(String userId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String svg(String userId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] png(String userId, int widthPx) {
            int w = widthPx;
            int h = widthPx / 2;
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(0xe8f3ff));
            g.fillRect(0, 0, w, h);
            g.setColor(new Color(0x7cb66f));
            g.fillRect(0, h * 2 / 3, w, h / 3);
            Color[] petals = { new Color(0xf2a7c3), new Color(0xf7d154), new Color(0x9fb8f0), new Color(0xf29a6b) };
            for (int i = 0; i < 12; i++) {
                int x = w / 14 * (i + 1);
                int y = h * 2 / 3 - (i % 3) * h / 12;
                g.setColor(new Color(0x3d7a3a));
                g.fillRect(x - 2, y, 4, h * 2 / 3 - y + h / 10);
                g.setColor(petals[i % petals.length]);
                g.fillOval(x - h / 14, y - h / 14, h / 7, h / 7);
                g.setColor(new Color(0xfff3b0));
                g.fillOval(x - h / 40, y - h / 40, h / 20, h / 20);
            }
            g.dispose();
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ImageIO.write(img, "png", out);
                return out.toByteArray();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
