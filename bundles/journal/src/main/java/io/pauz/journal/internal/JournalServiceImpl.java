package io.pauz.journal.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pauz.api.bucket.Bucket;
import io.pauz.api.bucket.BucketStore;
import io.pauz.api.bucket.ObjectKeys;
import io.pauz.api.bucket.StoredObject;
import io.pauz.api.journal.EntryDraft;
import io.pauz.api.journal.EntryPage;
import io.pauz.api.journal.EntryQuery;
import io.pauz.api.journal.JournalEntry;
import io.pauz.api.journal.JournalEvent;
import io.pauz.api.journal.JournalListener;
import io.pauz.api.journal.JournalService;
import io.pauz.api.journal.Recording;
import io.pauz.api.journal.Recordings;
import io.pauz.api.journal.Transcription;
import io.pauz.api.journal.VoiceUpload;
import io.pauz.api.metrics.MetricsContributor;
import io.pauz.api.metrics.MetricsWriter;
import io.pauz.api.mood.MoodAnalyzer;
import io.pauz.api.mood.MoodReading;
import io.pauz.api.platform.Bundles;
import io.pauz.api.rest.ApiException;
import io.pauz.api.speech.SpeechEngine;
import io.pauz.api.sql.MigratedSchema;
import io.pauz.support.AwaitedBucketStore;
import io.pauz.support.DaemonThreads;
import io.pauz.support.Ids;
import io.pauz.support.KeysetCursor;
import io.pauz.support.Listeners;
import io.pauz.support.RankedServices;

/**
 * The free journal. SQL ({@code free_journal_metadata}) is the source of truth for which entries exist;
 * texts live in the free-journals bucket under a key that carries the entry's version, so an edit writes a
 * new object, commits the row that points to it, and only then removes the old one: a crash at any point
 * leaves either the old or the new entry visible, never a mix.
 */
@Component(service = { JournalService.class, Recordings.class, MetricsContributor.class },
        configurationPid = "io.pauz.journal")
@Designate(ocd = JournalConfig.class)
public class JournalServiceImpl implements JournalService, Recordings, MetricsContributor {
    static final String TEXT_FOLDER = "text-entries/";
    static final int PREVIEW_CHARS = 240;
    private static final Logger LOG = LoggerFactory.getLogger(JournalServiceImpl.class);
    private static final int TERMS_PER_INSERT = 300;
    private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");

    final JournalConfig config;
    final SqlSessionFactory sql;
    /** Dynamic: updating or switching the bucket provider leaves this component in place (see AwaitedBucketStore). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile BucketStore bucketProvider;
    final BucketStore buckets = new AwaitedBucketStore(() -> bucketProvider);
    final Clock clock = Clock.systemUTC();
    final Transcriber transcriber;
    private final Path workDir;
    private final ExecutorService moodPool = Executors.newFixedThreadPool(2, DaemonThreads.named("pauz-journal-mood"));
    private final ExecutorService events = Executors.newSingleThreadExecutor(DaemonThreads.named("pauz-journal-events"));
    private final Listeners<JournalListener> listeners = new Listeners<>();
    private final RankedServices<MoodAnalyzer> analyzers = new RankedServices<>(MoodAnalyzer.ID_PROPERTY);
    private final RankedServices<SpeechEngine> engines = new RankedServices<>(SpeechEngine.ID_PROPERTY);
    private final AtomicLong entriesCreated = new AtomicLong();
    private final AtomicLong entriesDeleted = new AtomicLong();
    private final AtomicLong moodReadings = new AtomicLong();

    @Activate
    public JournalServiceImpl(JournalConfig config, BundleContext context,
            @Reference(target = "(pauz.sql.provider=*)") DataSource dataSource,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=io.pauz.journal)") MigratedSchema schema) throws IOException {
        this(config, context, dataSource, null, Bundles.otherRevisionRunning(context));
    }

    /** Tests (of this and other features): a fixed bucket store. */
    public JournalServiceImpl(JournalConfig config, BundleContext context, DataSource dataSource, BucketStore buckets,
            MigratedSchema schema) throws IOException {
        this(config, context, dataSource, buckets, false);
    }

    /** {@code otherRevisionRunning}: started beside the revision it replaces (a side-by-side update). */
    JournalServiceImpl(JournalConfig config, BundleContext context, DataSource dataSource, BucketStore buckets,
            boolean otherRevisionRunning) throws IOException {
        this.config = config;
        this.bucketProvider = buckets;
        org.apache.ibatis.session.Configuration mybatis = new org.apache.ibatis.session.Configuration(
                new Environment("pauz", new JdbcTransactionFactory(), dataSource));
        mybatis.addMapper(JournalMapper.class);
        this.sql = new SqlSessionFactoryBuilder().build(mybatis);
        this.workDir = context.getDataFile("work").toPath();
        cleanWorkDir();
        this.transcriber = new Transcriber(this, new AudioConverter(AudioConverter.findFfmpeg()), workDir);
        transcriber.start(otherRevisionRunning);
    }

    @Deactivate
    void deactivate() {
        transcriber.stop();
        // Saves under way (a side-by-side update stops this revision while it still answers them) get their readings
        // for a moment; what is left then is cancelled so that saves waiting for it answer at once, without a mood.
        moodPool.shutdown();
        try {
            moodPool.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Runnable queued : moodPool.shutdownNow()) {
            if (queued instanceof Future<?> f) {
                f.cancel(false);
            }
        }
        events.shutdown();
        try {
            events.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- plug-ins ------------------------------------------------------------------------------

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addJournalListener(ComponentServiceObjects<JournalListener> listener) {
        listeners.add(listener);
    }

    void removeJournalListener(ComponentServiceObjects<JournalListener> listener) {
        listeners.remove(listener);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addMoodAnalyzer(MoodAnalyzer analyzer, Map<String, Object> props) {
        analyzers.add(analyzer, props);
    }

    void removeMoodAnalyzer(MoodAnalyzer analyzer, Map<String, Object> props) {
        analyzers.remove(props);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addSpeechEngine(SpeechEngine engine, Map<String, Object> props) {
        engines.add(engine, props);
        if (transcriber != null) {
            transcriber.wakeUp(); // jobs that waited for an engine can run now
        }
    }

    void removeSpeechEngine(SpeechEngine engine, Map<String, Object> props) {
        engines.remove(props);
    }

    /** The configured engine, or the highest ranked one when none is configured; null when none is there. */
    SpeechEngine speechEngine() {
        return engines.pick(config.speech_engine());
    }

    /** Whether this engine object is still registered: a DS restart unregisters it before it is stopped. */
    boolean isInstalled(SpeechEngine engine) {
        return engines.contains(engine);
    }

    MoodAnalyzer moodAnalyzer() {
        return analyzers.pick(config.mood_analyzer());
    }

    // ---- entries -------------------------------------------------------------------------------

    @Override
    public JournalEntry create(String userId, EntryDraft draft) {
        String text = checkText(draft.text());
        String title = checkTitle(draft.title());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant createdAt = draft.createdAt() == null ? now : checkCreatedAt(draft.createdAt(), now);
        String externalId = draft.externalId();
        if (externalId != null && (externalId.isBlank() || externalId.length() > 200)) {
            throw ApiException.unprocessable("invalid_external_id", "externalId needs 1 to 200 characters");
        }
        EntryRow row = newRow(userId, title, text, createdAt, now, "text");
        row.source = externalId == null ? "text" : "import";
        row.externalId = externalId;
        String key = putText(userId, row.entryId, 1, text);
        try (SqlSession session = sql.openSession(false)) {
            JournalMapper mapper = session.getMapper(JournalMapper.class);
            if (externalId != null && mapper.countExternal(userId, externalId) > 0) {
                throw duplicateImport(externalId);
            }
            mapper.insertEntry(row);
            insertTerms(mapper, userId, row.entryId, text, title);
            session.commit();
        } catch (RuntimeException e) {
            deleteQuietly(Bucket.FREE_JOURNALS, key);
            if (externalId != null && isUniqueViolation(e)) {
                throw duplicateImport(externalId);
            }
            throw e;
        }
        entriesCreated.incrementAndGet();
        publish(JournalEvent.Type.CREATED, row.toEntry(null));
        return analyze(row, text).toEntry(text);
    }

    /** A new row for an entry; typed entries start at version 1. */
    EntryRow newRow(String userId, String title, String text, Instant createdAt, Instant now, String source) {
        EntryRow row = new EntryRow();
        row.entryId = UUID.randomUUID().toString();
        row.userId = userId;
        row.title = title;
        row.preview = Words.preview(text, PREVIEW_CHARS);
        row.wordCount = Words.count(text) + Words.count(title);
        row.source = source;
        row.createdAt = createdAt;
        row.updatedAt = now;
        row.version = 1;
        return row;
    }

    @Override
    public Optional<JournalEntry> find(String userId, String entryId) {
        if (!Ids.isUuid(entryId)) {
            return Optional.empty();
        }
        EntryRow row;
        try (SqlSession session = sql.openSession()) {
            row = session.getMapper(JournalMapper.class).entry(userId, entryId);
        }
        return Optional.ofNullable(row).map(r -> r.toEntry(readText(r)));
    }

    /** The entry's row, or a 404 that looks the same whether the entry is missing or another user's. */
    EntryRow requireRow(String userId, String entryId) {
        if (Ids.isUuid(entryId)) {
            try (SqlSession session = sql.openSession()) {
                EntryRow row = session.getMapper(JournalMapper.class).entry(userId, entryId);
                if (row != null) {
                    return row;
                }
            }
        }
        throw ApiException.notFound("entry_not_found", "no such entry");
    }

    @Override
    public EntryPage list(String userId, EntryQuery query) {
        int limit = query.limit();
        if (limit < 1 || limit > 1000) {
            throw ApiException.badRequest("bad_limit", "limit must be 1..1000");
        }
        if (query.from() != null && query.to() != null && !query.from().isBefore(query.to())) {
            throw ApiException.badRequest("bad_range", "from must be before to");
        }
        List<String> patterns = query.search() == null ? List.of()
                : Words.queryTerms(query.search(), 8).stream().map(t -> t + "%").toList();
        List<EntryRow> rows;
        try (SqlSession session = sql.openSession()) {
            rows = session.getMapper(JournalMapper.class).page(userId, query.from(), query.to(),
                    KeysetCursor.decode(query.cursor()), patterns, limit + 1);
        }
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            EntryRow last = rows.get(limit - 1);
            next = new KeysetCursor(last.createdAt, last.entryId).encode();
        }
        List<JournalEntry> entries = new ArrayList<>(rows.size());
        for (EntryRow row : rows) {
            entries.add(row.toEntry(query.withText() ? readText(row) : null));
        }
        return new EntryPage(entries, next);
    }

    @Override
    public JournalEntry update(String userId, String entryId, EntryDraft draft, Integer expectedVersion) {
        String text = checkText(draft.text());
        String title = checkTitle(draft.title());
        return replaceText(userId, entryId, text, title, expectedVersion, false);
    }

    /**
     * Writes a new version of the text. {@code onlyIfEmpty}: the transcript of a recording becomes the text
     * only while the user has not written one, so nothing the user typed is overwritten.
     */
    JournalEntry replaceText(String userId, String entryId, String text, String title, Integer expectedVersion,
            boolean onlyIfEmpty) {
        if (!Ids.isUuid(entryId)) {
            throw ApiException.notFound("entry_not_found", "no such entry");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String newKey = null;
        EntryRow row;
        int oldVersion;
        try (SqlSession session = sql.openSession(false)) {
            JournalMapper mapper = session.getMapper(JournalMapper.class);
            row = mapper.entryForUpdate(userId, entryId); // row lock: edits of one entry take turns
            if (row == null) {
                throw ApiException.notFound("entry_not_found", "no such entry");
            }
            if (expectedVersion != null && expectedVersion != row.version) {
                throw new ApiException(412, "version_conflict", "the entry changed since version " + expectedVersion
                        + "; it is at version " + row.version);
            }
            if (onlyIfEmpty && row.preview != null && !row.preview.isEmpty()) {
                return null;
            }
            oldVersion = row.version;
            newKey = putText(userId, entryId, oldVersion + 1, text);
            row.title = title;
            row.preview = Words.preview(text, PREVIEW_CHARS);
            row.wordCount = Words.count(text) + Words.count(title);
            row.updatedAt = now;
            mapper.updateText(row);
            mapper.deleteTerms(userId, entryId);
            insertTerms(mapper, userId, entryId, text, title);
            session.commit();
            row.version = oldVersion + 1;
            row.moodScore = null;
            row.moodLabel = null;
        } catch (RuntimeException e) {
            if (newKey != null) {
                deleteQuietly(Bucket.FREE_JOURNALS, newKey);
            }
            throw e;
        }
        deleteQuietly(Bucket.FREE_JOURNALS, textKey(userId, entryId, oldVersion));
        publish(JournalEvent.Type.UPDATED, row.toEntry(null));
        return analyze(row, text).toEntry(text);
    }

    @Override
    public boolean delete(String userId, String entryId) {
        if (!Ids.isUuid(entryId)) {
            return false;
        }
        EntryRow row;
        JobRow job;
        try (SqlSession session = sql.openSession(false)) {
            JournalMapper mapper = session.getMapper(JournalMapper.class);
            row = mapper.entryForUpdate(userId, entryId);
            if (row == null) {
                return false;
            }
            job = mapper.job(userId, entryId);
            mapper.deleteTerms(userId, entryId);
            mapper.deleteEntry(userId, entryId); // the job row goes with it (ON DELETE CASCADE)
            session.commit();
        }
        // Gone from SQL means gone for every reader; the objects are removed after the commit.
        deleteQuietly(Bucket.FREE_JOURNALS, textKey(userId, entryId, row.version));
        if (job != null) {
            transcriber.forget(entryId);
            deleteQuietly(job.audioBucket(), job.audioKey);
            deleteQuietly(Bucket.FREE_JOURNALS, Transcriber.transcriptKey(userId, entryId));
        }
        entriesDeleted.incrementAndGet();
        publish(JournalEvent.Type.DELETED, row.toEntry(null));
        return true;
    }

    @Override
    public boolean hasExternal(String userId, String externalId) {
        try (SqlSession session = sql.openSession()) {
            return session.getMapper(JournalMapper.class).countExternal(userId, externalId) > 0;
        }
    }

    // ---- recordings --------------------------------------------------------------------------------

    @Override
    public VoiceUpload accept(String userId, InputStream audio, String mediaType, String title, String language)
            throws IOException {
        Transcriber.Accepted accepted = transcriber.accept(userId, audio, mediaType, title, language);
        return new VoiceUpload(accepted.entry(), transcriber.view(accepted.job(), null));
    }

    @Override
    public Transcription transcription(String userId, String entryId) {
        JobRow job = transcriber.requireJob(userId, entryId);
        return transcriber.view(job, "done".equals(job.status) ? transcriber.transcript(userId, entryId) : null);
    }

    @Override
    public Transcription retry(String userId, String entryId) {
        return transcriber.view(transcriber.retry(userId, entryId), null);
    }

    @Override
    public Recording recording(String userId, String entryId) {
        JobRow job = transcriber.requireJob(userId, entryId);
        StoredObject stored = buckets.get(job.audioBucket(), job.audioKey)
                .orElseThrow(() -> ApiException.notFound("audio_not_found", "the recording is not available"));
        return new Recording(job.mediaType, stored);
    }

    // ---- mood ------------------------------------------------------------------------------------

    /**
     * Reads the mood of a saved text when an analyzer is installed. The caller waits at most
     * {@code mood.wait.millis}; a slower analyzer still stores its reading later.
     */
    EntryRow analyze(EntryRow row, String text) {
        MoodAnalyzer analyzer = moodAnalyzer();
        if (analyzer == null || text == null || text.isBlank()) {
            return row;
        }
        String userId = row.userId;
        String entryId = row.entryId;
        int version = row.version;
        Future<MoodReading> reading;
        try {
            reading = moodPool.submit(() -> {
                MoodReading mood = analyzer.analyze(text);
                storeMood(userId, entryId, version, mood);
                return mood;
            });
        } catch (RejectedExecutionException e) {
            // The component is stopping while a save is in flight: the entry is committed, the mood is optional.
            LOG.info("journal stopping; entry {} saved without a mood reading", entryId);
            return row;
        }
        try {
            MoodReading mood = reading.get(config.mood_wait_millis(), TimeUnit.MILLISECONDS);
            if (mood != null) {
                row.moodScore = mood.score();
                row.moodLabel = mood.label();
            }
        } catch (TimeoutException e) {
            LOG.debug("mood reading of {} continues in the background", entryId);
        } catch (CancellationException e) {
            LOG.info("journal stopping; entry {} saved without a mood reading", entryId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warn("mood analysis failed for an entry: {}", e.getCause().toString());
        }
        return row;
    }

    private void storeMood(String userId, String entryId, int version, MoodReading mood) {
        if (mood == null) {
            return;
        }
        int updated;
        try (SqlSession session = sql.openSession(true)) {
            updated = session.getMapper(JournalMapper.class).updateMood(userId, entryId, version, mood.score(),
                    truncate(mood.label(), 40));
        }
        if (updated == 1) { // 0: the entry was edited or deleted meanwhile, this reading is stale
            moodReadings.incrementAndGet();
            try (SqlSession session = sql.openSession()) {
                EntryRow row = session.getMapper(JournalMapper.class).entry(userId, entryId);
                if (row != null) {
                    publish(JournalEvent.Type.ANALYSED, row.toEntry(null));
                }
            }
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    void publish(JournalEvent.Type type, JournalEntry entry) {
        if (listeners.isEmpty()) {
            return;
        }
        JournalEvent event = new JournalEvent(type, entry.withoutText());
        try {
            events.execute(() -> listeners.forEach(listener -> listener.journalChanged(event),
                    (listener, e) -> LOG.warn("journal listener {} failed on {}", listener, type, e)));
        } catch (RejectedExecutionException e) {
            LOG.debug("journal shutting down; {} event not delivered", type);
        }
    }

    static String textKey(String userId, String entryId, int version) {
        return ObjectKeys.userKey(TEXT_FOLDER, userId, entryId + "-v" + version + ".txt");
    }

    private String putText(String userId, String entryId, int version, String text) {
        String key = textKey(userId, entryId, version);
        buckets.put(Bucket.FREE_JOURNALS, key, text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
        return key;
    }

    String readText(EntryRow row) {
        Optional<StoredObject> stored = buckets.get(Bucket.FREE_JOURNALS, textKey(row.userId, row.entryId, row.version));
        if (stored.isEmpty()) {
            LOG.warn("text of entry {} version {} is missing from storage", row.entryId, row.version);
            return "";
        }
        return new String(stored.get().readAllBytes(), StandardCharsets.UTF_8);
    }

    void insertTerms(JournalMapper mapper, String userId, String entryId, String text, String title) {
        Set<String> terms = Words.terms(title == null ? text : title + "\n" + text);
        List<String> batch = new ArrayList<>(TERMS_PER_INSERT);
        for (String term : terms) {
            batch.add(term);
            if (batch.size() == TERMS_PER_INSERT) {
                mapper.insertTerms(userId, entryId, batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            mapper.insertTerms(userId, entryId, batch);
        }
    }

    void deleteQuietly(Bucket bucket, String key) {
        try {
            buckets.delete(bucket, key);
        } catch (RuntimeException e) {
            LOG.warn("could not delete {}/{}: {}", bucket.id(), key, e.toString());
        }
    }

    private String checkText(String text) {
        if (text == null || text.isBlank()) {
            throw ApiException.unprocessable("empty_entry", "text is required");
        }
        if (text.length() > config.max_text_chars()) {
            throw new ApiException(413, "entry_too_long", "entries are limited to " + config.max_text_chars() + " characters");
        }
        if (text.indexOf('\0') >= 0) {
            throw ApiException.unprocessable("invalid_text", "text must not contain NUL characters");
        }
        return text;
    }

    String checkTitle(String title) {
        if (title == null || title.isBlank()) {
            return null;
        }
        String t = title.strip();
        if (t.length() > config.max_title_chars() || t.chars().anyMatch(c -> c < 0x20)) {
            throw ApiException.unprocessable("invalid_title",
                    "a title is one line of at most " + config.max_title_chars() + " characters");
        }
        return t;
    }

    private static Instant checkCreatedAt(Instant createdAt, Instant now) {
        if (createdAt.isAfter(now.plus(Duration.ofDays(1))) || createdAt.isBefore(EARLIEST)) {
            throw ApiException.unprocessable("invalid_created_at", "createdAt must be between 1900 and tomorrow");
        }
        return createdAt.truncatedTo(ChronoUnit.MILLIS);
    }

    private static ApiException duplicateImport(String externalId) {
        return new ApiException(409, "duplicate_entry", "an entry with external id " + externalId + " exists already");
    }

    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException s && "23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private void cleanWorkDir() throws IOException {
        Files.createDirectories(workDir);
        try (var files = Files.list(workDir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    // ---- metrics ---------------------------------------------------------------------------------

    @Override
    public void contribute(MetricsWriter writer) {
        writer.counter("pauz_journal_entries_created_total", "Journal entries created", Map.of(), entriesCreated.get());
        writer.counter("pauz_journal_entries_deleted_total", "Journal entries deleted", Map.of(), entriesDeleted.get());
        writer.counter("pauz_journal_mood_readings_total", "Mood readings stored for entries", Map.of(), moodReadings.get());
        transcriber.contribute(writer);
    }

    /** Reads an uploaded body into a work file, refusing more than {@code max} bytes. */
    Path receive(InputStream body, long max) throws IOException {
        Path file = Files.createTempFile(workDir, "upload-", ".bin");
        try (InputStream in = body; var out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0;) {
                total += n;
                if (total > max) {
                    throw new ApiException(413, "recording_too_large", "recordings are limited to " + max + " bytes");
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return file;
    }

    Path workDir() {
        return workDir;
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
