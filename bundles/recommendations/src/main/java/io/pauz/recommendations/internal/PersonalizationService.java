package io.pauz.recommendations.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
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
import io.pauz.api.garden.Garden;
import io.pauz.api.garden.GardenFlower;
import io.pauz.api.garden.GardenService;
import io.pauz.api.garden.GardenTheme;
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
import io.pauz.api.memory.MemoryService;
import io.pauz.api.memory.NamedCache;
import io.pauz.api.metrics.MetricsContributor;
import io.pauz.api.metrics.MetricsWriter;
import io.pauz.api.prompt.PromptPack;
import io.pauz.api.rest.ApiException;
import io.pauz.support.AwaitedBucketStore;
import io.pauz.support.Words;

/**
 * Personalization and recommendations. A user's {@link Profile} is derived from their journal and guided sessions,
 * kept in the SmartMemory cache {@code personalization} and persisted to
 * {@code ai-models/personalization-data/<user>/profile.json}. A journal or guided-session event for a user drops their
 * cached profile and recommendations and leaves a "changed at" marker in the cache, so no node serves a copy (cached
 * or stored) older than the change. On a cache miss a stored profile is reused while it is younger than
 * {@code profile.max.age.hours}, no change is marked after it, and the journal has no newer entry; else it is
 * recomputed. Recommendations are cached per user in {@code recommendations} the same way.
 */
@Component(service = { PersonalizationService.class, JournalListener.class, GuidedSessionListener.class,
        MetricsContributor.class }, configurationPid = PersonalizationService.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RecommendationsConfig.class)
public class PersonalizationService implements JournalListener, GuidedSessionListener, MetricsContributor {
    static final String PID = "io.pauz.recommendations";
    static final String FOLDER = "personalization-data/";
    static final String OBJECT = "profile.json";
    private static final String STALE = "changed/";
    private static final String AI_SOURCE = "not observed: the AI feature publishes no per-user events or history";
    private static final Logger LOG = LoggerFactory.getLogger(PersonalizationService.class);
    private static final ZoneId UTC = ZoneId.of("UTC");

    final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule()) // explicit: no ServiceLoader in OSGi
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final RecommendationsConfig config;
    /** Dynamic: updating or switching the bucket provider leaves this component in place (see AwaitedBucketStore). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile BucketStore bucketProvider;
    private final BucketStore buckets = new AwaitedBucketStore(() -> bucketProvider);
    private final MemoryService memory;
    private final Catalog catalog = new Catalog();
    private final ProfileBuilder builder;
    private final Recommender recommender;
    volatile Clock clock = Clock.systemUTC();

    private volatile JournalService journal;
    private volatile GuidedJournal guided;
    private volatile UserDirectory directory;
    private volatile GardenService gardens;

    private final AtomicLong computed = new AtomicLong();
    private final AtomicLong loaded = new AtomicLong();
    private final AtomicLong recommended = new AtomicLong();
    private final AtomicLong invalidations = new AtomicLong();

    /** What the recommendations cache holds: the answer and the profile time it was built from. */
    record CachedRecommendations(Instant profileAt, Recommendations recommendations) {
    }

    @Activate
    public PersonalizationService(RecommendationsConfig config,
            @Reference(policyOption = ReferencePolicyOption.GREEDY) MemoryService memory) {
        this(config, null, memory);
    }

    /** Tests: a fixed bucket store. */
    PersonalizationService(RecommendationsConfig config, BucketStore buckets, MemoryService memory) {
        this.config = config;
        this.bucketProvider = buckets;
        this.memory = memory;
        this.builder = new ProfileBuilder(Math.max(1, config.recent_days()), Math.max(1, config.history_days()),
                Math.max(1, config.repeat_days()), Math.max(0, config.answered_days()));
        this.recommender = new Recommender(new Recommender.Settings(terms(config.gentle_topics(), false),
                terms(config.uplift_topics(), false), List.of(config.starter_topics()), terms(config.gentle_tags(), true),
                config.low_mood_threshold(), Math.max(0, config.just_done_hours()), clampCount(config.max_prompts()),
                clampCount(config.max_topics()), clampCount(config.max_flowers())));
    }

    private static Set<String> terms(String[] values, boolean asTerms) {
        return values == null ? Set.of()
                : Arrays.stream(values).map(v -> asTerms ? Words.tagTerm(v) : v.strip()).filter(v -> !v.isEmpty())
                        .collect(Collectors.toUnmodifiableSet());
    }

    private static int clampCount(int n) {
        return Math.max(0, Math.min(50, n));
    }

    // ---- sources (all optional: each feature may be installed or not) ---------------------------

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setJournal(JournalService journal) {
        this.journal = journal;
    }

    void unsetJournal(JournalService journal) {
        if (this.journal == journal) {
            this.journal = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setGuided(GuidedJournal guided) {
        this.guided = guided;
    }

    void unsetGuided(GuidedJournal guided) {
        if (this.guided == guided) {
            this.guided = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setDirectory(UserDirectory directory) {
        this.directory = directory;
    }

    void unsetDirectory(UserDirectory directory) {
        if (this.directory == directory) {
            this.directory = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setGardens(GardenService gardens) {
        this.gardens = gardens;
    }

    void unsetGardens(GardenService gardens) {
        if (this.gardens == gardens) {
            this.gardens = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addPromptPack(PromptPack pack, Map<String, Object> props) {
        catalog.addPack(pack, props);
    }

    void removePromptPack(PromptPack pack, Map<String, Object> props) {
        catalog.removePack(props);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addGardenTheme(GardenTheme theme, Map<String, Object> props) {
        catalog.addTheme(theme, props);
    }

    void removeGardenTheme(GardenTheme theme, Map<String, Object> props) {
        catalog.removeTheme(props);
    }

    // ---- events --------------------------------------------------------------------------------

    @Override
    public void journalChanged(JournalEvent event) {
        if (event != null && event.entry() != null) {
            invalidate(event.entry().userId());
        }
    }

    @Override
    public void sessionCompleted(GuidedSessionEvent event) {
        if (event != null) {
            invalidate(event.userId());
        }
    }

    /** Forgets what was derived for the user and marks the change, so stored copies older than it are not reused. */
    void invalidate(String userId) {
        if (userId == null) {
            return;
        }
        invalidations.incrementAndGet();
        try {
            NamedCache profiles = memory.cache(MemoryService.PERSONALIZATION);
            profiles.put(STALE + userId, now().toString());
            profiles.remove(userId);
            memory.cache(MemoryService.RECOMMENDATIONS).remove(recommendationsKey(userId));
        } catch (RuntimeException e) {
            // The memory provider is restarting: its caches are empty afterwards anyway.
            LOG.warn("could not drop cached personalization of a user: {}", e.toString());
        }
    }

    // ---- profile -------------------------------------------------------------------------------

    /** The user's profile: cached, else stored and still current, else derived now (and cached and stored). */
    public Profile profile(String userId) {
        Profile.Sources sources = sources();
        Instant changed = changedAt(userId);
        NamedCache cache = memory.cache(MemoryService.PERSONALIZATION);
        Profile cached = read(cache.get(userId), Profile.class);
        if (current(cached, sources, changed)) {
            return cached;
        }
        Profile stored = stored(userId);
        if (current(stored, sources, changed) && young(stored) && noNewerEntry(userId, stored)) {
            loaded.incrementAndGet();
            cache.put(userId, write(stored));
            return stored;
        }
        Profile fresh = compute(userId, sources);
        String text = write(fresh);
        cache.put(userId, text);
        persist(userId, text);
        return fresh;
    }

    private boolean current(Profile p, Profile.Sources sources, Instant changed) {
        return p != null && p.format() == Profile.FORMAT && sources.equals(p.sources())
                && (changed == null || !p.computedAt().isBefore(changed));
    }

    private boolean young(Profile p) {
        return p.computedAt().isAfter(now().minus(Duration.ofHours(Math.max(0, config.profile_max_age_hours()))));
    }

    /** A change while this bundle was not running left no marker; a newer entry than the profile shows it. */
    private boolean noNewerEntry(String userId, Profile p) {
        JournalService j = journal;
        if (j == null) {
            return true;
        }
        List<JournalEntry> newest = call(() -> j.list(userId, EntryQuery.all(1, null)).entries());
        return newest.isEmpty() || !newest.get(0).createdAt().isAfter(p.computedAt());
    }

    Profile.Sources sources() {
        return new Profile.Sources(journal != null, guided != null, directory != null, AI_SOURCE);
    }

    private Instant changedAt(String userId) {
        Optional<String> marker = memory.cache(MemoryService.PERSONALIZATION).get(STALE + userId);
        try {
            return marker.map(Instant::parse).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    Profile compute(String userId, Profile.Sources sources) {
        Instant now = now();
        Instant from = now.minus(Duration.ofDays(Math.max(1, config.history_days())));
        List<JournalEntry> entries = new ArrayList<>();
        Map<String, String> texts = new LinkedHashMap<>();
        JournalService j = journal;
        if (j != null) {
            int max = Math.max(1, config.max_entries());
            String cursor = null;
            do {
                String c = cursor;
                EntryPage page = call(() -> j.list(userId, new EntryQuery(from, null, null, Math.min(1000, max - entries.size()),
                        c, false)));
                entries.addAll(page.entries());
                cursor = page.nextCursor();
            } while (cursor != null && entries.size() < max);
            for (JournalEntry e : entries.subList(0, Math.min(entries.size(), Math.max(0, config.sample_entries())))) {
                call(() -> j.find(userId, e.id())).map(JournalEntry::text).filter(t -> !t.isBlank())
                        .ifPresent(t -> texts.put(e.id(), t));
            }
        }
        List<GuidedSessionRecord> sessions = List.of();
        GuidedJournal g = guided;
        if (g != null) {
            sessions = call(() -> g.sessions(userId, from, null));
        }
        ZoneId zone = UTC;
        Boolean voicePreference = null;
        UserDirectory d = directory;
        if (d != null) {
            zone = call(() -> d.find(userId)).map(UserSummary::zone).orElse(UTC);
            voicePreference = call(() -> d.preferences(userId)).get("voice") instanceof Boolean voice ? voice : null;
        }
        computed.incrementAndGet();
        return builder.build(new ProfileBuilder.Input(userId, now, zone, entries, texts, sessions, sources, voicePreference),
                catalog.snapshot().vocabulary());
    }

    /** A source failing (storage restarting) must not be mistaken for a user with no data: answer 503 instead. */
    private static <T> T call(java.util.function.Supplier<T> source) {
        try {
            return source.get();
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("a personalization source failed", e);
            throw ApiException.unavailable("recommendations_unavailable",
                    "recommendations are unavailable right now; try again shortly");
        }
    }

    private Profile stored(String userId) {
        try {
            Optional<StoredObject> o = buckets.get(Bucket.AI_MODELS, key(userId));
            if (o.isEmpty()) {
                return null;
            }
            return read(new String(o.get().readAllBytes(), StandardCharsets.UTF_8), Profile.class);
        } catch (RuntimeException e) {
            LOG.warn("could not read a stored profile; it is derived again: {}", e.toString());
            return null;
        }
    }

    private void persist(String userId, String text) {
        try {
            buckets.put(Bucket.AI_MODELS, key(userId), text.getBytes(StandardCharsets.UTF_8), "application/json");
        } catch (RuntimeException e) {
            LOG.warn("could not store a profile; it stays cached only: {}", e.toString());
        }
    }

    static String key(String userId) {
        return ObjectKeys.userKey(FOLDER, userId, OBJECT);
    }

    // ---- recommendations -----------------------------------------------------------------------

    public Recommendations recommendations(String userId) {
        NamedCache cache = memory.cache(MemoryService.RECOMMENDATIONS);
        String key = recommendationsKey(userId);
        Instant changed = changedAt(userId);
        CachedRecommendations hit = read(cache.get(key), CachedRecommendations.class);
        if (hit != null && hit.recommendations() != null && (changed == null || !hit.profileAt().isBefore(changed))) {
            return hit.recommendations();
        }
        Profile profile = profile(userId);
        Recommendations r = recommender.recommend(profile, catalog.snapshot(), garden(userId), now());
        recommended.incrementAndGet();
        cache.put(key, write(new CachedRecommendations(profile.computedAt(), r)));
        return r;
    }

    /** Per user and per installed catalog, so a pack or theme arriving or leaving is seen at once. */
    private String recommendationsKey(String userId) {
        return userId + "/" + catalog.snapshot().fingerprint();
    }

    private Recommender.GardenView garden(String userId) {
        GardenService g = gardens;
        if (g == null) {
            return null;
        }
        try {
            Garden garden = g.garden(userId);
            Set<String> kinds = new HashSet<>();
            for (GardenFlower f : garden.flowers()) {
                kinds.add(f.kind());
            }
            return new Recommender.GardenView(garden.themeId(), kinds);
        } catch (RuntimeException e) {
            LOG.warn("the garden could not be read; flowers come from the default theme: {}", e.toString());
            return null;
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private <T> T read(Optional<String> text, Class<T> type) {
        return text.map(t -> read(t, type)).orElse(null);
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            LOG.debug("ignoring an unreadable cached or stored value", e);
            return null;
        }
    }

    String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    long computedCount() {
        return computed.get();
    }

    long loadedCount() {
        return loaded.get();
    }

    @Override
    public void contribute(MetricsWriter writer) {
        writer.counter("pauz_personalization_profiles_computed_total", "Profiles derived from a user's data", Map.of(),
                computed.get());
        writer.counter("pauz_personalization_profiles_loaded_total", "Profiles reused from the ai-models bucket", Map.of(),
                loaded.get());
        writer.counter("pauz_recommendations_computed_total", "Recommendations built (cache misses)", Map.of(),
                recommended.get());
        writer.counter("pauz_personalization_invalidations_total", "Journal and guided events that dropped a user's cache",
                Map.of(), invalidations.get());
    }
}
