package io.pauz.stats.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.pauz.api.bucket.Bucket;
import io.pauz.api.bucket.BucketStore;
import io.pauz.api.bucket.ObjectKeys;

/**
 * The periodic reports in the user-analytics bucket: for the last complete ISO week and the last complete month of
 * every user with activity in it, one JSON document per folder:
 * {@code writing-statistics/<user>/weekly/2026-W48.json}, {@code mood-trends/...}, {@code engagement-metrics/...},
 * {@code progress-reports/...} (and {@code .../monthly/2026-11.json}). A report holds only figures of its period,
 * no time of writing, so a second run writes the same bytes; unchanged objects are not written again.
 */
final class Reports {
    private static final Logger LOG = LoggerFactory.getLogger(Reports.class);
    private static final String JSON = "application/json";

    private final StatsService stats;
    private final BucketStore buckets;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    final AtomicLong written = new AtomicLong();

    Reports(StatsService stats, BucketStore buckets) {
        this.stats = stats;
        this.buckets = buckets;
    }

    /** Writes the reports of one user, or of every user with activity when {@code userId} is null. */
    synchronized Map<String, Object> run(String userId) {
        LocalDate todayUtc = LocalDate.now(stats.clock);
        List<String> users = userId != null ? List.of(userId)
                // widest window any user's last week or month can fall in, whatever their zone
                : stats.activeUsers(YearMonth.from(todayUtc).minusMonths(1).atDay(1).minusDays(8), todayUtc.plusDays(1));
        int reportsWritten = 0;
        int failed = 0;
        for (String user : users) {
            try {
                reportsWritten += forUser(user);
            } catch (RuntimeException e) {
                failed++;
                LOG.warn("statistics reports of user {} failed", user, e);
            }
        }
        stats.lastReportRun = stats.clock.millis();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("users", users.size());
        out.put("written", reportsWritten);
        out.put("failed", failed);
        return out;
    }

    int forUser(String userId) {
        ZoneId zone = stats.zone(userId);
        LocalDate today = LocalDate.now(stats.clock.withZone(zone));
        LocalDate weekStart = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(1);
        YearMonth month = YearMonth.from(today).minusMonths(1);
        int n = 0;
        n += period(userId, zone, "weekly", weekId(weekStart), weekStart, weekStart.plusDays(6), weekStart.minusWeeks(1),
                weekStart.minusDays(1));
        n += period(userId, zone, "monthly", month.toString(), month.atDay(1), month.atEndOfMonth(),
                month.minusMonths(1).atDay(1), month.minusMonths(1).atEndOfMonth());
        return n;
    }

    static String weekId(LocalDate monday) {
        return String.format("%d-W%02d", monday.get(IsoFields.WEEK_BASED_YEAR), monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    @SuppressWarnings("unchecked")
    private int period(String userId, ZoneId zone, String kind, String id, LocalDate from, LocalDate to,
            LocalDate prevFrom, LocalDate prevTo) {
        Map<String, Object> s = stats.summary(userId, zone, from, to, to, true);
        Map<String, Object> totals = (Map<String, Object>) s.get("totals");
        Map<String, Object> guided = (Map<String, Object>) s.get("guided");
        if (((Number) totals.get("entries")).intValue() == 0 && ((Number) guided.get("started")).intValue() == 0) {
            return 0; // reports only for users with activity in the period
        }
        Map<String, Object> series = (Map<String, Object>) s.get("series");
        List<Map<String, Object>> days = (List<Map<String, Object>>) series.get("day");

        Map<String, Object> period = new LinkedHashMap<>();
        period.put("kind", kind);
        period.put("id", id);
        period.put("from", from.toString());
        period.put("to", to.toString());
        period.put("zone", StatsService.zoneName(zone));

        Map<String, Object> writing = base(userId, period);
        for (String k : List.of("entries", "words", "activeDays", "averageWordsPerEntry", "voiceEntries", "voiceShare")) {
            writing.put(k, totals.get(k));
        }
        writing.put("streaks", s.get("streaks"));
        writing.put("days", pick(days, "start", "entries", "words"));

        Map<String, Object> mood = base(userId, period);
        mood.put("moodAverage", totals.get("moodAverage"));
        mood.put("dominantMood", totals.get("dominantMood"));
        mood.put("moods", totals.get("moods"));
        mood.put("days", pick(days, "start", "moodAverage", "dominantMood"));

        Map<String, Object> engagement = base(userId, period);
        engagement.put("engagement", s.get("engagement"));
        engagement.put("guided", guided);
        engagement.put("topics", s.get("topics"));
        engagement.put("voiceEntries", totals.get("voiceEntries"));
        engagement.put("days", pick(days, "start", "engagement"));

        Map<String, Object> previous = (Map<String, Object>) stats.summary(userId, zone, prevFrom, prevTo, prevTo, false)
                .get("totals");
        Map<String, Object> progress = base(userId, period);
        progress.put("current", compact(totals));
        progress.put("previous", compact(previous));
        Map<String, Object> change = new LinkedHashMap<>();
        for (String k : List.of("entries", "words", "activeDays", "engagementScore")) {
            change.put(k, Period.round(((Number) totals.get(k)).doubleValue() - ((Number) previous.get(k)).doubleValue(), 1));
        }
        progress.put("change", change);
        progress.put("streaks", s.get("streaks"));

        int n = 0;
        n += put("writing-statistics/", userId, kind, id, writing);
        n += put("mood-trends/", userId, kind, id, mood);
        n += put("engagement-metrics/", userId, kind, id, engagement);
        n += put("progress-reports/", userId, kind, id, progress);
        return n;
    }

    private static Map<String, Object> base(String userId, Map<String, Object> period) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("userId", userId);
        m.put("period", period);
        return m;
    }

    private static Map<String, Object> compact(Map<String, Object> totals) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : List.of("entries", "words", "activeDays", "moodAverage", "engagementScore")) {
            m.put(k, totals.get(k));
        }
        return m;
    }

    private static List<Map<String, Object>> pick(List<Map<String, Object>> days, String... keys) {
        return days.stream().map(d -> {
            Map<String, Object> m = new LinkedHashMap<>();
            for (String k : keys) {
                m.put(k.equals("start") ? "date" : k, d.get(k));
            }
            return m;
        }).toList();
    }

    /** 1 when the object was written, 0 when the same report was already there. */
    private int put(String folder, String userId, String kind, String id, Map<String, Object> doc) {
        String key = ObjectKeys.userKey(folder, userId, kind, id + ".json");
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String sha = sha256(bytes);
        if (buckets.head(Bucket.USER_ANALYTICS, key).map(i -> sha.equalsIgnoreCase(i.sha256())).orElse(false)) {
            return 0;
        }
        buckets.put(Bucket.USER_ANALYTICS, key, bytes, JSON);
        written.incrementAndGet();
        return 1;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
