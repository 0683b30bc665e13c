package io.pauz.guided.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.pauz.api.prompt.Prompt;

/**
 * The JSON documents a session keeps in the guided-journals bucket. The SQL row is the source of truth for how far
 * a session got: readers use only the first {@code answered_count} responses and the prompts served up to then, so
 * a document written ahead of a commit that then failed is never shown.
 */
final class Docs {
    static final int FORMAT = 1;

    private Docs() {
    }

    /** A prompt of the topic as captured when the session started; later pack changes do not reach the session. */
    record PromptRef(String id, String text, Prompt.Stage stage, List<String> tags) {
        PromptRef {
            tags = tags == null ? List.of() : List.copyOf(tags);
        }
    }

    /** {@code session-data/<user>/<id>.json}: what the session is about, its plan and its candidate prompts. */
    record SessionData(int format, String id, String userId, String topic, String pack, String packName, String topicId,
            String topicTitle, String status, List<Prompt.Stage> plan, List<PromptRef> pool, int answered,
            Instant startedAt, Instant updatedAt, Instant completedAt) {
        SessionData {
            plan = plan == null ? List.of() : List.copyOf(plan);
            pool = pool == null ? List.of() : List.copyOf(pool);
        }

        SessionData with(String newStatus, int newAnswered, Instant at, Instant completed) {
            return new SessionData(format, id, userId, topic, pack, packName, topicId, topicTitle, newStatus, plan, pool,
                    newAnswered, startedAt, at, completed);
        }
    }

    /** Why a prompt was chosen, for people tuning packs and for support. */
    record Why(String rule, int score, List<String> matchedTags, Double moodScore, boolean lowMood, boolean gentle,
            int candidates, String summary) {
        Why {
            matchedTags = matchedTags == null ? List.of() : List.copyOf(matchedTags);
        }
    }

    record ChosenPrompt(int position, String id, String text, Prompt.Stage stage, List<String> tags, Instant chosenAt, Why why) {
        ChosenPrompt {
            tags = tags == null ? List.of() : List.copyOf(tags);
        }
    }

    /** {@code prompts-generated/<user>/<id>.json}. */
    record PromptsDoc(int format, String sessionId, List<ChosenPrompt> prompts) {
        PromptsDoc {
            prompts = prompts == null ? List.of() : List.copyOf(prompts);
        }
    }

    record Answer(String promptId, String text, int wordCount, Instant answeredAt) {
    }

    /** {@code user-responses/<user>/<id>.json}. */
    record ResponsesDoc(int format, String sessionId, List<Answer> responses) {
        ResponsesDoc {
            responses = responses == null ? List.of() : List.copyOf(responses);
        }
    }

    record ProgressStep(Instant at, String event, String promptId, int answered, int planned, int completionPercentage,
            Double moodScore) {
    }

    /** {@code progress-tracking/<user>/<id>.json}. */
    record ProgressDoc(int format, String sessionId, List<ProgressStep> history) {
        ProgressDoc {
            history = history == null ? List.of() : List.copyOf(history);
        }
    }

    /** Stored in the row's mood_analysis column: the whole session's reading and one per answer. */
    record MoodAnalysis(double score, String label, Map<String, Double> emotions, String analyzer,
            List<AnswerMood> answers, Instant analyzedAt) {
        MoodAnalysis {
            emotions = emotions == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(emotions));
            answers = answers == null ? List.of() : List.copyOf(answers);
        }
    }

    record AnswerMood(String promptId, double score, String label) {
    }
}
