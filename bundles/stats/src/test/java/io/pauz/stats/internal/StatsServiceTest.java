package io.pauz.stats.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.pauz.api.guided.GuidedSessionRecord;
import io.pauz.api.journal.JournalEntry;
import io.pauz.api.rest.ApiException;

/** Rollups kept by events, read back by GET /stats, on embedded Derby. */
public class StatsServiceTest {
    private Fixture fx;

    @Before
    public void setUp() throws Exception {
        fx = new Fixture(Instant.parse("2026-02-02T12:00:00Z"));
        fx.directory.add("alice", "UTC");
        fx.directory.add("bob", "UTC");
        fx.directory.add("kenji", "Asia/Tokyo");
    }

    @After
    public void tearDown() throws Exception {
        fx.close();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> series(Map<String, Object> s, String unit) {
        return (List<Map<String, Object>>) map(s, "series").get(unit);
    }

    static void assertApi(int status, String code, Runnable r) {
        try {
            r.run();
            fail("expected " + status + " " + code);
        } catch (ApiException e) {
            assertEquals(e.getMessage(), status, e.status());
            assertEquals(code, e.code());
        }
    }

    private void now(String instant) {
        fx.service.clock = Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    @Test
    public void streaksRunAcrossMonthEnds() {
        for (String day : List.of("2026-01-29", "2026-01-30", "2026-01-31", "2026-02-01", "2026-02-02")) {
            fx.journal.write("alice", Instant.parse(day + "T09:00:00Z"), "a few words here");
        }
        fx.journal.write("alice", Instant.parse("2026-01-20T09:00:00Z"), "earlier");
        Map<String, Object> s = fx.service.stats("alice", "2026-01-01", "2026-02-02");
        assertEquals(5, map(s, "streaks").get("current"));
        assertEquals(5, map(s, "streaks").get("longest"));
        assertEquals("2026-02-02", map(s, "streaks").get("lastEntryDay"));

        // nothing yet today: the streak still stands until the day is over
        now("2026-02-03T20:00:00Z");
        assertEquals(5, map(fx.service.stats("alice", null, null), "streaks").get("current"));
        now("2026-02-04T00:30:00Z");
        s = fx.service.stats("alice", null, null);
        assertEquals(0, map(s, "streaks").get("current"));
        assertEquals(5, map(s, "streaks").get("longest"));

        // across the end of a leap-year February and a year end
        fx.journal.write("alice", Instant.parse("2028-02-28T09:00:00Z"), "x");
        fx.journal.write("alice", Instant.parse("2028-02-29T09:00:00Z"), "x");
        fx.journal.write("alice", Instant.parse("2028-03-01T09:00:00Z"), "x");
        fx.journal.write("alice", Instant.parse("2028-12-31T09:00:00Z"), "x");
        fx.journal.write("alice", Instant.parse("2029-01-01T09:00:00Z"), "x");
        now("2029-01-01T10:00:00Z");
        s = fx.service.stats("alice", null, null);
        assertEquals(2, map(s, "streaks").get("current"));
        assertEquals(5, map(s, "streaks").get("longest"));
    }

    @Test
    public void localDaysFollowTheUsersZone() {
        // 14:30 UTC is 23:30 in Tokyo; 15:30 UTC is already the next day there
        Instant late = Instant.parse("2026-01-31T14:30:00Z");
        Instant after = Instant.parse("2026-01-31T15:30:00Z");
        fx.journal.write("kenji", late, "one two");
        fx.journal.write("kenji", after, "three four five");
        fx.journal.write("alice", late, "one two");
        fx.journal.write("alice", after, "three four five");

        now("2026-02-01T03:00:00Z"); // noon of Feb 1 in Tokyo, 03:00 in UTC
        Map<String, Object> k = fx.service.stats("kenji", "2026-01-31", "2026-02-01");
        assertEquals("Asia/Tokyo", k.get("zone"));
        List<Map<String, Object>> days = series(k, "day");
        assertEquals(1, days.get(0).get("entries"));
        assertEquals(1, days.get(1).get("entries"));
        assertEquals(2, map(k, "streaks").get("current"));
        // Tokyo: Jan 31 and Feb 1 fall in different months
        assertEquals(2, series(k, "month").size());
        assertEquals(2, series(k, "month").get(0).get("words"));
        assertEquals(3, series(k, "month").get(1).get("words"));

        Map<String, Object> a = fx.service.stats("alice", "2026-01-31", "2026-02-01");
        days = series(a, "day");
        assertEquals(2, days.get(0).get("entries"));
        assertEquals(0, days.get(1).get("entries"));
        assertEquals(1, map(a, "streaks").get("current")); // Jan 31 is alice's yesterday
        assertEquals(1, map(a, "totals").get("activeDays"));
    }

    @Test
    public void editsDeletesAndMoodReadingsAreReflected() throws Exception {
        Instant at = Instant.parse("2026-02-01T10:00:00Z");
        JournalEntry e = fx.journal.write("alice", at, "one two three");
        JournalEntry f = fx.journal.write("alice", at.plusSeconds(60), "four five");
        Map<String, Object> t = map(fx.service.stats("alice", "2026-02-01", "2026-02-01"), "totals");
        assertEquals(2, t.get("entries"));
        assertEquals(5, t.get("words"));
        assertNull(t.get("moodAverage"));

        fx.journal.edit(e, "one two three four five six seven");
        fx.journal.mood(e, 0.5, "joy");
        fx.journal.mood(f, -0.1, "calm");
        fx.journal.mood(f, -0.3, "sad"); // a second reading replaces the first
        t = map(fx.service.stats("alice", "2026-02-01", "2026-02-01"), "totals");
        assertEquals(9, t.get("words"));
        assertEquals(0.1, (Double) t.get("moodAverage"), 1e-9);
        assertEquals(Map.of("joy", 1, "sad", 1), t.get("moods"));
        assertEquals("joy", t.get("dominantMood")); // a tie goes to the first label

        fx.journal.remove(f);
        t = map(fx.service.stats("alice", "2026-02-01", "2026-02-01"), "totals");
        assertEquals(1, t.get("entries"));
        assertEquals(7, t.get("words"));
        assertEquals("joy", t.get("dominantMood"));

        fx.journal.remove(e);
        t = map(fx.service.stats("alice", "2026-02-01", "2026-02-01"), "totals");
        assertEquals(0, t.get("entries"));
        assertEquals(0, fx.sqlCount("user_analytics", "user_id = 'alice'"));
        assertEquals(0, fx.sqlCount("user_analytics_counts", "user_id = 'alice'"));

        // the same event twice changes nothing
        JournalEntry g = fx.journal.write("alice", at, "again and again");
        fx.service.journalChanged(new io.pauz.api.journal.JournalEvent(io.pauz.api.journal.JournalEvent.Type.UPDATED, g));
        fx.service.awaitRecomputes();
        assertEquals(3, map(fx.service.stats("alice", "2026-02-01", "2026-02-01"), "totals").get("words"));
    }

    @Test
    public void guidedSessionsVoiceTopicsAndEngagement() {
        Instant day = Instant.parse("2026-02-01T08:00:00Z");
        GuidedSessionRecord s1 = fx.guided.start("alice", "builtin:stress", day);
        GuidedSessionRecord s2 = fx.guided.start("alice", "builtin:stress", day.plusSeconds(60));
        fx.guided.start("alice", "builtin:gratitude", day.plusSeconds(120));
        fx.service.sessionCompleted(fx.guided.complete("alice", s1, day.plusSeconds(3600)));
        // completed the next day: still counts on the day it was started
        fx.service.sessionCompleted(fx.guided.complete("alice", s2, Instant.parse("2026-02-02T09:00:00Z")));
        fx.journal.write("alice", day, "spoken words that were transcribed", true);
        fx.journal.write("alice", day, "typed", false);

        Map<String, Object> s = fx.service.stats("alice", "2026-02-01", "2026-02-02");
        Map<String, Object> guided = map(s, "guided");
        assertEquals(3, guided.get("started"));
        assertEquals(2, guided.get("completed"));
        assertEquals(0.667, (Double) guided.get("completionRate"), 1e-9);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> topics = (List<Map<String, Object>>) s.get("topics");
        assertEquals("builtin:stress", topics.get(0).get("topic"));
        assertEquals(2, topics.get(0).get("sessions"));
        assertEquals("Title builtin:stress", topics.get(0).get("title"));
        assertEquals(1, map(s, "totals").get("voiceEntries"));
        assertEquals(0.5, (Double) map(s, "totals").get("voiceShare"), 1e-9);
        // Feb 1: 2 entries (26.7) + 6 words (0.3) + completed session (20) + voice (10) = 57; Feb 2: nothing
        assertEquals(57, series(s, "day").get(0).get("engagement") instanceof Double d ? (int) Math.round(d) : -1);
        assertEquals(28.5, (Double) map(s, "engagement").get("score"), 1e-9);
        // a session left open for days still lands on the day it was started
        GuidedSessionRecord old = fx.guided.start("alice", "builtin:sleep", Instant.parse("2026-01-20T08:00:00Z"));
        fx.service.sessionCompleted(fx.guided.complete("alice", old, Instant.parse("2026-02-02T10:00:00Z")));
        Map<String, Object> jan20 = fx.service.stats("alice", "2026-01-20", "2026-01-20");
        assertEquals(1, map(jan20, "guided").get("completed"));
        assertEquals(0, map(fx.service.stats("alice", "2026-02-02", "2026-02-02"), "guided").get("started"));
        assertEquals(0, Engagement.score(0, 0, 0, 0, 0));
        assertEquals(100, Engagement.score(5, 1000, 1, 1, 1));
    }

    @Test
    public void weeksAndMonthsCoverTheRange() {
        fx.journal.write("alice", Instant.parse("2026-01-04T10:00:00Z"), "sunday words"); // a Sunday
        fx.journal.write("alice", Instant.parse("2026-01-05T10:00:00Z"), "monday");
        Map<String, Object> s = fx.service.stats("alice", "2025-12-31", "2026-01-12");
        List<Map<String, Object>> weeks = series(s, "week");
        assertEquals(3, weeks.size());
        assertEquals("2025-12-31", weeks.get(0).get("start"));
        assertEquals("2026-01-04", weeks.get(0).get("end"));
        assertEquals(2, weeks.get(0).get("words"));
        assertEquals("2026-01-05", weeks.get(1).get("start"));
        assertEquals(1, weeks.get(1).get("words"));
        assertEquals("2026-01-12", weeks.get(2).get("end"));
        List<Map<String, Object>> months = series(s, "month");
        assertEquals(2, months.size());
        assertEquals(0, months.get(0).get("entries"));
        assertEquals(2, months.get(1).get("entries"));
        assertEquals(13, series(s, "day").size());
    }

    @Test
    public void rebuildEqualsIncremental() throws Exception {
        Random random = new Random(42);
        Instant base = Instant.parse("2025-11-20T00:00:00Z");
        String[] labels = { "joy", "calm", "sad", "anxious" };
        for (String user : List.of("alice", "kenji")) {
            List<JournalEntry> live = new java.util.ArrayList<>();
            for (int i = 0; i < 150; i++) {
                int op = random.nextInt(10);
                Instant at = base.plusSeconds(random.nextInt(75 * 24 * 3600));
                if (op < 5 || live.isEmpty()) {
                    live.add(fx.journal.write(user, at, "w ".repeat(1 + random.nextInt(40)), random.nextInt(5) == 0));
                } else if (op < 7) {
                    JournalEntry e = live.get(random.nextInt(live.size()));
                    live.set(live.indexOf(e), fx.journal.edit(e, "v ".repeat(1 + random.nextInt(80))));
                } else if (op < 8) {
                    JournalEntry e = live.get(random.nextInt(live.size()));
                    live.set(live.indexOf(e), fx.journal.mood(e, random.nextDouble() * 2 - 1, labels[random.nextInt(4)]));
                } else if (op < 9) {
                    fx.journal.remove(live.remove(random.nextInt(live.size())));
                } else {
                    GuidedSessionRecord s = fx.guided.start(user, random.nextBoolean() ? "builtin:stress" : "builtin:sleep", at);
                    // the journal event of the same day picks up a started session; completion tells us directly
                    live.add(fx.journal.write(user, at, "after a session"));
                    if (random.nextBoolean()) {
                        fx.service.sessionCompleted(fx.guided.complete(user, s, at.plusSeconds(600)));
                    }
                }
            }
        }
        for (String user : List.of("alice", "kenji")) {
            List<DayRow> incremental = fx.service.rows(user);
            List<CountRow> incrementalCounts = fx.service.countRows(user);
            assertTrue(incremental.size() > 30);
            assertEquals(fx.service.rebuildUser(user), incremental.size());
            assertEquals(incremental, fx.service.rows(user));
            assertEquals(incrementalCounts, fx.service.countRows(user));
        }
        // rebuilt from an empty table by the operator path: the same rows again
        List<DayRow> before = fx.service.rows("kenji");
        try (var c = fx.dataSource.getConnection(); var st = c.createStatement()) {
            st.execute("DELETE FROM user_analytics");
            st.execute("DELETE FROM user_analytics_counts");
        }
        Map<String, Object> result = fx.service.rebuildAll();
        assertEquals(3, result.get("users"));
        assertEquals(0, result.get("failed"));
        assertEquals(before, fx.service.rows("kenji"));
        assertEquals(0, fx.service.rows("bob").size());
    }

    @Test
    public void usersAreIsolated() {
        fx.journal.write("alice", Instant.parse("2026-02-01T10:00:00Z"), "private words of alice");
        fx.guided.start("alice", "builtin:stress", Instant.parse("2026-02-01T10:00:00Z"));
        fx.service.recomputeDay("alice", java.time.LocalDate.parse("2026-02-01"), ZoneOffset.UTC);
        Map<String, Object> b = fx.service.stats("bob", null, null);
        assertEquals(0, map(b, "totals").get("entries"));
        assertEquals(0, map(b, "guided").get("started"));
        assertEquals(0, map(b, "streaks").get("longest"));
        assertTrue(((List<?>) b.get("topics")).isEmpty());
        fx.service.rebuildOne("bob");
        assertEquals(4, map(fx.service.stats("alice", null, null), "totals").get("words"));
    }

    @Test
    public void badInputIsRefused() {
        assertApi(400, "bad_date", () -> fx.service.stats("alice", "yesterday", null));
        assertApi(400, "bad_date", () -> fx.service.stats("alice", null, "2026-02-30"));
        assertApi(422, "bad_range", () -> fx.service.stats("alice", "2026-02-02", "2026-02-01"));
        assertApi(422, "range_too_long", () -> fx.service.stats("alice", "2020-01-01", "2026-01-01"));
        assertApi(422, "bad_user", () -> fx.service.rebuildOne("../etc"));
        Map<String, Object> s = fx.service.stats("alice", "2026-01-01", null);
        assertEquals("2026-01-30", s.get("to")); // 30 days from `from`
        s = fx.service.stats("alice", null, null);
        assertEquals("2026-01-04", s.get("from"));
        assertEquals("2026-02-02", s.get("to"));
        assertEquals(30, series(s, "day").size());
    }

    @Test
    public void aUserWhoMovesGetsTheirDaysRecomputed() {
        fx.journal.write("alice", Instant.parse("2026-01-31T20:00:00Z"), "late evening in UTC");
        fx.directory.add("alice", "Asia/Tokyo"); // now Feb 1, 05:00 local
        Map<String, Object> s = fx.service.stats("alice", "2026-01-31", "2026-02-01");
        assertEquals(0, series(s, "day").get(0).get("entries"));
        assertEquals(1, series(s, "day").get(1).get("entries"));
        assertTrue(fx.service.rows("alice").stream().allMatch(r -> r.zone.equals("Asia/Tokyo")));
    }

    @Test
    public void theFirstStartCountsWhatWasWrittenBefore() throws Exception {
        fx.journal.listener = null; // written before the statistics feature was installed: no events
        fx.journal.write("alice", Instant.parse("2026-01-31T10:00:00Z"), "before stats");
        fx.journal.write("kenji", Instant.parse("2026-02-01T10:00:00Z"), "me too");
        assertEquals(0, fx.sqlCount("user_analytics", null));
        fx.service.bootstrap();
        assertEquals(2, fx.sqlCount("user_analytics", null));
        assertEquals(2, map(fx.service.stats("alice", null, null), "totals").get("words"));
        assertEquals(1, fx.sqlCount("stats_state", "name = 'bootstrapped'"));
        fx.journal.write("alice", Instant.parse("2026-02-01T10:00:00Z"), "silently");
        fx.service.bootstrap(); // once per database
        assertEquals(2, fx.sqlCount("user_analytics", null));
    }

    @Test
    public void failuresOfTheSourcesDoNotEscapeTheListener() {
        fx.service.guided = new Fixture.Guided() {
            @Override
            public List<GuidedSessionRecord> sessions(String userId, Instant from, Instant to) {
                throw new IllegalStateException("guided store down");
            }
        };
        fx.journal.write("alice", Instant.parse("2026-02-01T10:00:00Z"), "words");
        assertEquals(1L, fx.service.failures.get());
        fx.service.guided = fx.guided;
        fx.service.rebuildOne("alice");
        assertEquals(1, map(fx.service.stats("alice", null, null), "totals").get("entries"));
        assertFalse(fx.service.rows("alice").isEmpty());
    }

    @Test
    public void manyEventsForOneDayWhileItWaitsCostOneRecompute() throws Exception {
        Instant at = Instant.parse("2026-03-01T09:00:00Z");
        JournalEntry first = fx.journal.write("alice", at, "one two three");
        java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
        fx.service.recomputer.execute(() -> {
            try {
                busy.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long before = fx.service.recomputes.get();
        for (int i = 0; i < 50; i++) {
            fx.service.journalChanged(new io.pauz.api.journal.JournalEvent(io.pauz.api.journal.JournalEvent.Type.UPDATED, first));
        }
        busy.countDown();
        fx.service.awaitRecomputes();
        assertEquals("50 events for one waiting day: one recompute", before + 1, fx.service.recomputes.get());
        assertEquals(3, map(fx.service.stats("alice", "2026-03-01", "2026-03-01"), "totals").get("words"));
    }
}
