package io.pauz.recommendations.internal;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.osgi.framework.BundleContext;

import io.pauz.api.garden.GardenTheme;
import io.pauz.api.guided.GuidedSessionEvent;
import io.pauz.api.journal.EntryDraft;
import io.pauz.api.journal.JournalEntry;
import io.pauz.api.journal.JournalEvent;
import io.pauz.api.mood.MoodAnalyzer;
import io.pauz.api.prompt.PromptPack;
import io.pauz.api.sql.MigratedSchema;
import io.pauz.bucket.local.internal.LocalBucketStore;
import io.pauz.garden.themes.internal.MeadowTheme;
import io.pauz.garden.themes.internal.ZenTheme;
import io.pauz.guided.internal.GuidedAccess;
import io.pauz.guided.internal.GuidedConfig;
import io.pauz.guided.internal.GuidedJournalImpl;
import io.pauz.guided.internal.GuidedServiceImpl;
import io.pauz.guided.internal.Views.CurrentPrompt;
import io.pauz.guided.internal.Views.SessionView;
import io.pauz.journal.internal.JournalAccess;
import io.pauz.journal.internal.JournalConfig;
import io.pauz.journal.internal.JournalServiceImpl;
import io.pauz.memory.infinispan.internal.InfinispanMemoryService;
import io.pauz.memory.infinispan.internal.MemoryConfig;
import io.pauz.mood.lexicon.internal.LexiconMoodAnalyzer;
import io.pauz.prompts.builtin.internal.BuiltinPromptPack;
import io.pauz.testsupport.Configs;
import io.pauz.testsupport.ServiceProps;
import io.pauz.testsupport.TestDatabase;
import io.pauz.testsupport.TestFiles;

/**
 * The service wired as Declarative Services would wire it, on real components: the journal and the guided journal on
 * embedded Derby with their own migrations (applied by the real runner), the local bucket store, SmartMemory on
 * Infinispan (local mode), the lexicon mood analyzer, the built-in prompt pack and both garden themes. Events travel on the features' own
 * background threads; helpers wait until this service has heard them.
 */
final class Fixture implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(30);

    final Path dir;
    final EmbeddedDataSource dataSource;
    final LocalBucketStore buckets;
    final InfinispanMemoryService memory;
    final JournalServiceImpl journal;
    final GuidedServiceImpl guidedService;
    final GuidedJournalImpl guided;
    final PersonalizationService service;
    private final Map<String, Set<JournalEvent.Type>> journalEvents = new ConcurrentHashMap<>();
    private final Set<String> completedSessions = ConcurrentHashMap.newKeySet();

    Fixture() throws Exception {
        this(Map.of());
    }

    Fixture(Map<String, Object> config) throws Exception {
        dir = Files.createTempDirectory("recommendations-test");
        dataSource = TestDatabase.create("recommendations");
        MigratedSchema journalSchema = TestDatabase.migrate(dataSource, "io.pauz.journal", JournalServiceImpl.class);
        MigratedSchema guidedSchema = TestDatabase.migrate(dataSource, "io.pauz.guided", GuidedServiceImpl.class);
        buckets = new LocalBucketStore(dir.resolve("buckets"), 0);
        memory = new InfinispanMemoryService(Configs.of(MemoryConfig.class, Map.of()));
        MoodAnalyzer lexicon = new LexiconMoodAnalyzer();

        journal = new JournalServiceImpl(Configs.of(JournalConfig.class, Map.of("mood.wait.millis", 10_000)), bundleContext(),
                dataSource, buckets, journalSchema);
        JournalAccess.addAnalyzer(journal, lexicon, ServiceProps.of(MoodAnalyzer.ID_PROPERTY, lexicon.id(), 0));

        guidedService = new GuidedServiceImpl(Configs.of(GuidedConfig.class, Map.of()), dataSource, buckets, guidedSchema);
        PromptPack builtin = new BuiltinPromptPack();
        GuidedAccess.addPack(guidedService, builtin, ServiceProps.of(PromptPack.ID_PROPERTY, builtin.id(), 0));
        GuidedAccess.addAnalyzer(guidedService, lexicon, ServiceProps.of(MoodAnalyzer.ID_PROPERTY, lexicon.id(), 0));
        guided = new GuidedJournalImpl(guidedService);

        service = new PersonalizationService(Configs.of(RecommendationsConfig.class, config), buckets, memory);
        service.setJournal(journal);
        service.setGuided(guided);
        service.addPromptPack(builtin, ServiceProps.of(PromptPack.ID_PROPERTY, builtin.id(), 0));
        GardenTheme meadow = new MeadowTheme();
        GardenTheme zen = new ZenTheme();
        service.addGardenTheme(zen, ServiceProps.of(GardenTheme.ID_PROPERTY, zen.id(), 0));
        service.addGardenTheme(meadow, ServiceProps.of(GardenTheme.ID_PROPERTY, meadow.id(), 100));

        // The service hears events first, then the fixture notes them, so a test that waited for an event sees its effect.
        JournalAccess.addListener(journal, e -> {
            service.journalChanged(e);
            journalEvents.computeIfAbsent(e.entry().id(), k -> ConcurrentHashMap.newKeySet()).add(e.type());
            synchronized (journalEvents) {
                journalEvents.notifyAll();
            }
        });
        GuidedAccess.addListener(guidedService, (GuidedSessionEvent e) -> {
            service.sessionCompleted(e);
            completedSessions.add(e.sessionId());
            synchronized (journalEvents) {
                journalEvents.notifyAll();
            }
        });
    }

    static String newUser() {
        return UUID.randomUUID().toString();
    }

    /** Writes an entry and waits until the service heard that its mood was read. */
    JournalEntry write(String userId, String text, Instant at) throws InterruptedException {
        JournalEntry e = journal.create(userId, new EntryDraft(text, null, at, null));
        await(() -> journalEvents.getOrDefault(e.id(), Set.of()).contains(JournalEvent.Type.ANALYSED), "mood of " + e.id());
        return e;
    }

    /** Runs a whole guided session on the topic, answering every prompt, and waits until the service heard it. */
    SessionView session(String userId, String topic, String answer) throws InterruptedException {
        SessionView s = guidedService.start(userId, topic);
        CurrentPrompt p = s.currentPrompt();
        while (p != null) {
            p = guidedService.answer(userId, s.id(), p.id(), answer).currentPrompt();
        }
        SessionView done = guidedService.complete(userId, s.id());
        await(() -> completedSessions.contains(s.id()), "completion of " + s.id());
        return done;
    }

    private void await(java.util.function.BooleanSupplier done, String what) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        synchronized (journalEvents) {
            while (!done.getAsBoolean()) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no event for " + what);
                }
                journalEvents.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    private BundleContext bundleContext() {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(), new Class<?>[] { BundleContext.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("getDataFile")) {
                        File f = dir.resolve("journal-data").resolve((String) args[0]).toFile();
                        f.getParentFile().mkdirs();
                        return f;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Keys of the user's objects in the ai-models bucket. */
    Set<String> stored(String userId) {
        Set<String> keys = new HashSet<>();
        buckets.list(io.pauz.api.bucket.Bucket.AI_MODELS, "personalization-data/" + userId + "/", null, 100).objects()
                .forEach(o -> keys.add(o.key()));
        return keys;
    }

    @Override
    public void close() throws IOException {
        JournalAccess.deactivate(journal);
        GuidedAccess.deactivate(guidedService);
        memory.deactivate();
        TestFiles.delete(dir);
    }
}
