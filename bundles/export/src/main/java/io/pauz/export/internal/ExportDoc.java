package io.pauz.export.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.pauz.api.guided.GuidedSessionRecord;
import io.pauz.api.journal.JournalEntry;

/**
 * The PAUZ JSON export, schema version {@value #SCHEMA_VERSION}: complete and re-importable. Readers ignore fields
 * they do not know, so later versions may add fields; a change that breaks readers raises the version.
 */
record ExportDoc(int schemaVersion, String format, Instant exportedAt, Range range, UserInfo user, List<EntryDoc> entries,
        List<SessionDoc> guidedSessions) {
    static final int SCHEMA_VERSION = 1;
    static final String FORMAT = "pauz-journal-export";

    record Range(Instant from, Instant to) {
    }

    record UserInfo(String name, String email, String timeZone) {
    }

    record Mood(Double score, String label) {
        static Mood of(Double score, String label) {
            return score == null && label == null ? null : new Mood(score, label);
        }
    }

    /** @param source {@code text}, {@code voice} or {@code import} */
    record EntryDoc(String id, String title, String text, Instant createdAt, Instant updatedAt, Mood mood, String source) {
    }

    record ExchangeDoc(String promptId, String prompt, String answer, Instant answeredAt) {
    }

    record SessionDoc(String id, String topic, String topicTitle, Instant startedAt, Instant completedAt,
            int plannedPrompts, int completionPercentage, Mood mood, List<ExchangeDoc> exchanges) {
        GuidedSessionRecord toRecord() {
            List<GuidedSessionRecord.Exchange> ex = new ArrayList<>();
            for (ExchangeDoc e : exchanges == null ? List.<ExchangeDoc>of() : exchanges) {
                ex.add(e == null ? null : new GuidedSessionRecord.Exchange(e.promptId(), e.prompt(), e.answer(), e.answeredAt()));
            }
            return new GuidedSessionRecord(id, topic, topicTitle, startedAt, completedAt, plannedPrompts,
                    completionPercentage, mood == null ? null : mood.score(), mood == null ? null : mood.label(), ex);
        }
    }

    static ExportDoc of(Snapshot s) {
        List<EntryDoc> entries = new ArrayList<>();
        for (JournalEntry e : s.entries()) {
            entries.add(new EntryDoc(e.id(), e.title(), e.text(), e.createdAt(), e.updatedAt(),
                    Mood.of(e.moodScore(), e.moodLabel()), e.source()));
        }
        List<SessionDoc> sessions = new ArrayList<>();
        for (GuidedSessionRecord r : s.sessions()) {
            List<ExchangeDoc> ex = new ArrayList<>();
            for (GuidedSessionRecord.Exchange e : r.exchanges()) {
                ex.add(new ExchangeDoc(e.promptId(), e.prompt(), e.answer(), e.answeredAt()));
            }
            sessions.add(new SessionDoc(r.id(), r.topic(), r.topicTitle(), r.startedAt(), r.completedAt(),
                    r.plannedPrompts(), r.completionPercentage(), Mood.of(r.moodScore(), r.moodLabel()), ex));
        }
        return new ExportDoc(SCHEMA_VERSION, FORMAT, s.exportedAt(), new Range(s.from(), s.to()),
                new UserInfo(s.name(), s.email(), s.zone().getId()), entries, sessions);
    }
}
