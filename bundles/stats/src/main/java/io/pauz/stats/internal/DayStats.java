package io.pauz.stats.internal;

import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.pauz.api.guided.GuidedSessionRecord;
import io.pauz.api.journal.JournalEntry;

/**
 * The figures of one user's local day, computed from that day's entries and guided sessions. The incremental path
 * (an event recomputes its day) and the rebuild (every day at once) both go through {@link #of}, so the two agree
 * row for row by construction.
 */
record DayStats(DayRow row, List<CountRow> counts) {

    boolean empty() {
        return row.journalsWritten == 0 && row.guidedStarted == 0;
    }

    static DayStats of(String userId, LocalDate day, ZoneId zone, List<JournalEntry> entries,
            List<GuidedSessionRecord> sessions) {
        DayRow r = new DayRow();
        r.userId = userId;
        r.day = Date.valueOf(day);
        r.zone = zone.getId();
        Map<String, Integer> moods = new TreeMap<>();
        for (JournalEntry e : entries) {
            r.journalsWritten++;
            r.totalWords += Math.max(0, e.wordCount());
            if (e.moodScore() != null) {
                r.moodSum += e.moodScore();
                r.moodCount++;
            }
            if (e.moodLabel() != null && !e.moodLabel().isBlank()) {
                moods.merge(e.moodLabel(), 1, Integer::sum);
            }
            if (isVoice(e)) {
                r.voiceEntries++;
            }
        }
        Map<String, int[]> topics = new TreeMap<>();
        Map<String, String> titles = new TreeMap<>();
        for (GuidedSessionRecord s : sessions) {
            r.guidedStarted++;
            if (s.completedAt() != null) {
                r.guidedCompleted++;
            }
            if (s.topic() != null) {
                topics.computeIfAbsent(s.topic(), t -> new int[1])[0]++;
                if (s.topicTitle() != null) {
                    titles.putIfAbsent(s.topic(), s.topicTitle());
                }
            }
        }
        r.dominantMood = dominant(moods);
        r.engagementScore = Engagement.score(r.journalsWritten, r.totalWords, r.voiceEntries, r.guidedStarted,
                r.guidedCompleted);
        List<CountRow> counts = new ArrayList<>();
        moods.forEach((label, n) -> counts.add(new CountRow(userId, r.day, CountRow.MOOD, clip(label), null, n)));
        topics.forEach((topic, n) -> counts.add(new CountRow(userId, r.day, CountRow.TOPIC, clip(topic),
                titles.get(topic) == null ? null : clip(titles.get(topic)), n[0])));
        return new DayStats(r, counts);
    }

    /** A spoken entry: recorded audio, or made from a recording. */
    static boolean isVoice(JournalEntry e) {
        return e.hasAudio() || "voice".equals(e.source());
    }

    /** The most frequent label; a tie goes to the alphabetically first, so every computation names the same one. */
    static String dominant(Map<String, Integer> counts) {
        String best = null;
        int most = 0;
        for (Map.Entry<String, Integer> e : new TreeMap<>(counts).entrySet()) {
            if (e.getValue() > most) {
                best = e.getKey();
                most = e.getValue();
            }
        }
        return best == null ? null : clip(best.length() > 40 ? best.substring(0, 40) : best);
    }

    private static String clip(String s) {
        return s.length() > 200 ? s.substring(0, 200) : s;
    }
}
