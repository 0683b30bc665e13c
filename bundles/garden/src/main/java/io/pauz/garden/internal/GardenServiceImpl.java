package io.pauz.garden.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

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

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.pauz.api.bucket.Bucket;
import io.pauz.api.bucket.BucketStore;
import io.pauz.api.bucket.ObjectKeys;
import io.pauz.api.bucket.StoredObject;
import io.pauz.api.garden.FlowerDefinition;
import io.pauz.api.garden.Garden;
import io.pauz.api.garden.GardenFlower;
import io.pauz.api.garden.GardenService;
import io.pauz.api.garden.GardenTheme;
import io.pauz.api.garden.Season;
import io.pauz.api.garden.SeasonPalette;
import io.pauz.api.guided.GuidedSessionEvent;
import io.pauz.api.guided.GuidedSessionListener;
import io.pauz.api.identity.UserDirectory;
import io.pauz.api.identity.UserSummary;
import io.pauz.api.journal.JournalEntry;
import io.pauz.api.journal.JournalEvent;
import io.pauz.api.journal.JournalListener;
import io.pauz.api.metrics.MetricsContributor;
import io.pauz.api.metrics.MetricsWriter;
import io.pauz.api.rest.ApiException;
import io.pauz.support.AwaitedBucketStore;
import io.pauz.support.DaemonThreads;
import io.pauz.support.Idle;

/**
 * The gardens. A user's garden is one JSON document ({@link GardenDoc}) in the garden-system bucket; every change
 * reads it, changes it and writes it back (a bucket put is atomic) while holding that user's lock, so two events of
 * one user never lose each other's flower. The lock is per JVM: in a cluster one user's events come from the node
 * that handled the request, which is enough for a personal garden.
 *
 * <p>Flowers are planted from the journal's ANALYSED events (one per entry; a later reading after an edit changes
 * its mood and tends it) and from completed guided sessions, and pulled up when their entry is deleted.
 */
@Component(immediate = true, service = { GardenService.class, GardenServiceImpl.class, JournalListener.class, GuidedSessionListener.class,
        MetricsContributor.class }, configurationPid = GardenServiceImpl.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = GardenConfig.class)
public class GardenServiceImpl implements GardenService, JournalListener, GuidedSessionListener, MetricsContributor {
    static final String PID = "io.pauz.garden";
    static final String GARDENS = "user-gardens/";
    static final String DEFINITIONS = "flower-definitions/";
    static final String SEASONS = "seasonal-themes/";
    static final String ENTRY = "entry";
    static final String GUIDED = "guided";
    private static final String JSON_TYPE = "application/json";
    private static final Logger LOG = LoggerFactory.getLogger(GardenServiceImpl.class);
    private static final int LOCKS = 256;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    /** Dynamic: updating or switching the bucket provider leaves this component in place (see AwaitedBucketStore). */
    volatile BucketStore bucketProvider;
    final BucketStore buckets = new AwaitedBucketStore(() -> bucketProvider);
    final Themes themes = new Themes();
    final Growth growth;
    final int columns;
    final int maxFlowers;
    final int maxPngWidth;
    Clock clock = Clock.systemUTC();
    volatile UserDirectory users;
    final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule()) // explicit: no ServiceLoader in OSGi
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final ReentrantLock[] locks = new ReentrantLock[LOCKS];
    private final AtomicLong planted = new AtomicLong();
    private final AtomicLong tended = new AtomicLong();
    private final AtomicLong removed = new AtomicLong();
    private final AtomicLong pictures = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    final AtomicLong writes = new AtomicLong();
    /**
     * Changes from journal and guided events, per user, applied together in one read and one write of the garden. The
     * journal's event thread only queues them, so it never waits for a garden write (it did, one write per entry, and
     * under sustained writing fell seconds behind), and many events while a user's garden waits cost one write.
     */
    private final Map<String, List<Predicate<GardenDoc>>> pendingChanges = new HashMap<>();
    final ExecutorService eventWriter = Executors.newSingleThreadExecutor(DaemonThreads.named("pauz-garden-events"));

    @Activate
    public GardenServiceImpl(GardenConfig config) {
        this(config, null);
    }

    /** Tests: a fixed bucket store. */
    GardenServiceImpl(GardenConfig config, BucketStore buckets) {
        this.bucketProvider = buckets;
        this.growth = new Growth(config.days_per_stage(), config.writes_per_stage());
        this.columns = Math.max(3, Math.min(20, config.columns()));
        this.maxFlowers = Math.max(1, config.max_flowers());
        this.maxPngWidth = Math.max(64, config.max_png_width());
        for (int i = 0; i < LOCKS; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    @Deactivate
    void deactivate() {
        eventWriter.shutdown(); // queued changes are written first
        try {
            if (!eventWriter.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("garden changes of {} user(s) not written before stopping", pendingUsers());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- plug-ins ------------------------------------------------------------------------------

    /** Themes come and go at run time (bundles, PF4J plug-ins); gardens follow on their next read. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addGardenTheme(GardenTheme theme, Map<String, Object> props) {
        themes.add(theme, props);
        if (bucketProvider != null) { // else the provider gets them when it arrives
            publishDefinitions(theme);
        }
    }

    void removeGardenTheme(GardenTheme theme, Map<String, Object> props) {
        themes.remove(theme, props);
    }

    /**
     * A provider that arrives (at start-up it may come after the themes, or it was switched) gets the themes'
     * definitions, written on the garden's own thread rather than the one registering the provider.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setBucketProvider(BucketStore provider) {
        bucketProvider = provider;
        try {
            eventWriter.execute(() -> themes.list().forEach(installed -> publishDefinitions(installed.theme())));
        } catch (RejectedExecutionException stopping) {
            // deactivating: nothing to publish for
        }
    }

    void unsetBucketProvider(BucketStore provider) {
        if (bucketProvider == provider) {
            bucketProvider = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setUserDirectory(UserDirectory directory) {
        this.users = directory;
    }

    void unsetUserDirectory(UserDirectory directory) {
        if (this.users == directory) {
            this.users = null;
        }
    }

    /**
     * Copies a theme's flowers and palettes into the bucket, so that clients, exports and operators can read what
     * a stored kind means even after its theme is gone. Failure only costs that copy.
     */
    void publishDefinitions(GardenTheme theme) {
        try {
            String id = theme.id();
            Map<String, Object> defs = new LinkedHashMap<>();
            defs.put("themeId", id);
            defs.put("name", theme.name());
            defs.put("description", theme.description());
            defs.put("flowers", theme.flowers());
            buckets.put(Bucket.GARDEN_SYSTEM, ObjectKeys.validate(DEFINITIONS + id + ".json"), json.writeValueAsBytes(defs),
                    JSON_TYPE);
            Map<String, Object> seasons = new LinkedHashMap<>();
            seasons.put("themeId", id);
            Map<Season, SeasonPalette> palettes = new EnumMap<>(Season.class);
            for (Season s : Season.values()) {
                palettes.put(s, theme.palette(s));
            }
            seasons.put("palettes", palettes);
            buckets.put(Bucket.GARDEN_SYSTEM, ObjectKeys.validate(SEASONS + id + ".json"), json.writeValueAsBytes(seasons),
                    JSON_TYPE);
        } catch (IOException | RuntimeException e) {
            failures.incrementAndGet();
            LOG.warn("could not store the definitions of garden theme {}: {}", safeId(theme), e.toString());
        }
    }

    private static String safeId(GardenTheme theme) {
        try {
            return theme.id();
        } catch (RuntimeException e) {
            return theme.getClass().getName();
        }
    }

    // ---- events --------------------------------------------------------------------------------

    @Override
    public void journalChanged(JournalEvent event) {
        JournalEntry e = event.entry();
        if (e == null || e.userId() == null || e.id() == null) {
            return;
        }
        switch (event.type()) {
            case ANALYSED -> {
                if (e.moodScore() != null) {
                    changeSoon(e.userId(), planting(e.userId(), ENTRY, e.id(), e.moodScore(), e.createdAt(), e.version()));
                }
            }
            case DELETED -> changeSoon(e.userId(), pulling(ENTRY, e.id()));
            default -> {
                // CREATED, UPDATED and TRANSCRIBED are followed by ANALYSED once the mood is read
            }
        }
    }

    @Override
    public void sessionCompleted(GuidedSessionEvent event) {
        if (event.userId() == null || event.sessionId() == null) {
            return;
        }
        // A session answered without a mood reading still grows a flower, a calm middle one.
        changeSoon(event.userId(), planting(event.userId(), GUIDED, event.sessionId(),
                event.moodScore() == null ? 0 : event.moodScore(), event.completedAt(), 0));
    }

    /**
     * Plants the flower of an entry or session, or, when it has one, updates its mood; a newer entry version counts
     * as tending. {@code writtenAt} (clamped to now) is the planting date: an imported old entry comes up in bloom.
     */
    void plant(String userId, String source, String sourceId, double mood, Instant writtenAt, int version) {
        change(userId, planting(userId, source, sourceId, mood, writtenAt, version));
    }

    private Predicate<GardenDoc> planting(String userId, String source, String sourceId, double mood, Instant writtenAt,
            int version) {
        double m = Double.isFinite(mood) ? Math.max(-1, Math.min(1, mood)) : 0;
        return doc -> {
            Instant now = clock.instant();
            for (GardenDoc.Plant p : doc.flowers) {
                if (p.source.equals(source) && p.sourceId.equals(sourceId)) {
                    if (version > p.version) {
                        p.tended++;
                        p.version = version;
                        tended.incrementAndGet();
                    }
                    p.mood = m;
                    p.updatedAt = now;
                    return true;
                }
            }
            if (doc.flowers.size() >= maxFlowers) {
                doc.flowers.stream().min(Comparator.comparingLong(p -> p.seq)).ifPresent(doc.flowers::remove);
            }
            GardenDoc.Plant p = new GardenDoc.Plant();
            p.id = flowerId(userId, source, sourceId);
            p.source = source;
            p.sourceId = sourceId;
            p.mood = m;
            p.plantedAt = writtenAt == null || writtenAt.isAfter(now) ? now : writtenAt;
            p.updatedAt = now;
            p.seq = doc.nextSeq++;
            p.cell = freeCell(doc);
            p.version = version;
            doc.flowers.add(p);
            planted.incrementAndGet();
            return true;
        };
    }

    void pullUp(String userId, String source, String sourceId) {
        change(userId, pulling(source, sourceId));
    }

    private Predicate<GardenDoc> pulling(String source, String sourceId) {
        return doc -> {
            boolean gone = doc.flowers.removeIf(p -> p.source.equals(source) && p.sourceId.equals(sourceId));
            if (gone) {
                removed.incrementAndGet();
            }
            return gone;
        };
    }

    /** Queues a change of the user's garden; the first one queued for the user schedules the write of all. */
    private void changeSoon(String userId, Predicate<GardenDoc> change) {
        boolean first;
        synchronized (pendingChanges) {
            List<Predicate<GardenDoc>> queued = pendingChanges.computeIfAbsent(userId, u -> new ArrayList<>());
            first = queued.isEmpty();
            queued.add(change);
        }
        if (first) {
            try {
                eventWriter.execute(() -> applyPending(userId));
            } catch (RejectedExecutionException stopping) {
                synchronized (pendingChanges) {
                    pendingChanges.remove(userId);
                }
            }
        }
    }

    private void applyPending(String userId) {
        List<Predicate<GardenDoc>> batch;
        synchronized (pendingChanges) {
            batch = pendingChanges.remove(userId); // changes queued from now on schedule the next write
        }
        if (batch == null) {
            return;
        }
        try {
            change(userId, doc -> {
                boolean changed = false;
                for (Predicate<GardenDoc> c : batch) {
                    changed |= c.test(doc); // every change applies, not only up to the first that changed something
                }
                return changed;
            });
        } catch (RuntimeException e) {
            LOG.warn("garden of user {} not updated after {} event(s)", userId, batch.size(), e);
        }
    }

    private int pendingUsers() {
        synchronized (pendingChanges) {
            return pendingChanges.size();
        }
    }

    /** Waits until every change queued by events so far is written (tests; at most 30 s). */
    void awaitEvents() {
        Idle.await(eventWriter, 30);
    }

    /** Stable per user and source, and a plain id: ids appear in URLs of clients and in the picture. */
    static String flowerId(String userId, String source, String sourceId) {
        return UUID.nameUUIDFromBytes((userId + '\n' + source + '\n' + sourceId).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
    }

    /** The lowest bed no living flower stands in: a pulled-up flower's bed is replanted first. */
    private static int freeCell(GardenDoc doc) {
        BitSet used = new BitSet();
        for (GardenDoc.Plant p : doc.flowers) {
            used.set(p.cell);
        }
        return used.nextClearBit(0);
    }

    // ---- themes --------------------------------------------------------------------------------

    /** A theme as the themes list shows it. */
    public record ThemeView(String id, String name, String description, boolean isDefault, boolean chosen,
            List<FlowerDefinition> flowers, Map<Season, SeasonPalette> palettes) {
    }

    public record ThemeList(String chosen, String defaultTheme, List<ThemeView> themes) {
    }

    ThemeList themes(String userId) {
        String chosen = themes.resolve(load(userId).themeId).id();
        String def = themes.defaultTheme().id();
        List<ThemeView> views = new ArrayList<>();
        for (Themes.Installed i : themes.list()) {
            Map<Season, SeasonPalette> palettes = new EnumMap<>(Season.class);
            for (Season s : Season.values()) {
                palettes.put(s, i.palette(s));
            }
            GardenTheme t = i.theme();
            views.add(new ThemeView(i.id(), t.name(), t.description(), i.id().equals(def), i.id().equals(chosen),
                    t.flowers(), palettes));
        }
        return new ThemeList(chosen, def, views);
    }

    /** Chooses the user's theme; 422 for a theme that is not installed. */
    Garden chooseTheme(String userId, String themeId) {
        if (themeId == null || themeId.isBlank()) {
            throw ApiException.unprocessable("missing_theme", "themeId is required, e.g. meadow");
        }
        String id = themeId.strip();
        if (themes.find(id).isEmpty()) {
            throw ApiException.unprocessable("unknown_theme", "no garden theme '" + shorten(id) + "' is installed; GET garden/themes lists them");
        }
        change(userId, doc -> {
            doc.themeId = id;
            return true;
        });
        return garden(userId);
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    // ---- reading -------------------------------------------------------------------------------

    @Override
    public Garden garden(String userId) {
        return view(userId).garden();
    }

    @Override
    public String svg(String userId) {
        String svg = SvgRenderer.render(GardenPainter.paint(view(userId).picture()));
        pictures.incrementAndGet();
        return svg;
    }

    @Override
    public byte[] png(String userId, int widthPx) {
        int width = Math.max(64, Math.min(maxPngWidth, widthPx));
        byte[] png = PngRenderer.render(GardenPainter.paint(view(userId).picture()), width);
        pictures.incrementAndGet();
        return png;
    }

    /** A garden at one instant: its API form and the picture of it agree on every flower. */
    record View(Garden garden, GardenPainter.Picture picture) {
    }

    View view(String userId) {
        GardenDoc doc = load(userId);
        Themes.Installed theme = themes.resolve(doc.themeId);
        Instant now = clock.instant();
        Optional<UserSummary> user = user(userId);
        ZoneId zone = user.map(UserSummary::zone).orElse(ZoneOffset.UTC);
        ZonedDateTime local = now.atZone(zone);
        Season season = Season.of(local.toLocalDate(), Hemisphere.southern(zone));
        SeasonPalette palette = theme.palette(season);

        List<GardenDoc.Plant> plants = new ArrayList<>(doc.flowers);
        plants.sort(Comparator.comparingLong(p -> p.seq));
        Layout layout = new Layout(columns, plants.stream().mapToInt(p -> p.cell).max().orElse(-1));
        List<GardenFlower> flowers = new ArrayList<>();
        List<GardenPainter.Bloom> blooms = new ArrayList<>();
        for (int i = 0; i < plants.size(); i++) {
            GardenDoc.Plant p = plants.get(i);
            FlowerDefinition d = theme.definition(p.mood, p.id);
            long later = plants.size() - 1 - i + p.tended;
            int stage = growth.stage(p.plantedAt, now, later, d.growthStages());
            Layout.Spot spot = layout.spot(p.id, p.cell);
            flowers.add(new GardenFlower(p.id, d.kind(), d.name(), p.mood, p.source, p.sourceId, p.plantedAt, stage,
                    d.growthStages(), round(layout.x(spot)), round(layout.y(spot))));
            LocalDate day = p.plantedAt == null ? local.toLocalDate() : p.plantedAt.atZone(zone).toLocalDate();
            String tip = d.name() + " (" + (stage == d.growthStages() ? "in full bloom" : "stage " + stage + " of " + d.growthStages())
                    + "), planted " + DAY.format(day) + (GUIDED.equals(p.source) ? " after a guided session" : "")
                    + ". " + d.meaning();
            blooms.add(new GardenPainter.Bloom(p.id, d.kind(), d, stage, p.cell, tip));
        }
        Garden garden = new Garden(userId, theme.id(), theme.theme().name(), season, flowers, doc.updatedAt);

        String name = user.map(UserSummary::name).filter(n -> !n.isBlank()).map(String::strip).orElse(null);
        if (name != null && name.codePointCount(0, name.length()) > 40) {
            name = name.substring(0, name.offsetByCodePoints(0, 40)) + "…";
        }
        String title = name == null ? "My garden" : name + "’s garden";
        String seasonName = season.name().charAt(0) + season.name().substring(1).toLowerCase(Locale.ROOT);
        String subtitle = theme.theme().name() + " · " + seasonName + " · " + flowers.size()
                + (flowers.size() == 1 ? " flower" : " flowers");
        int hour = local.getHour();
        GardenPainter.Picture picture = new GardenPainter.Picture(title, subtitle, season, palette, hour < 6 || hour >= 21,
                userId, columns, blooms, "Write an entry to plant your first flower");
        return new View(garden, picture);
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    private Optional<UserSummary> user(String userId) {
        UserDirectory d = users;
        if (d == null) {
            return Optional.empty();
        }
        try {
            return d.find(userId);
        } catch (RuntimeException e) {
            LOG.debug("user directory unavailable: {}", e.toString());
            return Optional.empty();
        }
    }

    // ---- storage -------------------------------------------------------------------------------

    static String key(String userId) {
        return ObjectKeys.userKey(GARDENS, userId, "garden.json");
    }

    GardenDoc load(String userId) {
        String key = key(userId); // validates the id first
        Optional<StoredObject> o = buckets.get(Bucket.GARDEN_SYSTEM, key);
        if (o.isEmpty()) {
            GardenDoc doc = new GardenDoc();
            doc.userId = userId;
            return doc;
        }
        try {
            GardenDoc doc = json.readValue(o.get().readAllBytes(), GardenDoc.class);
            if (doc.flowers == null) {
                doc.flowers = new ArrayList<>();
            }
            doc.userId = userId;
            return doc;
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable garden of a user at " + key, e);
        }
    }

    /** Read, change, write under the user's lock; {@code change} returns false when nothing changed. */
    void change(String userId, java.util.function.Predicate<GardenDoc> change) {
        String key = key(userId);
        ReentrantLock lock = locks[Math.floorMod(userId.hashCode(), LOCKS)];
        lock.lock();
        try {
            GardenDoc doc = load(userId);
            if (change.test(doc)) {
                doc.updatedAt = clock.instant();
                buckets.put(Bucket.GARDEN_SYSTEM, key, json.writeValueAsBytes(doc), JSON_TYPE);
                writes.incrementAndGet();
            }
        } catch (IOException e) {
            failures.incrementAndGet();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            throw e;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void contribute(MetricsWriter writer) {
        writer.counter("pauz_garden_flowers_planted_total", "Flowers planted in gardens", Map.of(), planted.get());
        writer.counter("pauz_garden_writes_total", "Garden states written (events queued together share one)", Map.of(),
                writes.get());
        writer.counter("pauz_garden_flowers_tended_total", "Flowers whose entry was edited and read again", Map.of(), tended.get());
        writer.counter("pauz_garden_flowers_removed_total", "Flowers pulled up because their entry was deleted", Map.of(),
                removed.get());
        writer.counter("pauz_garden_pictures_total", "Garden pictures drawn (SVG and PNG)", Map.of(), pictures.get());
        writer.counter("pauz_garden_failures_total", "Garden changes or definition copies that failed", Map.of(), failures.get());
        writer.gauge("pauz_garden_themes", "Garden themes installed", Map.of(), themes.list().size());
    }
}
