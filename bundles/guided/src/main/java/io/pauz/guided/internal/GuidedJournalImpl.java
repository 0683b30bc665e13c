package io.pauz.guided.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.ibatis.session.SqlSession;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.pauz.api.guided.GuidedJournal;
import io.pauz.api.guided.GuidedSessionRecord.Exchange;
import io.pauz.api.guided.GuidedSessionRecord;
import io.pauz.api.prompt.Prompt;
import io.pauz.api.rest.ApiException;
import io.pauz.guided.internal.Docs.Answer;
import io.pauz.guided.internal.Docs.ChosenPrompt;
import io.pauz.guided.internal.Docs.MoodAnalysis;
import io.pauz.guided.internal.Docs.ProgressDoc;
import io.pauz.guided.internal.Docs.ProgressStep;
import io.pauz.guided.internal.Docs.PromptRef;
import io.pauz.guided.internal.Docs.PromptsDoc;
import io.pauz.guided.internal.Docs.ResponsesDoc;
import io.pauz.guided.internal.Docs.SessionData;
import io.pauz.support.Ids;
import io.pauz.support.Words;

/**
 * Guided sessions for other features (export, import): read them with their prompts and answers, restore one
 * from an export. An imported session is written like a new one (documents first, then the row) so a failure
 * leaves nothing behind; its external id makes a second import of the same session a 409.
 */
@Component(service = GuidedJournal.class)
public class GuidedJournalImpl implements GuidedJournal {
    static final int MAX_EXTERNAL_ID = 200;
    private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");

    private final GuidedServiceImpl guided;

    @Activate
    public GuidedJournalImpl(@Reference GuidedServiceImpl guided) {
        this.guided = guided;
    }

    @Override
    public List<GuidedSessionRecord> sessions(String userId, Instant from, Instant to) {
        if (!Ids.isUserId(userId)) {
            return List.of();
        }
        List<SessionRow> rows;
        try (SqlSession session = guided.sql.openSession()) {
            rows = session.getMapper(GuidedMapper.class).range(userId, from, to);
        }
        List<GuidedSessionRecord> out = new ArrayList<>(rows.size());
        for (SessionRow row : rows) {
            out.add(record(row, guided.load(row)));
        }
        return out;
    }

    static GuidedSessionRecord record(SessionRow row, GuidedServiceImpl.Loaded state) {
        Map<String, Answer> answers = new HashMap<>();
        for (Answer a : state.responses().responses()) {
            answers.put(a.promptId(), a);
        }
        List<Exchange> exchanges = new ArrayList<>();
        for (ChosenPrompt p : state.prompts().prompts()) {
            Answer a = answers.get(p.id());
            if (a == null && row.completedAt != null) {
                continue; // the prompt served next when the session was closed early: never part of it
            }
            exchanges.add(new Exchange(p.id(), p.text(), a == null ? null : a.text(), a == null ? null : a.answeredAt()));
        }
        return new GuidedSessionRecord(row.id, row.topic, row.topicTitle, row.startedAt, row.completedAt, row.promptCount,
                row.completionPercentage, row.moodScore, row.moodLabel, exchanges);
    }

    @Override
    public boolean hasExternal(String userId, String externalId) {
        if (!Ids.isUserId(userId) || externalId == null) {
            return false;
        }
        try (SqlSession session = guided.sql.openSession()) {
            return session.getMapper(GuidedMapper.class).countExternal(userId, externalId) > 0;
        }
    }

    @Override
    public boolean deleteSession(String userId, String sessionId) {
        return guided.delete(userId, sessionId);
    }

    @Override
    public GuidedSessionRecord importSession(String userId, GuidedSessionRecord in, String externalId) {
        if (!Ids.isUserId(userId)) {
            throw new ApiException(401, "unauthorized", "sign in first");
        }
        Checked c = check(in, externalId, guided.config.max_answer_chars());
        String id = UUID.randomUUID().toString();
        Instant updated = c.completedAt != null ? c.completedAt : c.lastAnswer != null ? c.lastAnswer : in.startedAt();
        String status = c.completedAt != null ? GuidedServiceImpl.COMPLETED : GuidedServiceImpl.ACTIVE;

        // The plan and pool are rebuilt from what was served: an imported open session can go on with the same prompts.
        List<Prompt.Stage> plan = new ArrayList<>();
        List<PromptRef> pool = new ArrayList<>();
        List<ChosenPrompt> served = new ArrayList<>();
        List<Answer> answered = new ArrayList<>();
        for (int i = 0; i < in.plannedPrompts(); i++) {
            plan.add(i == 0 ? Prompt.Stage.OPENING : i == in.plannedPrompts() - 1 ? Prompt.Stage.CLOSING : Prompt.Stage.DEEPENING);
        }
        for (int i = 0; i < in.exchanges().size(); i++) {
            Exchange e = in.exchanges().get(i);
            PromptRef ref = new PromptRef(e.promptId(), e.prompt(), plan.get(i), List.of());
            pool.add(ref);
            Instant chosenAt = i == 0 ? in.startedAt() : in.exchanges().get(i - 1).answeredAt();
            served.add(new ChosenPrompt(i, e.promptId(), e.prompt(), plan.get(i), List.of(), chosenAt,
                    new Docs.Why("import", 0, List.of(), null, false, false, 0, "restored from an export")));
            if (e.answer() != null) {
                answered.add(new Answer(e.promptId(), e.answer(), Words.count(e.answer()), e.answeredAt()));
            }
        }
        String[] topic = in.topic().split(":", 2);
        SessionData data = new SessionData(Docs.FORMAT, id, userId, in.topic(), topic[0], topic[0], topic[1],
                in.topicTitle(), status, plan, pool, answered.size(), in.startedAt(), updated, c.completedAt);
        PromptsDoc prompts = new PromptsDoc(Docs.FORMAT, id, served);
        ResponsesDoc responses = new ResponsesDoc(Docs.FORMAT, id, answered);
        ProgressDoc progress = new ProgressDoc(Docs.FORMAT, id, List.of(new ProgressStep(guided.clock.instant()
                .truncatedTo(ChronoUnit.MILLIS), "imported", null, answered.size(), in.plannedPrompts(),
                in.completionPercentage(), in.moodScore())));

        SessionRow row = new SessionRow();
        row.id = id;
        row.userId = userId;
        row.topic = in.topic();
        row.pack = topic[0];
        row.topicTitle = GuidedServiceImpl.truncate(in.topicTitle(), 200);
        row.promptCount = in.plannedPrompts();
        row.answeredCount = answered.size();
        row.completionPercentage = in.completionPercentage();
        row.moodScore = in.moodScore();
        row.moodLabel = in.moodLabel();
        row.moodAnalysis = in.moodScore() == null ? null : guided.write(new MoodAnalysis(in.moodScore(),
                in.moodLabel() == null ? "" : in.moodLabel(), Map.of(), "import", List.of(), updated));
        row.status = status;
        row.startedAt = in.startedAt();
        row.updatedAt = updated;
        row.completedAt = c.completedAt;
        row.externalId = externalId;

        List<String> written = new ArrayList<>(4);
        try {
            written.add(guided.put(GuidedServiceImpl.SESSION_FOLDER, userId, id, data));
            written.add(guided.put(GuidedServiceImpl.PROMPTS_FOLDER, userId, id, prompts));
            written.add(guided.put(GuidedServiceImpl.RESPONSES_FOLDER, userId, id, responses));
            written.add(guided.put(GuidedServiceImpl.PROGRESS_FOLDER, userId, id, progress));
            try (SqlSession session = guided.sql.openSession(false)) {
                GuidedMapper mapper = session.getMapper(GuidedMapper.class);
                if (externalId != null && mapper.countExternal(userId, externalId) > 0) {
                    throw duplicate(externalId);
                }
                mapper.insertImported(row);
                session.commit();
            }
        } catch (RuntimeException e) {
            for (String key : written) {
                guided.deleteQuietly(key);
            }
            if (externalId != null && isUniqueViolation(e)) {
                throw duplicate(externalId);
            }
            throw e;
        }
        return record(row, new GuidedServiceImpl.Loaded(data, prompts, responses));
    }

    private record Checked(Instant completedAt, Instant lastAnswer) {
    }

    /** Everything an imported session must satisfy to look like one recorded here; 422 with what is wrong. */
    static Checked check(GuidedSessionRecord in, String externalId, int maxAnswerChars) {
        if (in == null) {
            throw invalid("the session is missing");
        }
        if (externalId != null && (externalId.isBlank() || externalId.length() > MAX_EXTERNAL_ID)) {
            throw ApiException.unprocessable("invalid_external_id", "externalId needs 1 to " + MAX_EXTERNAL_ID + " characters");
        }
        if (in.topic() == null || !in.topic().matches("[^:\\s]{1,100}:[^:\\s]{1,99}") || in.topic().length() > 200) {
            throw invalid("topic must be <pack>:<topic>");
        }
        if (in.startedAt() == null || in.startedAt().isBefore(EARLIEST)) {
            throw invalid("startedAt is required (after 1900)");
        }
        if (in.completedAt() != null && in.completedAt().isBefore(in.startedAt())) {
            throw invalid("completedAt is before startedAt");
        }
        if (in.plannedPrompts() < 1 || in.plannedPrompts() > GuidedServiceImpl.MAX_PER_SESSION) {
            throw invalid("plannedPrompts must be 1.." + GuidedServiceImpl.MAX_PER_SESSION);
        }
        if (in.completionPercentage() < 0 || in.completionPercentage() > 100) {
            throw invalid("completionPercentage must be 0..100");
        }
        if (in.moodScore() != null && (in.moodScore().isNaN() || in.moodScore() < -1 || in.moodScore() > 1)) {
            throw invalid("moodScore must be -1..1");
        }
        if (in.moodLabel() != null && in.moodLabel().length() > 40) {
            throw invalid("moodLabel is limited to 40 characters");
        }
        if (in.exchanges().size() > in.plannedPrompts()) {
            throw invalid("more exchanges than planned prompts");
        }
        Set<String> ids = new HashSet<>();
        boolean open = false;
        Instant last = null;
        for (Exchange e : in.exchanges()) {
            if (e == null || e.promptId() == null || e.promptId().isBlank() || e.promptId().length() > 200
                    || !ids.add(e.promptId())) {
                throw invalid("every exchange needs its own promptId");
            }
            if (e.prompt() == null || e.prompt().isBlank() || e.prompt().length() > 2000) {
                throw invalid("prompt " + e.promptId() + " has no text");
            }
            if (e.answer() == null) {
                open = true; // answers come in order: only the last prompt may be still unanswered
                continue;
            }
            if (open) {
                throw invalid("prompt " + e.promptId() + " is answered after an unanswered one");
            }
            if (e.answer().isBlank() || e.answer().length() > maxAnswerChars || e.answer().indexOf('\0') >= 0) {
                throw invalid("the answer to " + e.promptId() + " is empty, too long or has NUL characters");
            }
            if (e.answeredAt() == null || e.answeredAt().isBefore(in.startedAt())) {
                throw invalid("the answer to " + e.promptId() + " needs answeredAt after startedAt");
            }
            last = e.answeredAt();
        }
        long unanswered = in.exchanges().stream().filter(e -> e.answer() == null).count();
        if (unanswered > 1) {
            throw invalid("at most the last prompt may be unanswered");
        }
        return new Checked(in.completedAt(), last);
    }

    private static ApiException invalid(String why) {
        return ApiException.unprocessable("invalid_session", why);
    }

    private static ApiException duplicate(String externalId) {
        return new ApiException(409, "duplicate_session", "a session with external id " + externalId + " exists already");
    }

    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException s && "23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
