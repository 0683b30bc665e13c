package io.pauz.recommendations.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What PAUZ has learned about one user from what they did, as stored in
 * {@code ai-models/personalization-data/<user>/profile.json} and the SmartMemory cache {@code personalization}.
 * Derived only from the user's own data; recomputed when their journal or guided sessions change.
 *
 * @param format     layout version of this document
 * @param computedAt when it was derived
 * @param newestData the newest entry or session time it saw, to tell whether a stored copy is still current
 */
public record Profile(int format, String userId, Instant computedAt, Instant newestData, Sources sources, int entries,
        int sessions, Writing writing, Moods moods, ActiveHours activeHours, Guided guided, List<Theme> recentThemes,
        Voice voice) {
    static final int FORMAT = 1;

    public Profile {
        recentThemes = recentThemes == null ? List.of() : List.copyOf(recentThemes);
    }

    /** A user with nothing written and no session yet. */
    boolean isNew() {
        return entries == 0 && sessions == 0;
    }

    /**
     * Which services the profile could read. AI usage (hints, reflections) is not observable: the AI feature
     * publishes no events and no per-user history, so it is not part of the profile.
     */
    public record Sources(boolean journal, boolean guided, boolean directory, String ai) {
    }

    /**
     * @param typicalWords       median words per entry
     * @param typicalAnswerWords median words per guided answer
     * @param vocabularyVariety  distinct words per word, averaged over 50-word windows of the sampled texts (0..1)
     * @param length             {@code brief} (median under 60 words), {@code moderate}, {@code expansive} (over 250), or {@code unknown}
     * @param sampled            entries whose text was read
     */
    public record Writing(int typicalWords, double meanWords, int typicalAnswerWords, double vocabularyVariety,
            double questionsPerEntry, double exclamationsPerEntry, double typedShare, double voiceShare, String length,
            int sampled) {
    }

    /**
     * @param latest    average of the newest five readings
     * @param trend     {@code latest} minus the overall average
     * @param direction {@code rising}, {@code falling}, {@code steady} or {@code unknown}
     */
    public record Moods(Window recent, Window overall, Double latest, Double trend, String direction) {
    }

    /** Mood readings of entries and guided sessions within {@code days}. */
    public record Window(int days, int readings, Double average, Map<String, Integer> labels) {
    }

    /**
     * @param hours     entries and sessions started per hour of the day (0..23) in the user's zone
     * @param peakHours the busiest hours, busiest first
     * @param partOfDay {@code morning} (5-12), {@code afternoon} (12-17), {@code evening} (17-22), {@code night} or {@code unknown}
     */
    public record ActiveHours(String zone, List<Integer> hours, List<Integer> peakHours, String partOfDay) {
    }

    /**
     * Guided journaling: the user's "prompt types" are the topics they choose.
     *
     * @param favourites qualified topic ids the user completes most, best first
     */
    public record Guided(List<TopicUse> topics, List<String> favourites, List<RecentSession> recent,
            List<AnsweredPrompt> answered) {
    }

    /** @param recentSessions sessions of this topic within the repeat window */
    public record TopicUse(String topic, String title, int sessions, int completed, int recentSessions,
            double averageCompletion, Double averageMood, Instant lastAt) {
    }

    public record RecentSession(String topic, String title, Instant startedAt, int completionPercentage, Double moodScore) {
    }

    /** A prompt the user answered, so it is not recommended again for a while. */
    public record AnsweredPrompt(String topic, String promptId, Instant at) {
    }

    /**
     * A topic the user's recent entries are about.
     *
     * @param topic    bare topic id (matches any pack's topic of that id)
     * @param strength share of the recent sampled entries about it (0..1)
     * @param entries  how many of them
     * @param words    the words that showed it, most frequent first
     */
    public record Theme(String topic, double strength, int entries, List<String> words) {
    }

    /**
     * @param share      share of entries that were spoken
     * @param preference the user's {@code voice} preference (from {@code UserDirectory.preferences}), or {@code null}
     *                   when unset
     */
    public record Voice(int spokenEntries, double share, Boolean preference, boolean prefersVoice) {
    }
}
