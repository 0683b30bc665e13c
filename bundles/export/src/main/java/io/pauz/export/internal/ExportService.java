package io.pauz.export.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

import javax.sql.DataSource;

import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.osgi.framework.BundleContext;
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

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.pauz.api.bucket.Bucket;
import io.pauz.api.bucket.BucketStore;
import io.pauz.api.bucket.ObjectKeys;
import io.pauz.api.bucket.PutOptions;
import io.pauz.api.bucket.StoredObject;
import io.pauz.api.garden.GardenService;
import io.pauz.api.guided.GuidedJournal;
import io.pauz.api.guided.GuidedSessionRecord;
import io.pauz.api.identity.UserDirectory;
import io.pauz.api.identity.UserSummary;
import io.pauz.api.journal.EntryPage;
import io.pauz.api.journal.EntryQuery;
import io.pauz.api.journal.JournalEntry;
import io.pauz.api.journal.JournalService;
import io.pauz.api.metrics.MetricsContributor;
import io.pauz.api.metrics.MetricsWriter;
import io.pauz.api.rest.ApiException;
import io.pauz.api.sql.MigratedSchema;
import io.pauz.support.Awaited;
import io.pauz.support.AwaitedBucketStore;
import io.pauz.support.DaemonThreads;
import io.pauz.support.Ids;

/**
 * Export jobs and imports. A job is a row in {@code export_jobs}; the in-memory queue only holds the ones about
 * to run, so a full queue or a restart never loses one: a sweeper re-reads pending rows, and at start-up jobs a
 * stop left "running" become pending again. Files go to {@code media-storage/pdf-exports/<user>/<job>.<ext>} and
 * are deleted after {@code retention.hours}.
 */
@Component(service = { ExportService.class, MetricsContributor.class }, configurationPid = ExportService.PID)
@Designate(ocd = ExportConfig.class)
public class ExportService implements MetricsContributor {
    static final String PID = "io.pauz.export";
    static final String FOLDER = "pdf-exports/";
    static final List<String> FORMATS = List.of("pdf", "json", "markdown");
    private static final Logger LOG = LoggerFactory.getLogger(ExportService.class);
    private static final long SWEEP_SECONDS = 5;

    final ExportConfig config;
    final SqlSessionFactory sql;
    /** Dynamic: updating or switching the bucket provider leaves this component in place (see AwaitedBucketStore). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile BucketStore bucketProvider;
    final BucketStore buckets = new AwaitedBucketStore(() -> bucketProvider);
    /**
     * Dynamic: updating the journal leaves exports and imports in place (no PDF fonts parsed again, no jobs cut off);
     * a job or import that needs the journal while it restarts waits for it.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile JournalService journal;
    final Fonts fonts;
    Clock clock = Clock.systemUTC();
    final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule()) // explicit: no ServiceLoader in OSGi
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    private final PDRectangle pageSize;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService sweeper;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final boolean autoRun;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private final AtomicLong imports = new AtomicLong();
    private final AtomicLong importedItems = new AtomicLong();
    private final DoubleAdder seconds = new DoubleAdder();

    volatile GuidedJournal guided;
    volatile GardenService garden;
    volatile UserDirectory users;

    @Activate
    public ExportService(ExportConfig config, BundleContext context,
            @Reference(target = "(pauz.sql.provider=*)") DataSource dataSource,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=io.pauz.export)") MigratedSchema schema) {
        this(config, context == null ? null : context.getDataFile("fontcache").toPath(), dataSource, null, null, true);
    }

    /** {@code start}: false in tests that drive jobs by hand ({@link #runNow}). */
    ExportService(ExportConfig config, Path fontCache, DataSource dataSource, BucketStore buckets, JournalService journal,
            boolean start) {
        this.config = config;
        this.bucketProvider = buckets;
        this.journal = journal;
        this.autoRun = start;
        if (fontCache != null && System.getProperty("pdfbox.fontcache") == null) {
            // PDFBox scans system fonts once when it needs one (never for our embedded fonts); keep its cache writable.
            fontCache.toFile().mkdirs();
            System.setProperty("pdfbox.fontcache", fontCache.toString());
        }
        org.apache.ibatis.session.Configuration mybatis = new org.apache.ibatis.session.Configuration(
                new Environment("pauz", new JdbcTransactionFactory(), dataSource));
        mybatis.addMapper(ExportMapper.class);
        this.sql = new SqlSessionFactoryBuilder().build(mybatis);
        this.fonts = new Fonts(config.fallback_fonts() == null ? List.of() : List.of(config.fallback_fonts()));
        this.pageSize = switch (config.pdf_page_size().toUpperCase(Locale.ROOT)) {
            case "A4" -> PDRectangle.A4;
            case "LETTER" -> PDRectangle.LETTER;
            default -> PDRectangle.A5;
        };
        int n = Math.max(1, config.workers());
        this.workers = new ThreadPoolExecutor(n, n, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(64),
                DaemonThreads.named("pauz-export"));
        this.sweeper = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("pauz-export-sweeper"));
        if (start) {
            try (SqlSession session = sql.openSession(true)) {
                int resumed = session.getMapper(ExportMapper.class).resetRunning();
                if (resumed > 0) {
                    LOG.info("{} export job(s) interrupted by a stop run again", resumed);
                }
            }
            sweeper.scheduleWithFixedDelay(this::sweep, 0, SWEEP_SECONDS, TimeUnit.SECONDS);
            sweeper.scheduleWithFixedDelay(this::cleanUp, 1, 3600, TimeUnit.SECONDS);
        }
    }

    @Deactivate
    void deactivate() {
        sweeper.shutdownNow();
        // Running exports finish first: an interrupt inside a Derby call closes its connection. A job cut off
        // after the wait stays "running" in SQL and runs again at the next start.
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    // ---- optional features ---------------------------------------------------------------------------

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setGuidedJournal(GuidedJournal g) {
        guided = g;
    }

    void unsetGuidedJournal(GuidedJournal g) {
        if (guided == g) {
            guided = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setGardenService(GardenService g) {
        garden = g;
    }

    void unsetGardenService(GardenService g) {
        if (garden == g) {
            garden = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setUserDirectory(UserDirectory u) {
        users = u;
    }

    void unsetUserDirectory(UserDirectory u) {
        if (users == u) {
            users = null;
        }
    }

    // ---- jobs ---------------------------------------------------------------------------------------

    JobRow create(String userId, String format, Instant from, Instant to) {
        checkUser(userId);
        if (format == null || !FORMATS.contains(format.toLowerCase(Locale.ROOT))) {
            throw ApiException.unprocessable("invalid_format", "format must be one of " + FORMATS);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiException.unprocessable("invalid_range", "from must be before to");
        }
        JobRow row = new JobRow();
        row.id = UUID.randomUUID().toString();
        row.userId = userId;
        row.format = format.toLowerCase(Locale.ROOT);
        row.rangeFrom = from;
        row.rangeTo = to;
        row.status = "pending";
        row.createdAt = now();
        try (SqlSession session = sql.openSession(false)) {
            ExportMapper mapper = session.getMapper(ExportMapper.class);
            if (mapper.active(userId) >= Math.max(1, config.max_active_per_user())) {
                throw new ApiException(429, "too_many_exports",
                        "you have " + config.max_active_per_user() + " exports in progress; wait for one to finish");
            }
            mapper.insert(row);
            session.commit();
        }
        submit(row.id);
        return row;
    }

    /** The user's job, or a 404 that looks the same whether it is missing or another user's. */
    JobRow get(String userId, String id) {
        if (Ids.isUuid(id) && Ids.isUserId(userId)) {
            try (SqlSession session = sql.openSession()) {
                JobRow row = session.getMapper(ExportMapper.class).find(userId, id);
                if (row != null) {
                    return row;
                }
            }
        }
        throw ApiException.notFound("export_not_found", "no such export");
    }

    /** The finished file; 409 while the job is not done, 410 once its file was cleaned up. */
    StoredObject file(String userId, String id) {
        JobRow row = get(userId, id);
        switch (row.status) {
            case "done" -> {
                return buckets.get(Bucket.MEDIA_STORAGE, row.objectKey)
                        .orElseThrow(() -> new ApiException(410, "export_expired", "this export's file is gone; export again"));
            }
            case "expired" -> throw new ApiException(410, "export_expired", "this export's file was deleted after "
                    + config.retention_hours() + " hours; export again");
            case "failed" -> throw new ApiException(409, "export_failed", "this export failed: " + row.error);
            default -> throw new ApiException(409, "export_not_ready", "the export is " + row.status + "; poll its status");
        }
    }

    static String mediaType(String format) {
        return switch (format) {
            case "pdf" -> "application/pdf";
            case "json" -> "application/json";
            default -> "application/zip";
        };
    }

    static String extension(String format) {
        return switch (format) {
            case "pdf" -> ".pdf";
            case "json" -> ".json";
            default -> ".md.zip";
        };
    }

    static String key(String userId, String jobId, String format) {
        return ObjectKeys.userKey(FOLDER, userId, jobId + extension(format));
    }

    private void submit(String id) {
        if (!autoRun || !inFlight.add(id)) {
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    runNow(id);
                } finally {
                    inFlight.remove(id);
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.remove(id); // queue full or stopping: the sweeper takes it from SQL later
        }
    }

    private void sweep() {
        try {
            int room = workers.getQueue().remainingCapacity();
            if (room == 0) {
                return;
            }
            List<String> pending;
            try (SqlSession session = sql.openSession()) {
                pending = session.getMapper(ExportMapper.class).pending(room + inFlight.size());
            }
            pending.forEach(this::submit);
        } catch (RuntimeException e) {
            LOG.warn("export sweep failed: {}", e.toString());
        }
    }

    /** Claims and runs one pending job in the calling thread; false when it was not pending. */
    boolean runNow(String id) {
        JobRow job;
        try (SqlSession session = sql.openSession(false)) {
            ExportMapper mapper = session.getMapper(ExportMapper.class);
            if (mapper.claim(id, now()) == 0) {
                return false;
            }
            session.commit();
            job = mapper.byId(id);
        }
        long started = System.nanoTime();
        String key = key(job.userId, job.id, job.format);
        if (Awaited.service(() -> journal) == null) {
            // the journal is away longer than a restart: the job waits for it, pending, instead of failing
            try (SqlSession session = sql.openSession(true)) {
                session.getMapper(ExportMapper.class).release(id);
            }
            return false;
        }
        try {
            Snapshot snap = snapshot(job.userId, job.rangeFrom, job.rangeTo);
            Rendered out = render(job.format, snap);
            buckets.put(Bucket.MEDIA_STORAGE, key, new java.io.ByteArrayInputStream(out.bytes()),
                    PutOptions.of(mediaType(job.format)));
            int updated;
            try (SqlSession session = sql.openSession(false)) {
                updated = session.getMapper(ExportMapper.class).done(id, key, out.bytes().length, snap.entries().size(),
                        snap.sessions().size(), out.pages(), now());
                session.commit();
            }
            if (updated == 0) {
                deleteQuietly(key);
            }
            done.incrementAndGet();
            seconds.add((System.nanoTime() - started) / 1e9);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("export {} ({}) failed", id, job.format, e);
            failed.incrementAndGet();
            deleteQuietly(key);
            String why = e instanceof ApiException a ? a.getMessage() : "the export could not be written: " + e.getClass().getSimpleName();
            try (SqlSession session = sql.openSession(false)) {
                session.getMapper(ExportMapper.class).failed(id, truncate(why, 1000), now());
                session.commit();
            }
            return true;
        }
    }

    record Rendered(byte[] bytes, Integer pages) {
    }

    Rendered render(String format, Snapshot snap) throws IOException {
        switch (format) {
            case "pdf" -> {
                byte[] png = gardenPng(snap.userId());
                PdfBook.Result r = new PdfBook(fonts, pageSize).render(snap, png);
                return new Rendered(r.bytes(), r.pages());
            }
            case "json" -> {
                return new Rendered(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(ExportDoc.of(snap)), null);
            }
            default -> {
                return new Rendered(Markdown.zip(snap), null);
            }
        }
    }

    private byte[] gardenPng(String userId) {
        GardenService g = garden;
        if (g == null || config.pdf_garden_width() <= 0) {
            return null;
        }
        try {
            return g.png(userId, config.pdf_garden_width());
        } catch (RuntimeException | LinkageError e) {
            LOG.info("garden picture unavailable for the PDF: {}", e.toString());
            return null;
        }
    }

    private JournalService journal() {
        return Awaited.required(() -> journal, "journal_unavailable", "the journal is unavailable right now; try again shortly");
    }

    /** Reads everything the export holds, oldest first. */
    Snapshot snapshot(String userId, Instant from, Instant to) {
        List<JournalEntry> entries = new ArrayList<>();
        String cursor = null;
        int max = Math.max(1, config.max_items());
        do {
            EntryPage page = journal().list(userId, new EntryQuery(from, to, null, 500, cursor, true));
            entries.addAll(page.entries());
            cursor = page.nextCursor();
            if (entries.size() > max) {
                throw ApiException.unprocessable("export_too_large", "more than " + max + " items; export a shorter range");
            }
        } while (cursor != null);
        Collections.reverse(entries); // the journal lists newest first
        GuidedJournal g = guided;
        List<GuidedSessionRecord> sessions = g == null ? List.of() : g.sessions(userId, from, to);
        UserDirectory dir = users;
        UserSummary user = dir == null ? null : dir.find(userId).orElse(null);
        String name = user == null ? null : user.name() != null && !user.name().isBlank() ? user.name() : user.email();
        ZoneId zone = user == null || user.zone() == null ? ZoneId.of("UTC") : user.zone();
        return new Snapshot(userId, name == null ? "PAUZ journal" : name, user == null ? null : user.email(), zone, from,
                to, now(), entries, sessions);
    }

    /** Deletes files older than the retention; their jobs read "expired". */
    void cleanUp() {
        try {
            Instant before = clock.instant().minus(Duration.ofHours(Math.max(1, config.retention_hours())));
            List<JobRow> old;
            try (SqlSession session = sql.openSession()) {
                old = session.getMapper(ExportMapper.class).doneBefore(before);
            }
            for (JobRow row : old) {
                try (SqlSession session = sql.openSession(false)) {
                    if (session.getMapper(ExportMapper.class).expire(row.id) == 1) {
                        session.commit();
                        deleteQuietly(row.objectKey);
                        expired.incrementAndGet();
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("export clean-up failed: {}", e.toString());
        }
    }

    // ---- imports ------------------------------------------------------------------------------------

    Importer.Report importFile(String userId, InputStream body, String mediaType) throws IOException {
        checkUser(userId);
        Importer.Report report = new Importer(journal(), guided, json, config.max_import_bytes())
                .importFile(userId, body, mediaType);
        imports.incrementAndGet();
        importedItems.addAndGet(report.imported().entries() + report.imported().guidedSessions());
        return report;
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private void deleteQuietly(String key) {
        if (key == null) {
            return;
        }
        try {
            buckets.delete(Bucket.MEDIA_STORAGE, key);
        } catch (RuntimeException e) {
            LOG.warn("could not delete {}/{}: {}", Bucket.MEDIA_STORAGE.id(), key, e.toString());
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static void checkUser(String userId) {
        if (!Ids.isUserId(userId)) {
            throw new ApiException(401, "unauthorized", "sign in first");
        }
    }

    @Override
    public void contribute(MetricsWriter writer) {
        writer.gauge("pauz_export_queue", "Export jobs queued or running in this process", Map.of(), inFlight.size());
        writer.counter("pauz_export_jobs_total", "Export jobs finished", Map.of("outcome", "done"), done.get());
        writer.counter("pauz_export_jobs_total", "Export jobs finished", Map.of("outcome", "failed"), failed.get());
        writer.counter("pauz_export_files_expired_total", "Export files deleted after the retention", Map.of(), expired.get());
        writer.counter("pauz_export_seconds_total", "Seconds spent writing exports", Map.of(), seconds.sum());
        writer.counter("pauz_imports_total", "Files imported", Map.of(), imports.get());
        writer.counter("pauz_imported_items_total", "Entries and guided sessions imported", Map.of(), importedItems.get());
    }
}
