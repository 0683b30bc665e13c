package io.pauz.stats.internal;

import java.sql.Date;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pauz.api.bucket.BucketStore;
import io.pauz.api.guided.GuidedJournal;
import io.pauz.api.guided.GuidedSessionEvent;
import io.pauz.api.guided.GuidedSessionListener;
import io.pauz.api.guided.GuidedSessionRecord;
import io.pauz.api.identity.UserDirectory;
import io.pauz.api.identity.UserSummary;
import io.pauz.api.journal.EntryPage;
import io.pauz.api.journal.EntryQuery;
import io.pauz.api.journal.JournalEntry;
import io.pauz.api.journal.JournalEvent;
import io.pauz.api.journal.JournalListener;
import io.pauz.api.journal.JournalService;
import io.pauz.api.metrics.MetricsContributor;
import io.pauz.api.metrics.MetricsWriter;
import io.pauz.api.rest.ApiException;
import io.pauz.api.sql.MigratedSchema;
import io.pauz.support.Awaited;
import io.pauz.support.AwaitedBucketStore;
import io.pauz.support.DaemonThreads;
import io.pauz.support.Idle;
import io.pauz.support.Ids;

/**
 * Per-user statistics. The daily rollups in {@code user_analytics} are derived data: every journal or guided event
 * recomputes the one local day it touches from the sources (the journal's entries of that day, the guided sessions
 * started that day), so edits, deletes, late mood readings and repeated events all land on the same figures, and a
 * rebuild from scratch computes exactly the same rows. Work on one user takes turns on that user's lock.
 */
@Component(service = { StatsService.class, JournalListener.class, GuidedSessionListener.class, MetricsContributor.class },
        configurationPid = StatsService.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = StatsConfig.class)
public class StatsService implements JournalListener, GuidedSessionListener, MetricsContributor {
    static final String PID = "io.pauz.stats";
    private static final Logger LOG = LoggerFactory.getLogger(StatsService.class);
    private static final int PAGE = 1000;
    static final String BOOTSTRAPPED = "bootstrapped";

    final StatsConfig config;
    final SqlSessionFactory sql;
    /**
     * Dynamic: while the journal bundle is swapped, statistics stay active with their queued days (a static reference
     * re-created this component and dropped them) and recomputes wait for the journal to come back.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile JournalService journal;
    final Reports reports;
    Clock clock = Clock.systemUTC();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile UserDirectory directory;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile GuidedJournal guided;

    private final ReentrantLock[] locks = new ReentrantLock[64];
    private final ScheduledExecutorService scheduler;
    /**
     * User-days waiting for a recompute. Journal events only add to it, so the journal's event thread never waits
     * for statistics, and many events for one day while it waits cost one recompute: under sustained writing the
     * work is bounded by the days touched, not the entries written.
     */
    private final Set<DayKey> pendingDays = ConcurrentHashMap.newKeySet();
    final ExecutorService recomputer = Executors.newSingleThreadExecutor(DaemonThreads.named("pauz-stats-days"));
    final AtomicLong recomputes = new AtomicLong();
    final AtomicLong rebuilds = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final AtomicLong queries = new AtomicLong();
    volatile long lastReportRun;
    /** Dynamic: updating or switching the bucket provider leaves this component in place (see AwaitedBucketStore). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile BucketStore bucketProvider;

    @Activate
    public StatsService(StatsConfig config, @Reference(target = "(pauz.sql.provider=*)") DataSource dataSource,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=io.pauz.stats)") MigratedSchema schema) {
        this(config, dataSource, null, schema);
    }

    /** Tests: a fixed bucket store. */
    StatsService(StatsConfig config, DataSource dataSource, BucketStore buckets, MigratedSchema schema) {
        this.config = config;
        this.bucketProvider = buckets;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
        org.apache.ibatis.session.Configuration mybatis = new org.apache.ibatis.session.Configuration(
                new Environment("pauz", new JdbcTransactionFactory(), dataSource));
        mybatis.addMapper(StatsMapper.class);
        this.sql = new SqlSessionFactoryBuilder().build(mybatis);
        this.reports = new Reports(this, new AwaitedBucketStore(() -> bucketProvider));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("pauz-stats-reports"));
        if (config.bootstrap_delay_seconds() >= 0) {
            scheduler.schedule(this::bootstrap, config.bootstrap_delay_seconds(), TimeUnit.SECONDS);
        }
        if (config.reports_enabled()) {
            scheduler.scheduleAtFixedRate(this::scheduledReports, Math.max(0, config.reports_initial_delay_seconds()),
                    Math.max(1, config.reports_interval_hours()) * 3600L, TimeUnit.SECONDS);
        }
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
        recomputer.shutdownNow();
        if (!pendingDays.isEmpty()) {
            LOG.warn("statistics of {} user-day(s) not recomputed before stopping; POST /api/v1/admin/stats/rebuild repairs them",
                    pendingDays.size());
        }
    }

    private record DayKey(String userId, LocalDate day, ZoneId zone) {
    }

    /** Queues a recompute of one user-day unless one is already waiting (it will read the latest journal). */
    private void scheduleRecompute(DayKey key) {
        if (!pendingDays.add(key)) {
            return;
        }
        try {
            recomputer.execute(() -> {
                pendingDays.remove(key); // before reading: an event from now on queues another recompute
                try {
                    recomputeDay(key.userId(), key.day(), key.zone());
                } catch (RuntimeException ex) {
                    failures.incrementAndGet();
                    LOG.warn("statistics of user {} for {} not updated; a rebuild repairs them", key.userId(), key.day(), ex);
                }
            });
        } catch (RejectedExecutionException stopping) {
            pendingDays.remove(key);
        }
    }

    /** Waits until every recompute queued so far is done (tests; at most 30 s). */
    void awaitRecomputes() {
        Idle.await(recomputer, 30);
    }

    /**
     * Once per database: builds the rollups of every account from the journal, so that days written before the
     * statistics feature arrived count too. Waits for the account directory (it lists the users); tries again later
     * while it is missing or the rebuild fails.
     */
    void bootstrap() {
        try {
            boolean done;
            try (SqlSession session = sql.openSession()) {
                done = session.getMapper(StatsMapper.class).hasState(BOOTSTRAPPED) > 0;
            }
            if (done) {
                return;
            }
            if (directory == null) {
                scheduler.schedule(this::bootstrap, 60, TimeUnit.SECONDS);
                return;
            }
            Map<String, Object> result = rebuildAll();
            if (((Number) result.get("failed")).intValue() > 0) {
                scheduler.schedule(this::bootstrap, 10, TimeUnit.MINUTES);
                return;
            }
            try (SqlSession session = sql.openSession(true)) {
                session.getMapper(StatsMapper.class).setState(BOOTSTRAPPED, clock.instant());
            }
            LOG.info("statistics built from the existing journal: {}", result);
        } catch (RuntimeException e) {
            LOG.warn("statistics bootstrap failed; trying again in 10 minutes", e);
            try {
                scheduler.schedule(this::bootstrap, 10, TimeUnit.MINUTES);
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                // deactivated meanwhile
            }
        }
    }

    private void scheduledReports() {
        try {
            reports.run(null);
        } catch (RuntimeException e) {
            LOG.warn("scheduled statistics reports failed", e);
        }
    }

    // ---- events ----------------------------------------------------------------------------------

    @Override
    public void journalChanged(JournalEvent event) {
        JournalEntry e = event.entry();
        if (e == null || e.userId() == null || e.createdAt() == null) {
            return;
        }
        try {
            // An entry's creation time never changes, so each event touches exactly one local day; for DELETED the
            // entry is already gone from the journal and the recomputed day simply no longer counts it.
            ZoneId zone = zone(e.userId());
            scheduleRecompute(new DayKey(e.userId(), LocalDate.ofInstant(e.createdAt(), zone), zone));
        } catch (RuntimeException ex) {
            failures.incrementAndGet();
            LOG.warn("statistics of user {} not updated after {} of entry {}; a rebuild repairs them", e.userId(),
                    event.type(), e.id(), ex);
        }
    }

    @Override
    public void sessionCompleted(GuidedSessionEvent event) {
        if (event.userId() == null) {
            return;
        }
        try {
            ZoneId zone = zone(event.userId());
            Instant at = event.completedAt() == null ? clock.instant() : event.completedAt();
            Instant started = at;
            GuidedJournal g = guided;
            if (g != null) {
                // Sessions count on the day they were started; the event only says when it ended. Reading a session
                // costs its documents, so look at the last two days first and only then further back.
                Instant found = startOf(g, event, at.minus(2, ChronoUnit.DAYS), at.plusSeconds(1));
                if (found == null) {
                    found = startOf(g, event, at.minus(400, ChronoUnit.DAYS), at.minus(2, ChronoUnit.DAYS));
                }
                started = found == null ? at : found;
            }
            recomputeDay(event.userId(), LocalDate.ofInstant(started, zone), zone);
        } catch (RuntimeException ex) {
            failures.incrementAndGet();
            LOG.warn("statistics of user {} not updated after guided session {}; a rebuild repairs them",
                    event.userId(), event.sessionId(), ex);
        }
    }

    private static Instant startOf(GuidedJournal g, GuidedSessionEvent event, Instant from, Instant to) {
        for (GuidedSessionRecord s : g.sessions(event.userId(), from, to)) {
            if (s.id().equals(event.sessionId()) && s.startedAt() != null) {
                return s.startedAt();
            }
        }
        return null;
    }

    // ---- rollups ---------------------------------------------------------------------------------

    /** The user's time zone, UTC without an account directory or a preference. */
    ZoneId zone(String userId) {
        UserDirectory d = directory;
        if (d == null) {
            return ZoneOffset.UTC;
        }
        // normalized: "UTC", "Z" and "Etc/UTC" are one zone, and rows record which one they were computed in
        return d.find(userId).map(UserSummary::zone).map(ZoneId::normalized).orElse(ZoneOffset.UTC);
    }

    /** The zone as clients see it. */
    static String zoneName(ZoneId zone) {
        return zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
    }

    private ReentrantLock lock(String userId) {
        return locks[Math.floorMod(userId.hashCode(), locks.length)];
    }

    /** Recomputes one local day of the user from the journal and the guided sessions. Idempotent. */
    void recomputeDay(String userId, LocalDate day, ZoneId zone) {
        ReentrantLock lock = lock(userId);
        lock.lock();
        try {
            Instant from = day.atStartOfDay(zone).toInstant();
            Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
            DayStats stats = DayStats.of(userId, day, zone, entries(userId, from, to), sessions(userId, from, to));
            try (SqlSession session = sql.openSession(false)) {
                StatsMapper m = session.getMapper(StatsMapper.class);
                Date d = Date.valueOf(day);
                m.deleteDay(userId, d);
                m.deleteDayCounts(userId, d);
                write(m, stats);
                session.commit();
            }
            recomputes.incrementAndGet();
        } finally {
            lock.unlock();
        }
    }

    private void write(StatsMapper m, DayStats stats) {
        if (stats.empty()) {
            return; // only days with activity have a row
        }
        m.insertDay(stats.row(), clock.instant());
        for (CountRow c : stats.counts()) {
            m.insertCount(c);
        }
    }

    /** Recomputes every day of the user from scratch, in one transaction. Returns the number of days with activity. */
    int rebuildUser(String userId) {
        ReentrantLock lock = lock(userId);
        lock.lock();
        try {
            ZoneId zone = zone(userId);
            Map<LocalDate, List<JournalEntry>> entries = new TreeMap<>();
            for (JournalEntry e : entries(userId, null, null)) {
                entries.computeIfAbsent(LocalDate.ofInstant(e.createdAt(), zone), k -> new ArrayList<>()).add(e);
            }
            Map<LocalDate, List<GuidedSessionRecord>> sessions = new TreeMap<>();
            for (GuidedSessionRecord s : sessions(userId, null, null)) {
                if (s.startedAt() != null) {
                    sessions.computeIfAbsent(LocalDate.ofInstant(s.startedAt(), zone), k -> new ArrayList<>()).add(s);
                }
            }
            Set<LocalDate> days = new java.util.TreeSet<>(entries.keySet());
            days.addAll(sessions.keySet());
            int written = 0;
            try (SqlSession session = sql.openSession(false)) {
                StatsMapper m = session.getMapper(StatsMapper.class);
                m.deleteUser(userId);
                m.deleteUserCounts(userId);
                for (LocalDate day : days) {
                    DayStats stats = DayStats.of(userId, day, zone, entries.getOrDefault(day, List.of()),
                            sessions.getOrDefault(day, List.of()));
                    if (!stats.empty()) {
                        write(m, stats);
                        written++;
                    }
                }
                session.commit();
            }
            rebuilds.incrementAndGet();
            return written;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Rebuilds every account (from the account directory) and every user that still has rows (whose rows vanish
     * when the journal has nothing of theirs any more).
     */
    Map<String, Object> rebuildAll() {
        Set<String> users = new LinkedHashSet<>();
        UserDirectory d = directory;
        if (d != null) {
            users.addAll(d.userIds());
        }
        try (SqlSession session = sql.openSession()) {
            users.addAll(session.getMapper(StatsMapper.class).users());
        }
        int days = 0;
        int failed = 0;
        for (String user : users) {
            try {
                days += rebuildUser(user);
            } catch (RuntimeException e) {
                failed++;
                LOG.warn("statistics rebuild of user {} failed", user, e);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("users", users.size());
        out.put("days", days);
        out.put("failed", failed);
        return out;
    }

    Map<String, Object> rebuildOne(String userId) {
        if (!Ids.isUserId(userId)) {
            throw ApiException.unprocessable("bad_user", "user must be a user id");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("users", 1);
        out.put("days", rebuildUser(userId));
        out.put("failed", 0);
        return out;
    }

    private List<JournalEntry> entries(String userId, Instant from, Instant to) {
        JournalService journal = Awaited.service(() -> this.journal);
        if (journal == null) {
            throw new IllegalStateException("the journal is not available");
        }
        List<JournalEntry> all = new ArrayList<>();
        String cursor = null;
        do {
            EntryPage page = journal.list(userId, new EntryQuery(from, to, null, PAGE, cursor, false));
            all.addAll(page.entries());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }

    private List<GuidedSessionRecord> sessions(String userId, Instant from, Instant to) {
        GuidedJournal g = guided;
        return g == null ? List.of() : g.sessions(userId, from, to);
    }

    List<DayRow> rows(String userId) {
        try (SqlSession session = sql.openSession()) {
            return session.getMapper(StatsMapper.class).days(userId, null, null);
        }
    }

    List<CountRow> countRows(String userId) {
        try (SqlSession session = sql.openSession()) {
            return session.getMapper(StatsMapper.class).counts(userId, null, null);
        }
    }

    // ---- queries ---------------------------------------------------------------------------------

    /** {@code GET /stats}: validates the range (ISO dates, inclusive, in the user's zone) and answers it. */
    Map<String, Object> stats(String userId, String fromParam, String toParam) {
        ZoneId zone = zone(userId);
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate to = toParam == null || toParam.isBlank() ? null : date("to", toParam);
        LocalDate from = fromParam == null || fromParam.isBlank() ? null : date("from", fromParam);
        int span = Math.max(1, config.default_range_days());
        if (to == null) {
            to = from == null ? today : from.plusDays(span - 1);
        }
        if (from == null) {
            from = to.minusDays(span - 1);
        }
        if (from.isAfter(to)) {
            throw ApiException.unprocessable("bad_range", "from must not be after to");
        }
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        if (days > config.max_range_days()) {
            throw ApiException.unprocessable("range_too_long", "at most " + config.max_range_days() + " days at once");
        }
        queries.incrementAndGet();
        return summary(userId, zone, from, to, today, true);
    }

    private static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("bad_date", name + " must be a date like 2026-01-31");
        }
    }

    /** The figures of {@code [from, to]} (inclusive local dates) plus streaks as of {@code today}. */
    Map<String, Object> summary(String userId, ZoneId zone, LocalDate from, LocalDate to, LocalDate today,
            boolean series) {
        List<DayRow> rows;
        List<CountRow> counts;
        List<LocalDate> writing = new ArrayList<>();
        boolean moved;
        try (SqlSession session = sql.openSession()) {
            moved = session.getMapper(StatsMapper.class).otherZoneRows(userId, zone.getId()) > 0;
        }
        if (moved) {
            rebuildUser(userId); // the user moved to another zone: their days are other days now
        }
        try (SqlSession session = sql.openSession()) {
            StatsMapper m = session.getMapper(StatsMapper.class);
            rows = m.days(userId, Date.valueOf(from), Date.valueOf(to));
            counts = m.counts(userId, Date.valueOf(from), Date.valueOf(to));
            for (Date d : m.writingDays(userId)) {
                writing.add(d.toLocalDate());
            }
        }
        Period total = new Period(from, to);
        rows.forEach(total::add);
        counts.forEach(total::add);
        Streaks streaks = Streaks.of(writing, today);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", from.toString());
        out.put("to", to.toString());
        out.put("zone", zoneName(zone));
        out.put("totals", total.totals());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("current", streaks.current());
        s.put("longest", streaks.longest());
        s.put("lastEntryDay", streaks.lastDay() == null ? null : streaks.lastDay().toString());
        s.put("asOf", today.toString());
        out.put("streaks", s);
        out.put("guided", total.guided());
        out.put("topics", total.topTopics(Math.max(1, config.top_topics())));
        Map<String, Object> engagement = new LinkedHashMap<>();
        engagement.put("score", total.engagement());
        engagement.put("definition", Engagement.DEFINITION);
        out.put("engagement", engagement);
        if (series) {
            Map<String, Object> ser = new LinkedHashMap<>();
            ser.put("day", series(rows, counts, periods(from, to, Unit.DAY)));
            ser.put("week", series(rows, counts, periods(from, to, Unit.WEEK)));
            ser.put("month", series(rows, counts, periods(from, to, Unit.MONTH)));
            out.put("series", ser);
        }
        return out;
    }

    enum Unit {
        DAY, WEEK, MONTH
    }

    /** The days, ISO weeks (Monday first) or calendar months covering {@code [from, to]}, clipped to it. */
    static List<Period> periods(LocalDate from, LocalDate to, Unit unit) {
        List<Period> out = new ArrayList<>();
        LocalDate start = from;
        while (!start.isAfter(to)) {
            LocalDate end = switch (unit) {
                case DAY -> start;
                case WEEK -> start.with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY));
                case MONTH -> YearMonth.from(start).atEndOfMonth();
            };
            if (end.isAfter(to)) {
                end = to;
            }
            out.add(new Period(start, end));
            start = end.plusDays(1);
        }
        return out;
    }

    private static List<Map<String, Object>> series(List<DayRow> rows, List<CountRow> counts, List<Period> periods) {
        int i = 0;
        for (DayRow r : rows) {
            while (i < periods.size() && !periods.get(i).contains(r.date())) {
                i++;
            }
            if (i < periods.size()) {
                periods.get(i).add(r);
            }
        }
        i = 0;
        for (CountRow c : counts) {
            LocalDate d = c.day.toLocalDate();
            while (i < periods.size() && !periods.get(i).contains(d)) {
                i++;
            }
            if (i < periods.size()) {
                periods.get(i).add(c);
            }
        }
        List<Map<String, Object>> out = new ArrayList<>(periods.size());
        for (Period p : periods) {
            out.add(p.point());
        }
        return out;
    }

    List<String> activeUsers(LocalDate from, LocalDate to) {
        try (SqlSession session = sql.openSession()) {
            return session.getMapper(StatsMapper.class).activeUsers(Date.valueOf(from), Date.valueOf(to));
        }
    }

    // ---- metrics ---------------------------------------------------------------------------------

    @Override
    public void contribute(MetricsWriter w) {
        w.counter("pauz_stats_day_recomputes_total", "User-days recomputed after journal or guided events", Map.of(),
                recomputes.get());
        w.counter("pauz_stats_user_rebuilds_total", "Users whose statistics were rebuilt from scratch", Map.of(),
                rebuilds.get());
        w.counter("pauz_stats_update_failures_total", "Events whose statistics update failed (a rebuild repairs them)",
                Map.of(), failures.get());
        w.counter("pauz_stats_queries_total", "GET /stats answered", Map.of(), queries.get());
        w.counter("pauz_stats_reports_written_total", "Report objects written to the user-analytics bucket", Map.of(),
                reports.written.get());
        w.gauge("pauz_stats_pending_days", "User-days waiting for a recompute (a backlog here means writing outpaces it)",
                Map.of(), pendingDays.size());
        w.gauge("pauz_stats_last_report_run_seconds", "Unix time of the last report run, 0 before the first", Map.of(),
                lastReportRun / 1000.0);
    }
}
