package io.pauz.ai.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pauz.api.ai.AiAnswers;
import io.pauz.api.ai.AiEngine;
import io.pauz.api.ai.AiEngineException;
import io.pauz.api.ai.AiRequest;
import io.pauz.api.ai.AiResponse;
import io.pauz.api.ai.PromptType;
import io.pauz.api.bucket.Bucket;
import io.pauz.api.bucket.BucketStore;
import io.pauz.api.bucket.ObjectKeys;
import io.pauz.api.bucket.StoredObject;
import io.pauz.api.journal.JournalEntry;
import io.pauz.api.journal.JournalService;
import io.pauz.api.memory.MemoryService;
import io.pauz.api.memory.NamedCache;
import io.pauz.api.metrics.MetricsContributor;
import io.pauz.api.metrics.MetricsWriter;
import io.pauz.api.mood.MoodAnalyzer;
import io.pauz.api.mood.MoodReading;
import io.pauz.api.rest.ApiException;
import io.pauz.api.rest.RateLimitedException;
import io.pauz.api.sql.MigratedSchema;
import io.pauz.support.AwaitedBucketStore;
import io.pauz.support.RankedServices;

/**
 * The AI processing flow: validate and normalise the input, look the answer up in SmartMemory
 * ({@link MemoryService#AI_RESPONSES}), and only on a miss call the configured engine (rate limited per user,
 * behind a timeout, with the offline engine as fallback). Every answer is kept for good in the ai-prompts
 * bucket under the user's id, and every engine call is counted in {@code ai_performance}.
 *
 * <p>The user's text is never logged and never stored anywhere but the ai-prompts record of an answer;
 * the cache holds answers under a SHA-256 key, not the text itself.
 */
@Component(service = { AiAnswers.class, MetricsContributor.class }, configurationPid = AiConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AiConfig.class)
public class AiService implements AiAnswers, MetricsContributor {
    static final int MAX_TEXT_CHARS = 20_000;
    static final Duration FALLBACK_CACHE = Duration.ofMinutes(5);
    static final String LEXICON = "lexicon";
    private static final Logger LOG = LoggerFactory.getLogger(AiService.class);
    private static final Pattern ANSWER_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern TOPIC = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _-]{0,39}");
    private static final Map<PromptType, String> FOLDERS = Map.of(PromptType.WRITING_HINT, "writing-hints/",
            PromptType.GUIDED_PROMPT, "writing-hints/", PromptType.REFLECTION, "reflection-questions/",
            PromptType.MOOD_ANALYSIS, "mood-analysis/", PromptType.INSIGHT, "ai-insights/");

    private volatile AiConfig config;
    final SqlSessionFactory sql;
    /** Dynamic: updating or switching the bucket provider leaves this component in place (see AwaitedBucketStore). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile BucketStore bucketProvider;
    final BucketStore buckets = new AwaitedBucketStore(() -> bucketProvider);
    private final NamedCache cache;
    final OfflineEngine offline;
    Clock clock = Clock.systemUTC();
    private final RateLimiter limiter;
    private final ThreadPoolExecutor pool;
    private final RankedServices<AiEngine> engines = new RankedServices<>(AiEngine.ID_PROPERTY);
    private final RankedServices<MoodAnalyzer> analyzers = new RankedServices<>(MoodAnalyzer.ID_PROPERTY);
    private final Map<String, CompletableFuture<Produced>> inflight = new ConcurrentHashMap<>();
    private final Object[] ratingLocks = new Object[64];
    private final EngineMoodAnalyzer engineAnalyzer = new EngineMoodAnalyzer(this);
    private ServiceRegistration<MoodAnalyzer> engineAnalyzerRegistration;
    private volatile JournalService journal;

    // metrics
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder saved = new LongAdder();
    private final LongAdder fallbacks = new LongAdder();
    private final Map<List<String>, LongAdder> engineCalls = new ConcurrentHashMap<>();

    /** An answer as produced (and cached): the normalised payload and who produced it. */
    record Produced(ObjectNode answer, String engine, String model, String fallbackFrom, String fallbackReason) {
    }

    /** An answer as handed to the user: stored under {@code id} in ai-prompts. */
    record Answer(String id, PromptType type, ObjectNode answer, String engine, String model, String fallbackFrom,
            boolean cached, long millis) {
    }

    /** What a failed engine call means for the caller when there is no fallback. */
    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final String outcome;

        Failure(String outcome, String message) {
            super(message, null, false, false);
            this.outcome = outcome;
        }

        ApiException toApi() {
            return switch (outcome) {
                case "timeout" -> new ApiException(504, "engine_timeout", "the AI engine did not answer in time; try again later");
                case "invalid" -> new ApiException(502, "engine_bad_answer", "the AI engine gave an answer that could not be used");
                default -> new ApiException(503, "engine_unavailable", "the AI engine is unavailable right now; try again later");
            };
        }
    }

    @Activate
    public AiService(AiConfig config, BundleContext context,
            @Reference(target = "(" + MigratedSchema.PROVIDER_PROPERTY + "=*)") DataSource dataSource,
            @Reference(policyOption = ReferencePolicyOption.GREEDY) MemoryService memory,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=io.pauz.ai)") MigratedSchema schema,
            @Reference OfflineEngine offline) {
        this(config, dataSource, null, memory, offline);
        java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
        props.put(MoodAnalyzer.ID_PROPERTY, EngineMoodAnalyzer.ID);
        props.put(Constants.SERVICE_RANKING, EngineMoodAnalyzer.RANKING);
        props.put(Constants.SERVICE_DESCRIPTION, "Mood read by the configured AI engine, validated, lexicon as fallback");
        engineAnalyzerRegistration = context.registerService(MoodAnalyzer.class, engineAnalyzer, props);
    }

    /** Without OSGi (tests): same flow, the engine analyzer is not registered as a service. */
    AiService(AiConfig config, DataSource dataSource, BucketStore buckets, MemoryService memory, OfflineEngine offline) {
        this.config = config;
        this.bucketProvider = buckets;
        this.cache = memory.cache(MemoryService.AI_RESPONSES);
        this.offline = offline;
        org.apache.ibatis.session.Configuration mybatis = new org.apache.ibatis.session.Configuration(
                new Environment("pauz-ai", new JdbcTransactionFactory(), dataSource));
        mybatis.addMapper(AiMapper.class);
        this.sql = new SqlSessionFactoryBuilder().build(mybatis);
        this.limiter = new RateLimiter(() -> this.config.rate_per_minute(), () -> clock.millis());
        AtomicInteger n = new AtomicInteger();
        // engine calls wait on the network: threads, not CPU, are the limit; a full pool answers "busy"
        this.pool = new ThreadPoolExecutor(0, 64, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "pauz-ai-engine-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < ratingLocks.length; i++) {
            ratingLocks[i] = new Object();
        }
    }

    @Modified
    void modified(AiConfig config) {
        this.config = config;
    }

    @Deactivate
    void deactivate() {
        if (engineAnalyzerRegistration != null) {
            try {
                engineAnalyzerRegistration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // bundle stopping
            }
            engineAnalyzerRegistration = null;
        }
        pool.shutdownNow();
    }

    AiConfig config() {
        return config;
    }

    // ---- plug-ins ------------------------------------------------------------------------------

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addAiEngine(AiEngine engine, Map<String, Object> props) {
        engines.add(engine, props);
    }

    void removeAiEngine(AiEngine engine, Map<String, Object> props) {
        engines.remove(props);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addMoodAnalyzer(MoodAnalyzer analyzer, Map<String, Object> props) {
        analyzers.add(analyzer, props);
    }

    void removeMoodAnalyzer(MoodAnalyzer analyzer, Map<String, Object> props) {
        analyzers.remove(props);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setJournalService(JournalService journal) {
        this.journal = journal;
    }

    void unsetJournalService(JournalService journal) {
        if (this.journal == journal) {
            this.journal = null;
        }
    }

    /** The configured engine (the offline one by default), or null when that engine is not installed. */
    AiEngine engine() {
        String wanted = config.engine();
        if (wanted != null && wanted.strip().equals(OfflineEngine.ID)) {
            return offline;
        }
        AiEngine engine = engines.pick(wanted);
        return engine == null && (wanted == null || wanted.isBlank()) ? offline : engine;
    }

    /** The analyzer for /ai/mood: the configured one, or the highest ranked; null when none is installed. */
    MoodAnalyzer moodAnalyzer() {
        String wanted = config.mood_analyzer();
        if (wanted != null && wanted.strip().equals(EngineMoodAnalyzer.ID)) {
            return engineAnalyzer;
        }
        MoodAnalyzer analyzer = analyzers.pick(wanted);
        return analyzer == null && (wanted == null || wanted.isBlank()) ? engineAnalyzer : analyzer;
    }

    /**
     * The mood that hints and reflections are written for. Always read locally (never an engine call, so a
     * hint costs at most one engine call): the configured analyzer unless that is the engine one, else the
     * highest ranked local analyzer, else the offline word list.
     */
    MoodReading localMood(String text) {
        MoodAnalyzer a = moodAnalyzer();
        if (a == null || a == engineAnalyzer) {
            a = null;
            for (RankedServices.Ranked<MoodAnalyzer> e : analyzers.all()) {
                if (e.service() != engineAnalyzer && !EngineMoodAnalyzer.ID.equals(e.name())) {
                    a = e.service();
                    break;
                }
            }
        }
        if (a != null) {
            try {
                return a.analyze(text);
            } catch (RuntimeException e) {
                LOG.warn("mood analyzer {} failed ({}); using the offline word list", a.id(), e.getClass().getSimpleName());
            }
        }
        return TextFeatures.mood(text, offline.data());
    }

    // ---- the three features --------------------------------------------------------------------

    @Override
    public Map<String, Object> hints(String userId, String text, String topic) {
        String t = checkText(text);
        String tp = checkTopic(topic);
        Map<String, String> context = new HashMap<>();
        if (tp != null) {
            context.put(OfflineEngine.CONTEXT_TOPIC, tp);
        }
        moodContext(t, context);
        Map<String, Object> summary = summary(t);
        summary.put("topic", tp);
        Answer a = ask(userId, PromptType.WRITING_HINT, t, context, summary);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", a.id());
        out.put("hints", EnginePrompts.JSON.convertValue(a.answer().path("hints"), List.class));
        common(out, a);
        return out;
    }

    @Override
    public Map<String, Object> reflection(String userId, String entryId, String text) {
        Map<String, Object> summary;
        String t;
        if (entryId != null && text != null) {
            throw ApiException.unprocessable("entry_or_text", "send entryId or text, not both");
        }
        if (entryId != null) {
            JournalService j = journal;
            if (j == null) {
                throw ApiException.unavailable("journal_unavailable", "the journal is unavailable right now; try again shortly");
            }
            JournalEntry entry = (entryId.isBlank() || entryId.length() > 64 ? Optional.<JournalEntry>empty()
                    : j.find(userId, entryId)).orElseThrow(() -> ApiException.notFound("entry_not_found", "no such entry"));
            String body = entry.text();
            if (body == null || body.isBlank()) {
                throw ApiException.unprocessable("empty_entry", "the entry has no text to reflect on");
            }
            // long entries: the reflection reads the first 20,000 characters, like a request would
            t = body.strip().length() > MAX_TEXT_CHARS ? body.strip().substring(0, MAX_TEXT_CHARS) : body.strip();
            summary = summary(t);
            summary.put("entryId", entry.id());
        } else {
            t = checkText(text);
            summary = summary(t);
        }
        Map<String, String> context = new HashMap<>();
        MoodReading mood = moodContext(t, context);
        Answer a = ask(userId, PromptType.REFLECTION, t, context, summary);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", a.id());
        out.put("reflection", a.answer().path("reflection").asText());
        out.put("questions", EnginePrompts.JSON.convertValue(a.answer().path("questions"), List.class));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("score", mood.score());
        m.put("label", mood.label());
        out.put("mood", m);
        common(out, a);
        return out;
    }

    @Override
    public Map<String, Object> mood(String userId, String text) {
        String t = checkText(text);
        Answer a = ask(userId, PromptType.MOOD_ANALYSIS, t, Map.of(), summary(t));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", a.id());
        out.put("score", a.answer().path("score").asDouble());
        out.put("label", a.answer().path("label").asText());
        out.put("emotions", EnginePrompts.JSON.convertValue(a.answer().path("emotions"), Map.class));
        out.put("analyzer", a.engine());
        out.put("cached", a.cached());
        if (a.fallbackFrom() != null) {
            out.put("fallbackFrom", a.fallbackFrom());
        }
        return out;
    }

    private static void common(Map<String, Object> out, Answer a) {
        out.put("engine", a.engine());
        out.put("model", a.model());
        out.put("cached", a.cached());
        if (a.fallbackFrom() != null) {
            out.put("fallbackFrom", a.fallbackFrom());
        }
    }

    private MoodReading moodContext(String text, Map<String, String> context) {
        MoodReading mood = localMood(text);
        context.put(OfflineEngine.CONTEXT_MOOD_SCORE, Double.toString(Math.round(mood.score() * 100) / 100.0));
        context.put(OfflineEngine.CONTEXT_MOOD_LABEL, mood.label());
        return mood;
    }

    static String checkText(String text) {
        if (text == null || text.isBlank()) {
            throw ApiException.unprocessable("empty_text", "text is required");
        }
        if (text.length() > MAX_TEXT_CHARS) {
            throw new ApiException(413, "text_too_long", "text is limited to " + MAX_TEXT_CHARS + " characters");
        }
        return text.strip();
    }

    static String checkTopic(String topic) {
        if (topic == null || topic.isBlank()) {
            return null;
        }
        String t = topic.strip().toLowerCase(Locale.ROOT);
        if (!TOPIC.matcher(t).matches()) {
            throw ApiException.unprocessable("invalid_topic", "topic: 1 to 40 letters, digits, spaces, - or _");
        }
        return t;
    }

    private static Map<String, Object> summary(String text) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("chars", text.length());
        s.put("words", TextFeatures.tokens(text).size());
        s.put("excerpt", EnginePrompts.clip(text.replaceAll("\\s+", " "), 200));
        return s;
    }

    // ---- the flow ------------------------------------------------------------------------------

    /** The input as far as the cache is concerned: case and spacing do not make a new question. */
    static String normalise(String text) {
        return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    static String cacheKey(String engine, String model, PromptType type, String text, Map<String, String> context) {
        StringBuilder sb = new StringBuilder().append(engine).append('\n').append(model).append('\n').append(type).append('\n')
                .append(normalise(text));
        new TreeMap<>(context).forEach((k, v) -> {
            if (!OfflineEngine.CONTEXT_TEXT.equals(k)) {
                sb.append('\n').append(k).append('=').append(v);
            }
        });
        return "ai:" + sha256(sb.toString());
    }

    /** Who answers a request of this type: an engine, or for mood an analyzer. */
    private record Target(String id, String model, AiEngine engine, MoodAnalyzer analyzer) {
    }

    private Target target(PromptType type) {
        if (type == PromptType.MOOD_ANALYSIS) {
            MoodAnalyzer a = moodAnalyzer();
            if (a == null) {
                return new Target(blankTo(config.mood_analyzer(), "?"), "?", null, null);
            }
            if (a == engineAnalyzer) {
                AiEngine e = engine();
                return new Target(EngineMoodAnalyzer.ID, e == null ? "none" : e.id() + "/" + e.model(), null, a);
            }
            return new Target(a.id(), a.id(), null, a);
        }
        AiEngine e = engine();
        return e == null ? new Target(blankTo(config.engine(), "?"), "?", null, null) : new Target(e.id(), e.model(), e, null);
    }

    Answer ask(String userId, PromptType type, String text, Map<String, String> context, Map<String, Object> summary) {
        long t0 = System.nanoTime();
        Target target = target(type);
        String key = cacheKey(target.id(), target.model(), type, text, context);
        Optional<Produced> hit = cached(key);
        if (hit.isPresent()) {
            hits.increment();
            saved.increment();
            return store(userId, type, hit.get(), true, t0, summary, 0);
        }
        misses.increment();
        CompletableFuture<Produced> mine = new CompletableFuture<>();
        CompletableFuture<Produced> running = inflight.get(key);
        if (running == null) {
            long wait = limiter.acquire(userId);
            if (wait > 0) {
                throw new RateLimitedException("too many AI requests; try again in " + wait + " s", wait);
            }
            running = inflight.putIfAbsent(key, mine);
        }
        if (running != null) {
            // the same question is being answered right now: wait for that answer instead of asking again
            Produced p = join(running);
            saved.increment();
            return store(userId, type, p, true, t0, summary, 0);
        }
        try {
            long e0 = System.nanoTime();
            Produced p = produce(type, text, context, target);
            long engineMs = (System.nanoTime() - e0) / 1_000_000;
            put(key, p);
            mine.complete(p);
            return store(userId, type, p, false, t0, summary, engineMs);
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inflight.remove(key, mine);
        }
    }

    private Produced join(CompletableFuture<Produced> running) {
        try {
            return running.get(config.timeout_seconds() + 5L, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new ApiException(503, "engine_unavailable", "the AI engine is unavailable right now; try again later");
        } catch (TimeoutException e) {
            throw new ApiException(504, "engine_timeout", "the AI engine did not answer in time; try again later");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "engine_unavailable", "interrupted");
        }
    }

    /** Calls the target; on failure the offline engine (when fallback is on) or an ApiException. */
    private Produced produce(PromptType type, String text, Map<String, String> context, Target target) {
        try {
            if (target.engine() == null && target.analyzer() == null) {
                throw new Failure("unavailable", "'" + target.id() + "' is not installed");
            }
            return type == PromptType.MOOD_ANALYSIS ? analyze(target, text) : callEngine(target.engine(), type, text, context);
        } catch (Failure f) {
            boolean offlineWasIt = target.engine() == offline;
            if (!config.fallback() || offlineWasIt) {
                LOG.warn("AI {} by '{}' failed, no fallback: {}", type, target.id(), f.getMessage());
                throw f.toApi();
            }
            LOG.warn("AI {} by '{}' failed ({}), answering with the offline engine", type, target.id(), f.getMessage());
            fallbacks.increment();
            try {
                Produced p = callEngine(offline, type, text, context);
                return new Produced(p.answer(), p.engine(), p.model(), target.id(), f.outcome);
            } catch (Failure again) {
                throw again.toApi(); // the built-in engine does not fail on valid input; if it does, say so
            }
        }
    }

    private Produced analyze(Target target, String text) throws Failure {
        MoodAnalyzer a = target.analyzer();
        long t0 = System.nanoTime();
        String outcome = "error";
        try {
            MoodReading r = a == engineAnalyzer ? a.analyze(text) : guard(() -> a.analyze(text));
            ObjectNode o = EnginePrompts.JSON.createObjectNode();
            o.put("score", r.score());
            o.put("label", r.label());
            ObjectNode em = o.putObject("emotions");
            r.emotions().forEach(em::put);
            outcome = "success";
            return new Produced(o, r.analyzer() == null ? a.id() : r.analyzer(), target.model(), null, null);
        } catch (AiEngineException e) {
            outcome = e.timeout() ? "timeout" : "error";
            throw new Failure(outcome, a.id() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new Failure("error", a.id() + ": " + e.getClass().getSimpleName());
        } finally {
            if (a != engineAnalyzer) { // the engine analyzer counts its own engine call
                long ms = (System.nanoTime() - t0) / 1_000_000;
                count(target.id(), PromptType.MOOD_ANALYSIS, outcome);
                recordCall(target.model(), PromptType.MOOD_ANALYSIS, "success".equals(outcome), ms);
            }
        }
    }

    /** One engine call with timeout guard, JSON parsing, metrics and an ai_performance row. */
    private Produced callEngine(AiEngine engine, PromptType type, String text, Map<String, String> context) throws Failure {
        AiRequest request = EnginePrompts.request(type, text, context);
        long t0 = System.nanoTime();
        String outcome = "error";
        String engineId = safe(engine::id, "unknown");
        String model = safe(engine::model, "unknown");
        try {
            // the built-in engine is local and fast; everything else runs behind the timeout
            AiResponse r = engine == offline ? offline.complete(request) : guard(() -> engine.complete(request));
            if (r == null) {
                throw new EnginePrompts.BadAnswer("no answer");
            }
            ObjectNode parsed = EnginePrompts.parse(type, r.text());
            outcome = "success";
            return new Produced(parsed, engineId, r.model() == null || r.model().isBlank() ? model : r.model(), null, null);
        } catch (AiEngineException e) {
            outcome = e.timeout() ? "timeout" : "error";
            throw new Failure(outcome, engineId + ": " + e.getMessage());
        } catch (EnginePrompts.BadAnswer e) {
            outcome = "invalid";
            throw new Failure(outcome, engineId + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // a broken plug-in: its exception type is all we log, its message may quote the prompt
            throw new Failure("error", engineId + ": " + e.getClass().getName());
        } finally {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            count(engineId, type, outcome);
            recordCall(model, type, "success".equals(outcome), ms);
        }
    }

    /** Runs a call on the engine pool and waits at most {@code timeout.seconds}. */
    private <T> T guard(Callable<T> call) throws AiEngineException {
        Future<T> f;
        try {
            f = pool.submit(call);
        } catch (RejectedExecutionException e) {
            throw new AiEngineException("too many engine calls at once", null, false, true);
        }
        int seconds = Math.max(1, config.timeout_seconds());
        try {
            return f.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AiEngineException("no answer within " + seconds + " s", null, true, true);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AiEngineException ae) {
                throw ae;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new AiEngineException("engine failed: " + e.getCause().getClass().getName(), null, false, false);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new AiEngineException("interrupted", null, false, false);
        }
    }

    /** The engine-backed mood analyzer: engine JSON, validated; lexicon or word list when that fails. */
    MoodReading engineMood(String text) {
        if (text == null || text.isBlank()) {
            return new MoodReading(0, "neutral", Map.of(), EngineMoodAnalyzer.ID);
        }
        String t = text.length() > MAX_TEXT_CHARS ? text.substring(0, MAX_TEXT_CHARS) : text;
        AiEngine e = engine();
        if (e != null) {
            try {
                ObjectNode o = callEngine(e, PromptType.MOOD_ANALYSIS, t, Map.of()).answer();
                Map<String, Double> emotions = new LinkedHashMap<>();
                o.path("emotions").fields().forEachRemaining(en -> emotions.put(en.getKey(), en.getValue().asDouble()));
                return new MoodReading(o.path("score").asDouble(), o.path("label").asText(), emotions, EngineMoodAnalyzer.ID);
            } catch (Failure f) {
                LOG.info("engine mood analysis failed ({}); using the lexicon", f.getMessage());
            }
        }
        MoodAnalyzer lexicon = analyzers.named(LEXICON);
        if (lexicon != null) {
            try {
                return lexicon.analyze(t);
            } catch (RuntimeException ex) {
                LOG.warn("lexicon analyzer failed: {}", ex.getClass().getSimpleName());
            }
        }
        return TextFeatures.mood(t, offline.data());
    }

    // ---- cache ---------------------------------------------------------------------------------

    private Optional<Produced> cached(String key) {
        Optional<String> v;
        try {
            v = cache.get(key);
        } catch (RuntimeException e) {
            LOG.warn("AI cache unavailable ({}); asking the engine", e.getClass().getSimpleName());
            return Optional.empty();
        }
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode n = EnginePrompts.JSON.readTree(v.get());
            if (!(n.path("answer") instanceof ObjectNode answer)) {
                return Optional.empty();
            }
            return Optional.of(new Produced(answer, n.path("engine").asText(), n.path("model").asText(),
                    n.hasNonNull("fallbackFrom") ? n.get("fallbackFrom").asText() : null,
                    n.hasNonNull("fallbackReason") ? n.get("fallbackReason").asText() : null));
        } catch (JsonProcessingException e) {
            return Optional.empty(); // an entry of an older format: treat as a miss, it is replaced
        }
    }

    private void put(String key, Produced p) {
        ObjectNode n = EnginePrompts.JSON.createObjectNode();
        n.put("engine", p.engine());
        n.put("model", p.model());
        if (p.fallbackFrom() != null) {
            n.put("fallbackFrom", p.fallbackFrom());
            n.put("fallbackReason", p.fallbackReason());
        }
        n.set("answer", p.answer());
        // a fallback answer is kept briefly: the configured engine gets asked again once it is back
        Duration life = Duration.ofHours(Math.max(1, config.cache_hours()));
        if (p.fallbackFrom() != null && FALLBACK_CACHE.compareTo(life) < 0) {
            life = FALLBACK_CACHE;
        }
        try {
            cache.put(key, n.toString(), life);
        } catch (RuntimeException e) {
            LOG.warn("AI cache unavailable ({}); answer not cached", e.getClass().getSimpleName());
        }
    }

    // ---- records in ai-prompts -----------------------------------------------------------------

    static String folder(PromptType type) {
        return FOLDERS.get(type);
    }

    private Answer store(String userId, PromptType type, Produced p, boolean cached, long t0, Map<String, Object> summary,
            long engineMs) {
        String id = UUID.randomUUID().toString();
        long totalMs = (System.nanoTime() - t0) / 1_000_000;
        ObjectNode rec = EnginePrompts.JSON.createObjectNode();
        rec.put("id", id);
        rec.put("userId", userId);
        rec.put("type", type.name());
        rec.put("createdAt", clock.instant().toString());
        rec.put("engine", p.engine());
        rec.put("model", p.model());
        if (p.fallbackFrom() != null) {
            rec.put("fallbackFrom", p.fallbackFrom());
            rec.put("fallbackReason", p.fallbackReason());
        }
        rec.put("cached", cached);
        ObjectNode timing = rec.putObject("timing");
        timing.put("totalMs", totalMs);
        timing.put("engineMs", engineMs);
        rec.set("request", EnginePrompts.JSON.valueToTree(summary));
        rec.set("answer", p.answer());
        rec.putNull("rating");
        byte[] bytes = rec.toString().getBytes(StandardCharsets.UTF_8);
        buckets.put(Bucket.AI_PROMPTS, ObjectKeys.userKey(folder(type), userId, id + ".json"), bytes, "application/json");
        return new Answer(id, type, p.answer(), p.engine(), p.model(), p.fallbackFrom(), cached, totalMs);
    }

    /** The user's own stored answer, or empty (another user's answer is as missing as a deleted one). */
    Optional<ObjectNode> record(String userId, String answerId) {
        return locate(userId, answerId).map(Located::record);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> answer(String userId, String answerId) {
        return record(userId, answerId).map(r -> EnginePrompts.JSON.convertValue(r, Map.class));
    }

    private record Located(String key, ObjectNode record) {
    }

    private Optional<Located> locate(String userId, String answerId) {
        if (answerId == null || !ANSWER_ID.matcher(answerId).matches()) {
            return Optional.empty();
        }
        for (String folder : Bucket.AI_PROMPTS.folders()) {
            String key = ObjectKeys.userKey(folder, userId, answerId + ".json");
            Optional<StoredObject> o = buckets.get(Bucket.AI_PROMPTS, key);
            if (o.isPresent()) {
                try {
                    JsonNode n = EnginePrompts.JSON.readTree(o.get().readAllBytes());
                    if (n instanceof ObjectNode on && userId.equals(on.path("userId").asText())) {
                        return Optional.of(new Located(key, on));
                    }
                } catch (java.io.IOException e) {
                    LOG.warn("unreadable AI answer record {}", key);
                }
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Rates the user's own answer 1..5; rating again replaces the earlier score. */
    @Override
    public Map<String, Object> rate(String userId, String answerId, Integer score) {
        if (score == null || score < 1 || score > 5) {
            throw ApiException.unprocessable("invalid_score", "score must be a whole number 1..5");
        }
        synchronized (ratingLocks[Math.floorMod((userId + answerId).hashCode(), ratingLocks.length)]) {
            Located l = locate(userId, answerId)
                    .orElseThrow(() -> ApiException.notFound("answer_not_found", "no such answer"));
            ObjectNode rec = l.record();
            JsonNode old = rec.path("rating");
            int oldScore = old.isObject() ? old.path("score").asInt(0) : 0;
            ObjectNode rating = rec.putObject("rating");
            rating.put("score", score);
            rating.put("ratedAt", clock.instant().toString());
            buckets.put(Bucket.AI_PROMPTS, l.key(), rec.toString().getBytes(StandardCharsets.UTF_8), "application/json");
            PromptType type = PromptType.valueOf(rec.path("type").asText());
            Instant created = Instant.parse(rec.path("createdAt").asText());
            int countDelta = oldScore == 0 ? 1 : 0;
            int sumDelta = score - oldScore;
            upsert(rec.path("model").asText(), type, created, m -> m.addRating(rec.path("model").asText(), type.name(),
                    day(created), countDelta, sumDelta));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", answerId);
            out.put("score", score);
            return out;
        }
    }

    // ---- ai_performance ------------------------------------------------------------------------

    private void recordCall(String model, PromptType type, boolean ok, long ms) {
        Instant now = clock.instant();
        upsert(model, type, now, m -> m.addCall(model, type.name(), day(now), ok ? 1 : 0, ms));
    }

    /** Update, or insert the day's row and update; a failure is logged, never the user's problem. */
    private void upsert(String model, PromptType type, Instant at, Function<AiMapper, Integer> update) {
        try (SqlSession session = sql.openSession(true)) {
            AiMapper m = session.getMapper(AiMapper.class);
            if (update.apply(m) == 0) {
                try {
                    m.insertRow(model, type.name(), day(at));
                } catch (PersistenceException concurrentInsert) {
                    // another call created the row first: the update below finds it
                }
                update.apply(m);
            }
        } catch (RuntimeException e) {
            LOG.warn("ai_performance not updated: {}", e.toString());
        }
    }

    List<PerformanceRow> performance(LocalDate from) {
        try (SqlSession session = sql.openSession(true)) {
            return session.getMapper(AiMapper.class).since(java.sql.Date.valueOf(from));
        }
    }

    static java.sql.Date day(Instant at) {
        return java.sql.Date.valueOf(LocalDate.ofInstant(at, ZoneOffset.UTC));
    }

    // ---- metrics -------------------------------------------------------------------------------

    private void count(String engine, PromptType type, String outcome) {
        engineCalls.computeIfAbsent(List.of(engine, type.name(), outcome), k -> new LongAdder()).increment();
    }

    long hits() {
        return hits.sum();
    }

    long misses() {
        return misses.sum();
    }

    long saved() {
        return saved.sum();
    }

    long fallbacks() {
        return fallbacks.sum();
    }

    long engineCalls() {
        return engineCalls.values().stream().mapToLong(LongAdder::sum).sum();
    }

    @Override
    public void contribute(MetricsWriter w) {
        long h = hits.sum();
        long m = misses.sum();
        w.counter("pauz_ai_cache_hits_total", "AI answers served from the ai-responses cache", Map.of(), h);
        w.counter("pauz_ai_cache_misses_total", "AI requests not found in the cache", Map.of(), m);
        w.counter("pauz_ai_engine_calls_saved_total", "Engine calls avoided by the cache and by joining identical running requests",
                Map.of(), saved.sum());
        w.gauge("pauz_ai_cache_hit_ratio", "Cache hits divided by lookups since start", Map.of(), h + m == 0 ? 0 : (double) h / (h + m));
        w.counter("pauz_ai_fallbacks_total", "Answers given by the offline engine because the configured one failed", Map.of(),
                fallbacks.sum());
        List<Map.Entry<List<String>, LongAdder>> calls = new ArrayList<>(engineCalls.entrySet());
        for (Map.Entry<List<String>, LongAdder> e : calls) {
            w.counter("pauz_ai_engine_calls_total", "Engine and analyzer calls by outcome (success, error, timeout, invalid)",
                    Map.of("engine", e.getKey().get(0), "type", e.getKey().get(1), "outcome", e.getKey().get(2)), e.getValue().sum());
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String blankTo(String s, String dflt) {
        return s == null || s.isBlank() ? dflt : s.strip();
    }

    private static String safe(java.util.function.Supplier<String> s, String dflt) {
        try {
            String v = s.get();
            return v == null || v.isBlank() ? dflt : v;
        } catch (RuntimeException e) {
            return dflt;
        }
    }
}
