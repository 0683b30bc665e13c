package io.pauz.stats.internal;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Sums the daily rollups of one period (a day, a week, a month, a whole range) into what clients see. */
final class Period {
    final LocalDate start;
    final LocalDate end;
    int activeDays;
    int entries;
    int words;
    double moodSum;
    int moodCount;
    int voice;
    int started;
    int completed;
    long engagementSum;
    final Map<String, Integer> moods = new TreeMap<>();
    final Map<String, Integer> topics = new TreeMap<>();
    final Map<String, String> titles = new TreeMap<>();

    /** {@code start} and {@code end} inclusive. */
    Period(LocalDate start, LocalDate end) {
        this.start = start;
        this.end = end;
    }

    boolean contains(LocalDate d) {
        return !d.isBefore(start) && !d.isAfter(end);
    }

    long days() {
        return ChronoUnit.DAYS.between(start, end) + 1;
    }

    void add(DayRow r) {
        if (r.journalsWritten > 0) {
            activeDays++;
        }
        entries += r.journalsWritten;
        words += r.totalWords;
        moodSum += r.moodSum;
        moodCount += r.moodCount;
        voice += r.voiceEntries;
        started += r.guidedStarted;
        completed += r.guidedCompleted;
        engagementSum += r.engagementScore;
    }

    void add(CountRow c) {
        if (CountRow.MOOD.equals(c.kind)) {
            moods.merge(c.name, c.total, Integer::sum);
        } else if (CountRow.TOPIC.equals(c.kind)) {
            topics.merge(c.name, c.total, Integer::sum);
            if (c.title != null) {
                titles.putIfAbsent(c.name, c.title);
            }
        }
    }

    Double moodAverage() {
        return moodCount == 0 ? null : round(moodSum / moodCount, 3);
    }

    /** Mean daily engagement over every day of the period, quiet days included. */
    double engagement() {
        return round((double) engagementSum / days(), 1);
    }

    /** Completed divided by started guided sessions, or {@code null} when none was started. */
    Double completionRate() {
        return started == 0 ? null : round((double) completed / started, 3);
    }

    List<Map<String, Object>> topTopics(int n) {
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(topics.entrySet());
        sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<String, Integer> e : sorted.subList(0, Math.min(n, sorted.size()))) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("topic", e.getKey());
            t.put("title", titles.get(e.getKey()));
            t.put("sessions", e.getValue());
            out.add(t);
        }
        return out;
    }

    /** One point of a series. */
    Map<String, Object> point() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start", start.toString());
        m.put("end", end.toString());
        m.put("entries", entries);
        m.put("words", words);
        m.put("activeDays", activeDays);
        m.put("moodAverage", moodAverage());
        m.put("dominantMood", DayStats.dominant(moods));
        m.put("voiceEntries", voice);
        m.put("guidedStarted", started);
        m.put("guidedCompleted", completed);
        m.put("engagement", engagement());
        return m;
    }

    /** The figures of the whole period. */
    Map<String, Object> totals() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("entries", entries);
        m.put("words", words);
        m.put("activeDays", activeDays);
        m.put("days", days());
        m.put("averageWordsPerEntry", entries == 0 ? 0 : round((double) words / entries, 1));
        m.put("moodAverage", moodAverage());
        m.put("dominantMood", DayStats.dominant(moods));
        m.put("moods", new TreeMap<>(moods));
        m.put("voiceEntries", voice);
        m.put("voiceShare", entries == 0 ? 0 : round((double) voice / entries, 3));
        m.put("engagementScore", engagement());
        return m;
    }

    Map<String, Object> guided() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("started", started);
        m.put("completed", completed);
        m.put("completionRate", completionRate());
        return m;
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
