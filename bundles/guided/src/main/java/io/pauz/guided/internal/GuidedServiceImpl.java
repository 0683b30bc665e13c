package io.pauz.guided.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.osgi.service.component.ComponentServiceObjects;
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
import io.pauz.api.metrics.MetricsContributor;
import io.pauz.api.metrics.MetricsWriter;
import io.pauz.api.mood.MoodAnalyzer;
import io.pauz.api.mood.MoodReading;
import io.pauz.api.prompt.Prompt;
import io.pauz.api.prompt.PromptPack;
import io.pauz.api.rest.ApiException;
import io.pauz.api.sql.MigratedSchema;
import io.pauz.guided.internal.Docs.Answer;
import io.pauz.guided.internal.Docs.AnswerMood;
import io.pauz.guided.internal.Docs.ChosenPrompt;
import io.pauz.guided.internal.Docs.MoodAnalysis;
import io.pauz.guided.internal.Docs.ProgressDoc;
import io.pauz.guided.internal.Docs.ProgressStep;
import io.pauz.guided.internal.Docs.PromptRef;
import io.pauz.guided.internal.Docs.PromptsDoc;
import io.pauz.guided.internal.Docs.ResponsesDoc;
import io.pauz.guided.internal.Docs.SessionData;
import io.pauz.guided.internal.Views.CurrentPrompt;
import io.pauz.guided.internal.Views.MoodSummary;
import io.pauz.guided.internal.Views.MoodView;
import io.pauz.guided.internal.Views.Progress;
import io.pauz.guided.internal.Views.PromptView;
import io.pauz.guided.internal.Views.ResponseView;
import io.pauz.guided.internal.Views.SessionPage;
import io.pauz.guided.internal.Views.SessionSummary;
import io.pauz.guided.internal.Views.SessionView;
import io.pauz.guided.internal.Views.TopicView;
import io.pauz.support.AwaitedBucketStore;
import io.pauz.support.DaemonThreads;
import io.pauz.support.Ids;
import io.pauz.support.KeysetCursor;
import io.pauz.support.Listeners;
import io.pauz.support.RankedServices;
import io.pauz.support.Words;

/**
 * Guided journaling sessions. The row in {@code guided_journal_sessions} is the source of truth for which sessions
 * exist and how far each got; the four documents of a session in the guided-journals bucket are written BEFORE the
 * row is inserted or updated (and removed or restored when that fails), and readers use only as much of them as the
 * row says. So a crash at any point shows the session as it was before or after a step, never half of one.
 * Changes to one session take turns on the row's lock.
 */
@Component(service = { GuidedServiceImpl.class, MetricsContributor.class }, configurationPid = GuidedServiceImpl.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = GuidedConfig.class)
public class GuidedServiceImpl implements MetricsContributor {
    static final String PID = "io.pauz.guided";
    static final String SESSION_FOLDER = "session-data/";
    static final String PROMPTS_FOLDER = "prompts-generated/";
    static final String RESPONSES_FOLDER = "user-responses/";
    static final String PROGRESS_FOLDER = "progress-tracking/";
    static final String ACTIVE = "active";
    static final String COMPLETED = "completed";
    static final int MAX_PER_SESSION = 50;
    private static final String JSON = "application/json";
    private static final Logger LOG = LoggerFactory.getLogger(GuidedServiceImpl.class);
    private static final int ATTEMPTS = 3;

    final GuidedConfig config;
    final SqlSessionFactory sql;
    /** Dynamic: updating or switching the bucket provider leaves this component in place (see AwaitedBucketStore). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile BucketStore bucketProvider;
    final BucketStore buckets = new AwaitedBucketStore(() -> bucketProvider);
    Clock clock = Clock.systemUTC();
    final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule()) // explicit: no ServiceLoader in OSGi
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final PromptPacks packs = new PromptPacks();
    private final RankedServices<MoodAnalyzer> analyzers = new RankedServices<>(MoodAnalyzer.ID_PROPERTY);
    private final CompletionPublisher completions = new CompletionPublisher();
    private final ExecutorService moodPool = Executors.newCachedThreadPool(DaemonThreads.named("pauz-guided-mood"));
    private final int perSession;
    private final Set<String> gentleTerms;
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong answers = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong deleted = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();

    @Activate
    public GuidedServiceImpl(GuidedConfig config, @Reference(target = "(pauz.sql.provider=*)") DataSource dataSource,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=io.pauz.guided)") MigratedSchema schema) {
        this(config, dataSource, null, schema);
    }

    /** Tests (of this and other features): a fixed bucket store. */
    public GuidedServiceImpl(GuidedConfig config, DataSource dataSource, BucketStore buckets, MigratedSchema schema) {
        this.config = config;
        this.bucketProvider = buckets;
        this.perSession = Math.max(1, Math.min(MAX_PER_SESSION, config.prompts_per_session()));
        Set<String> gentle = new LinkedHashSet<>();
        for (String tag : config.gentle_tags() == null ? new String[0] : config.gentle_tags()) {
            String term = Words.tagTerm(tag);
            if (!term.isEmpty()) {
                gentle.add(term);
            }
        }
        this.gentleTerms = Set.copyOf(gentle);
        org.apache.ibatis.session.Configuration mybatis = new org.apache.ibatis.session.Configuration(
                new Environment("pauz", new JdbcTransactionFactory(), dataSource));
        mybatis.addMapper(GuidedMapper.class);
        this.sql = new SqlSessionFactoryBuilder().build(mybatis);
    }

    @Deactivate
    void deactivate() {
        moodPool.shutdownNow();
        completions.close();
    }

    // ---- plug-ins ------------------------------------------------------------------------------

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addPromptPack(PromptPack pack, Map<String, Object> props) {
        packs.add(pack, props);
    }

    void removePromptPack(PromptPack pack, Map<String, Object> props) {
        packs.remove(props);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addMoodAnalyzer(MoodAnalyzer analyzer, Map<String, Object> props) {
        analyzers.add(analyzer, props);
    }

    void removeMoodAnalyzer(MoodAnalyzer analyzer, Map<String, Object> props) {
        analyzers.remove(props);
    }

    /** Completion listeners of other features (garden, statistics); obtained on their first event (see Listeners). */
    private final Listeners<io.pauz.api.guided.GuidedSessionListener> sessionListeners = new Listeners<>();
    private final Consumer<SessionCompletion> listenerSink = c -> {
        io.pauz.api.guided.GuidedSessionEvent event = new io.pauz.api.guided.GuidedSessionEvent(c.userId(), c.sessionId(),
                c.topic(), c.pack(), c.topicTitle(), c.answered(), c.planned(), c.completionPercentage(), c.moodScore(),
                c.moodLabel(), c.completedAt());
        sessionListeners.forEach(l -> l.sessionCompleted(event),
                (l, e) -> LOG.warn("guided session listener {} failed on {}", l, c.sessionId(), e));
    };

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addGuidedSessionListener(ComponentServiceObjects<io.pauz.api.guided.GuidedSessionListener> listener) {
        boolean first = sessionListeners.isEmpty();
        sessionListeners.add(listener);
        if (first) {
            completions.add(listenerSink);
        }
    }

    void removeGuidedSessionListener(ComponentServiceObjects<io.pauz.api.guided.GuidedSessionListener> listener) {
        sessionListeners.remove(listener);
        if (sessionListeners.isEmpty()) {
            completions.remove(listenerSink);
        }
    }

    void addCompletionSink(Consumer<SessionCompletion> sink) {
        completions.add(sink);
    }

    void removeCompletionSink(Consumer<SessionCompletion> sink) {
        completions.remove(sink);
    }

    /** The configured analyzer, or the highest ranked one when none is configured; null when none is there. */
    MoodAnalyzer moodAnalyzer() {
        return analyzers.pick(config.mood_analyzer());
    }

    // ---- topics ----------------------------------------------------------------------------------

    public List<TopicView> topics() {
        return packs.topics();
    }

    // ---- sessions --------------------------------------------------------------------------------

    public SessionView start(String userId, String topicRef) {
        checkUser(userId);
        PromptPacks.Resolved topic;
        try {
            topic = packs.resolve(topicRef);
        } catch (PromptPacks.AmbiguousTopic e) {
            throw ApiException.unprocessable("ambiguous_topic", e.getMessage());
        }
        if (topic == null) {
            throw ApiException.notFound("topic_not_found", "no installed prompt pack has this topic");
        }
        List<Prompt.Stage> plan = PromptPicker.plan(perSession, topic.prompts());
        if (plan.isEmpty()) {
            throw ApiException.unprocessable("topic_empty", "this topic has no prompts");
        }
        Instant now = now();
        String id = UUID.randomUUID().toString();
        PromptPicker.Picked first = PromptPicker.choose(id, plan.get(0), topic.prompts(), Set.of(), context(List.of(), null));
        SessionData data = new SessionData(Docs.FORMAT, id, userId, topic.qualifiedId(), topic.packId(), topic.packName(),
                topic.topic().id(), topic.topic().title(), ACTIVE, plan, topic.prompts(), 0, now, now, null);
        PromptsDoc prompts = new PromptsDoc(Docs.FORMAT, id, List.of(chosen(0, first, now)));
        ResponsesDoc responses = new ResponsesDoc(Docs.FORMAT, id, List.of());
        ProgressDoc progress = new ProgressDoc(Docs.FORMAT, id,
                List.of(new ProgressStep(now, "started", first.prompt().id(), 0, plan.size(), 0, null)));

        SessionRow row = new SessionRow();
        row.id = id;
        row.userId = userId;
        row.topic = topic.qualifiedId();
        row.pack = topic.packId();
        row.topicTitle = truncate(topic.topic().title(), 200);
        row.promptCount = plan.size();
        row.status = ACTIVE;
        row.startedAt = now;
        row.updatedAt = now;

        List<String> written = new ArrayList<>(4);
        try {
            // Objects first: until the row commits nobody can see them, and the catch removes them.
            written.add(put(SESSION_FOLDER, userId, id, data));
            written.add(put(PROMPTS_FOLDER, userId, id, prompts));
            written.add(put(RESPONSES_FOLDER, userId, id, responses));
            written.add(put(PROGRESS_FOLDER, userId, id, progress));
            try (SqlSession session = sql.openSession(false)) {
                session.getMapper(GuidedMapper.class).insert(row);
                session.commit();
            }
        } catch (RuntimeException e) {
            for (String key : written) {
                deleteQuietly(key);
            }
            throw e;
        }
        started.incrementAndGet();
        return view(row, new Loaded(data, prompts, responses));
    }

    public SessionView get(String userId, String sessionId) {
        SessionRow row = requireRow(userId, sessionId);
        return view(row, load(row));
    }

    public SessionPage list(String userId, String status, int limit, String cursor) {
        checkUser(userId);
        if (limit < 1 || limit > 100) {
            throw ApiException.badRequest("bad_limit", "limit must be 1..100");
        }
        if (status != null && !status.equals(ACTIVE) && !status.equals(COMPLETED)) {
            throw ApiException.badRequest("bad_status", "status must be active or completed");
        }
        List<SessionRow> rows;
        try (SqlSession session = sql.openSession()) {
            rows = session.getMapper(GuidedMapper.class).page(userId, status, KeysetCursor.decode(cursor), limit + 1);
        }
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            SessionRow last = rows.get(limit - 1);
            next = new KeysetCursor(last.startedAt, last.id).encode();
        }
        List<SessionSummary> out = new ArrayList<>(rows.size());
        for (SessionRow r : rows) {
            out.add(new SessionSummary(r.id, r.topic, r.pack, r.topicTitle, r.status, progress(r),
                    r.moodScore == null ? null : new MoodSummary(r.moodScore, r.moodLabel), r.startedAt, r.updatedAt,
                    r.completedAt));
        }
        return new SessionPage(out, next);
    }

    /** Records the answer to the current prompt and picks the next one from the answers so far. */
    public SessionView answer(String userId, String sessionId, String promptId, String text) {
        checkAnswer(text);
        if (promptId == null || promptId.isBlank()) {
            throw ApiException.unprocessable("missing_prompt_id", "promptId is required");
        }
        for (int attempt = 1;; attempt++) {
            SessionRow row = requireRow(userId, sessionId);
            requireActive(row);
            Loaded state = load(row);
            List<ChosenPrompt> served = state.prompts().prompts();
            if (row.answeredCount >= row.promptCount || served.size() <= row.answeredCount) {
                throw new ApiException(409, "no_current_prompt", "every planned prompt is answered; complete the session");
            }
            ChosenPrompt current = served.get(row.answeredCount);
            if (!current.id().equals(promptId)) {
                throw new ApiException(409, "wrong_prompt", "answer the current prompt " + current.id());
            }
            Instant now = now();
            List<Answer> answered = new ArrayList<>(state.responses().responses());
            answered.add(new Answer(promptId, text, Words.count(text), now));
            int count = answered.size();
            int percentage = percentage(count, row.promptCount);

            List<ChosenPrompt> prompts = new ArrayList<>(served);
            Double mood = null;
            if (count < row.promptCount) {
                List<String> texts = answered.stream().map(Answer::text).toList();
                MoodReading reading = readMood(String.join("\n\n", texts));
                mood = reading == null ? null : reading.score();
                Set<String> used = new HashSet<>();
                served.forEach(p -> used.add(p.id()));
                PromptPicker.Picked next = PromptPicker.choose(sessionId, state.data().plan().get(count),
                        state.data().pool(), used, context(texts, mood));
                if (next != null) {
                    prompts.add(chosen(count, next, now));
                }
            }
            SessionData data = state.data().with(ACTIVE, count, now, null);
            PromptsDoc promptsDoc = new PromptsDoc(Docs.FORMAT, sessionId, prompts);
            ResponsesDoc responses = new ResponsesDoc(Docs.FORMAT, sessionId, answered);
            Optional<Boolean> done = commitStep(row, data, promptsDoc, responses,
                    new ProgressStep(now, "answered", promptId, count, row.promptCount, percentage, mood),
                    mapper -> mapper.updateProgress(userId, sessionId, count, percentage, now));
            if (done.isPresent()) {
                answers.incrementAndGet();
                row.answeredCount = count;
                row.completionPercentage = percentage;
                row.updatedAt = now;
                return view(row, new Loaded(data, promptsDoc, responses));
            }
            conflicts.incrementAndGet();
            if (attempt >= ATTEMPTS) {
                throw new ApiException(409, "conflict", "the session changed meanwhile; reload it");
            }
            // Someone else changed the session between our read and our lock: the next round reports why.
        }
    }

    /** Reads the mood of all answers, marks the session completed, tells listeners. */
    public SessionView complete(String userId, String sessionId) {
        for (int attempt = 1;; attempt++) {
            SessionRow row = requireRow(userId, sessionId);
            requireActive(row);
            Loaded state = load(row);
            Instant now = now();
            MoodAnalysis analysis = analyzeSession(state.responses().responses(), now);
            String analysisJson = analysis == null ? null : write(analysis);
            Double score = analysis == null ? null : analysis.score();
            String label = analysis == null ? null : truncate(analysis.label(), 40);
            int percentage = percentage(row.answeredCount, row.promptCount);
            SessionData data = state.data().with(COMPLETED, row.answeredCount, now, now);
            Optional<Boolean> done = commitStep(row, data, null, null,
                    new ProgressStep(now, COMPLETED, null, row.answeredCount, row.promptCount, percentage, score),
                    mapper -> mapper.complete(userId, sessionId, percentage, score, label, analysisJson, now));
            if (done.isPresent()) {
                completed.incrementAndGet();
                row.status = COMPLETED;
                row.completionPercentage = percentage;
                row.moodScore = score;
                row.moodLabel = label;
                row.moodAnalysis = analysisJson;
                row.updatedAt = now;
                row.completedAt = now;
                completions.publish(new SessionCompletion(userId, sessionId, row.topic, row.pack, row.topicTitle,
                        row.answeredCount, row.promptCount, percentage, score, label, now));
                return view(row, new Loaded(data, state.prompts(), state.responses()));
            }
            conflicts.incrementAndGet();
            if (attempt >= ATTEMPTS) {
                throw new ApiException(409, "conflict", "the session changed meanwhile; reload it");
            }
        }
    }

    /** Removes the session: the row first (then it is gone for every reader), its objects after. */
    public boolean delete(String userId, String sessionId) {
        if (!Ids.isUuid(sessionId) || !Ids.isUserId(userId)) {
            return false;
        }
        try (SqlSession session = sql.openSession(false)) {
            if (session.getMapper(GuidedMapper.class).delete(userId, sessionId) == 0) {
                return false;
            }
            session.commit();
        }
        for (String folder : List.of(SESSION_FOLDER, PROMPTS_FOLDER, RESPONSES_FOLDER, PROGRESS_FOLDER)) {
            deleteQuietly(key(folder, userId, sessionId));
        }
        deleted.incrementAndGet();
        return true;
    }

    // ---- the write protocol ---------------------------------------------------------------------

    private interface RowUpdate {
        int apply(GuidedMapper mapper);
    }

    /**
     * Under the row's lock: checks that the row is still as {@code seen}, writes the documents (null: unchanged),
     * appends {@code step} to the progress history, updates the row and commits. On failure the documents get their
     * previous content back. Empty: the row changed since it was read (the caller reads again).
     */
    private Optional<Boolean> commitStep(SessionRow seen, SessionData data, PromptsDoc prompts, ResponsesDoc responses,
            ProgressStep step, RowUpdate update) {
        String userId = seen.userId;
        String id = seen.id;
        Map<String, byte[]> previous = new LinkedHashMap<>();
        try (SqlSession session = sql.openSession(false)) {
            GuidedMapper mapper = session.getMapper(GuidedMapper.class);
            if (mapper.lock(userId, id) == 0) {
                throw notFound();
            }
            SessionRow now = mapper.find(userId, id);
            if (now == null || !now.status.equals(seen.status) || now.answeredCount != seen.answeredCount) {
                session.rollback();
                return Optional.empty();
            }
            ProgressDoc progress = read(PROGRESS_FOLDER, userId, id, ProgressDoc.class)
                    .orElse(new ProgressDoc(Docs.FORMAT, id, List.of()));
            List<ProgressStep> history = new ArrayList<>(progress.history());
            history.add(step);
            try {
                replace(previous, PROGRESS_FOLDER, userId, id, new ProgressDoc(Docs.FORMAT, id, history));
                if (responses != null) {
                    replace(previous, RESPONSES_FOLDER, userId, id, responses);
                }
                if (prompts != null) {
                    replace(previous, PROMPTS_FOLDER, userId, id, prompts);
                }
                replace(previous, SESSION_FOLDER, userId, id, data);
                if (update.apply(mapper) != 1) {
                    throw new IllegalStateException("session row " + id + " did not update under its lock");
                }
                session.commit();
            } catch (RuntimeException e) {
                session.rollback();
                restore(previous);
                throw e;
            }
        }
        return Optional.of(Boolean.TRUE);
    }

    private void replace(Map<String, byte[]> previous, String folder, String userId, String id, Object doc) {
        String key = key(folder, userId, id);
        byte[] old = buckets.get(Bucket.GUIDED_JOURNALS, key).map(StoredObject::readAllBytes).orElse(null);
        previous.put(key, old);
        buckets.put(Bucket.GUIDED_JOURNALS, key, bytes(doc), JSON);
    }

    private void restore(Map<String, byte[]> previous) {
        for (Map.Entry<String, byte[]> e : previous.entrySet()) {
            try {
                if (e.getValue() == null) {
                    buckets.delete(Bucket.GUIDED_JOURNALS, e.getKey());
                } else {
                    buckets.put(Bucket.GUIDED_JOURNALS, e.getKey(), e.getValue(), JSON);
                }
            } catch (RuntimeException ex) {
                // The row was not changed, and readers trust the row: a document left ahead is never shown.
                LOG.warn("could not restore {}/{}: {}", Bucket.GUIDED_JOURNALS.id(), e.getKey(), ex.toString());
            }
        }
    }

    // ---- reading ----------------------------------------------------------------------------------

    record Loaded(SessionData data, PromptsDoc prompts, ResponsesDoc responses) {
    }

    /** The session's documents, cut to what the row has committed. */
    Loaded load(SessionRow row) {
        SessionData data = read(SESSION_FOLDER, row.userId, row.id, SessionData.class)
                .orElseThrow(() -> missing(row, SESSION_FOLDER));
        PromptsDoc prompts = read(PROMPTS_FOLDER, row.userId, row.id, PromptsDoc.class)
                .orElseThrow(() -> missing(row, PROMPTS_FOLDER));
        ResponsesDoc responses = read(RESPONSES_FOLDER, row.userId, row.id, ResponsesDoc.class)
                .orElse(new ResponsesDoc(Docs.FORMAT, row.id, List.of()));
        int served = Math.min(row.promptCount, row.answeredCount + 1);
        if (prompts.prompts().size() > served) {
            prompts = new PromptsDoc(prompts.format(), prompts.sessionId(), prompts.prompts().subList(0, served));
        }
        if (responses.responses().size() > row.answeredCount) {
            responses = new ResponsesDoc(responses.format(), responses.sessionId(),
                    responses.responses().subList(0, row.answeredCount));
        } else if (responses.responses().size() < row.answeredCount) {
            LOG.error("session {} has {} answers stored but its row counts {}", row.id, responses.responses().size(),
                    row.answeredCount);
        }
        return new Loaded(data, prompts, responses);
    }

    SessionView view(SessionRow row, Loaded state) {
        Set<String> answeredIds = new HashSet<>();
        List<ResponseView> responses = new ArrayList<>();
        for (Answer a : state.responses().responses()) {
            answeredIds.add(a.promptId());
            responses.add(new ResponseView(a.promptId(), a.text(), a.answeredAt()));
        }
        List<PromptView> prompts = new ArrayList<>();
        CurrentPrompt current = null;
        for (ChosenPrompt p : state.prompts().prompts()) {
            boolean done = answeredIds.contains(p.id());
            prompts.add(new PromptView(p.id(), p.text(), p.stage(), done));
            if (!done && current == null && ACTIVE.equals(row.status)) {
                current = new CurrentPrompt(p.id(), p.text(), p.stage());
            }
        }
        MoodView mood = null;
        if (row.moodAnalysis != null) {
            MoodAnalysis a = parse(row.moodAnalysis, MoodAnalysis.class);
            mood = new MoodView(a.score(), a.label(), a.emotions(), a.analyzer(), a.answers());
        }
        return new SessionView(row.id, row.topic, row.pack, row.topicTitle, row.status, prompts, current, responses,
                progress(row), mood, row.startedAt, row.updatedAt, row.completedAt);
    }

    private static Progress progress(SessionRow row) {
        return new Progress(row.answeredCount, row.promptCount, row.completionPercentage);
    }

    /** The row, or a 404 that looks the same whether the session is missing or another user's. */
    SessionRow requireRow(String userId, String sessionId) {
        if (Ids.isUuid(sessionId) && Ids.isUserId(userId)) {
            try (SqlSession session = sql.openSession()) {
                SessionRow row = session.getMapper(GuidedMapper.class).find(userId, sessionId);
                if (row != null) {
                    return row;
                }
            }
        }
        throw notFound();
    }

    private static void requireActive(SessionRow row) {
        if (!ACTIVE.equals(row.status)) {
            throw new ApiException(409, "session_completed", "the session is completed");
        }
    }

    // ---- mood ---------------------------------------------------------------------------------------

    private PromptPicker.Context context(List<String> texts, Double mood) {
        return new PromptPicker.Context(texts, mood, config.low_mood_threshold(), gentleTerms);
    }

    /** A reading within {@code mood.wait.millis}, or null (no analyzer, failure, too slow): sessions never wait longer. */
    MoodReading readMood(String text) {
        MoodAnalyzer analyzer = moodAnalyzer();
        if (analyzer == null || text == null || text.isBlank()) {
            return null;
        }
        Future<MoodReading> reading;
        try {
            reading = moodPool.submit(() -> analyzer.analyze(text));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return null;
        }
        try {
            return reading.get(Math.max(1, config.mood_wait_millis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            reading.cancel(true);
            LOG.warn("mood analyzer {} took longer than {} ms; going on without it", analyzer.getClass().getName(),
                    config.mood_wait_millis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("mood analyzer {} failed: {}", analyzer.getClass().getName(), e.getCause().toString());
        }
        return null;
    }

    /** The whole session's mood (all answers read as one text) and each answer's; null without analyzer or answers. */
    private MoodAnalysis analyzeSession(List<Answer> answered, Instant now) {
        if (answered.isEmpty() || moodAnalyzer() == null) {
            return null;
        }
        MoodReading whole = readMood(String.join("\n\n", answered.stream().map(Answer::text).toList()));
        if (whole == null) {
            return null;
        }
        List<AnswerMood> each = new ArrayList<>();
        for (Answer a : answered) {
            MoodReading r = readMood(a.text());
            if (r != null) {
                each.add(new AnswerMood(a.promptId(), r.score(), r.label()));
            }
        }
        return new MoodAnalysis(whole.score(), whole.label(), whole.emotions(), whole.analyzer(), each, now);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static ChosenPrompt chosen(int position, PromptPicker.Picked picked, Instant at) {
        PromptRef p = picked.prompt();
        return new ChosenPrompt(position, p.id(), p.text(), p.stage(), p.tags(), at, picked.why());
    }

    static int percentage(int answered, int planned) {
        return planned <= 0 ? 0 : (int) Math.round(100.0 * answered / planned);
    }

    private void checkAnswer(String text) {
        if (text == null || text.isBlank()) {
            throw ApiException.unprocessable("empty_answer", "text is required");
        }
        if (text.length() > config.max_answer_chars()) {
            throw new ApiException(413, "answer_too_long", "answers are limited to " + config.max_answer_chars() + " characters");
        }
        if (text.indexOf('\0') >= 0) {
            throw ApiException.unprocessable("invalid_text", "text must not contain NUL characters");
        }
    }

    private static void checkUser(String userId) {
        if (!Ids.isUserId(userId)) {
            throw new ApiException(401, "unauthorized", "sign in first");
        }
    }

    private static ApiException notFound() {
        return ApiException.notFound("session_not_found", "no such session");
    }

    private static ApiException missing(SessionRow row, String folder) {
        LOG.error("session {} exists but its {} document is missing from storage", row.id, folder);
        return new ApiException(500, "session_data_missing", "this session's stored data is missing");
    }

    static String key(String folder, String userId, String sessionId) {
        return ObjectKeys.userKey(folder, userId, sessionId + ".json");
    }

    String put(String folder, String userId, String id, Object doc) {
        String key = key(folder, userId, id);
        buckets.put(Bucket.GUIDED_JOURNALS, key, bytes(doc), JSON);
        return key;
    }

    private <T> Optional<T> read(String folder, String userId, String id, Class<T> type) {
        return buckets.get(Bucket.GUIDED_JOURNALS, key(folder, userId, id))
                .map(o -> {
                    try {
                        return json.readValue(o.readAllBytes(), type);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + folder + " of session " + id, e);
                    }
                });
    }

    private byte[] bytes(Object doc) {
        try {
            return json.writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String write(Object doc) {
        try {
            return json.writeValueAsString(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    <T> T parse(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void deleteQuietly(String key) {
        try {
            buckets.delete(Bucket.GUIDED_JOURNALS, key);
        } catch (RuntimeException e) {
            LOG.warn("could not delete {}/{}: {}", Bucket.GUIDED_JOURNALS.id(), key, e.toString());
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    // ---- metrics ------------------------------------------------------------------------------------

    @Override
    public void contribute(MetricsWriter writer) {
        writer.counter("pauz_guided_sessions_started_total", "Guided sessions started", Map.of(), started.get());
        writer.counter("pauz_guided_answers_total", "Answers recorded in guided sessions", Map.of(), answers.get());
        writer.counter("pauz_guided_sessions_completed_total", "Guided sessions completed", Map.of(), completed.get());
        writer.counter("pauz_guided_sessions_deleted_total", "Guided sessions deleted", Map.of(), deleted.get());
        writer.counter("pauz_guided_conflicts_total", "Session changes retried because of a concurrent change", Map.of(),
                conflicts.get());
    }
}
