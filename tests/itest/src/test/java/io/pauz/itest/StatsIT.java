package io.pauz.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Statistics in the real runtime: entries written over REST show up in GET /stats (the journal's events update the
 * rollups), edits and deletes too, a guided session counts, another user sees none of it, bad parameters get JSON
 * errors, the operator rebuild gives the same figures, and /metrics carries per-route series.
 */
public class StatsIT extends PauzTestBase {

    @Configuration
    public Option[] config() {
        return PauzOptions.runtime(newWorkDir(StatsIT.class), "io.pauz.accounts:password.iterations=20000");
    }

    private String[] signUp() {
        String body = "{\"email\":\"s" + UUID.randomUUID().toString().substring(0, 8)
                + "@example.org\",\"password\":\"correct horse\",\"name\":\"S\"}";
        Http.Reply r = http.post("auth/local/register", "application/json", body);
        // late feature bundles still reload the REST application right after boot: sign-up may be away for a moment
        for (int i = 0; i < 100 && r.status() == 404; i++) {
            sleep(200);
            r = http.post("auth/local/register", "application/json", body);
        }
        assertEquals(r.body(), 201, r.status());
        return new String[] { "Authorization", "Bearer " + r.json().path("token").asText() };
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private String write(String text, Instant at, String[] auth) {
        Http.Reply r = http.post("journal/entries", "application/json",
                "{\"text\":\"" + text + "\",\"createdAt\":\"" + at + "\"}", auth);
        assertEquals(r.body(), 201, r.status());
        return r.json().path("id").asText();
    }

    /** The journal tells statistics after its commit, on its own thread: wait for the figure. */
    private JsonNode awaitStats(String query, String field, int expected, String[] auth) {
        Http.Reply r = http.await("stats" + query, x -> x.status() == 200
                && x.json().path("totals").path(field).asInt() == expected, Duration.ofSeconds(20), auth);
        assertEquals(r.body(), 200, r.status());
        assertEquals(r.body(), expected, r.json().path("totals").path(field).asInt());
        return r.json();
    }

    @Test
    public void entriesOverRestShowUpInStats() {
        String[] a = signUp();
        String[] b = signUp();
        Http.Reply first = http.await("stats", r -> r.status() != 404 && r.status() != 503, Duration.ofSeconds(30), a);
        assertEquals(first.body(), 200, first.status());
        assertEquals(0, first.json().path("totals").path("entries").asInt());
        assertEquals(30, first.json().path("series").path("day").size());

        Instant now = Instant.now();
        String e1 = write("one two three", now, a);
        write("four five", now.minus(1, ChronoUnit.DAYS), a);
        String e3 = write("six", now.minus(2, ChronoUnit.DAYS), a);
        JsonNode s = awaitStats("", "entries", 3, a);
        assertEquals(6, s.path("totals").path("words").asInt());
        assertEquals(3, s.path("streaks").path("current").asInt());
        assertEquals(3, s.path("streaks").path("longest").asInt());
        assertEquals("UTC", s.path("zone").asText());

        Http.Reply edited = http.send(http.request("journal/entries/" + e1, a).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"text\":\"one two three four five six seven\"}")));
        assertEquals(edited.body(), 200, edited.status());
        awaitStats("", "words", 10, a);
        assertEquals(204, http.delete("journal/entries/" + e3, a).status());
        s = awaitStats("", "entries", 2, a);
        assertEquals(9, s.path("totals").path("words").asInt());
        assertEquals(2, s.path("streaks").path("current").asInt());

        // B sees nothing of A
        Http.Reply other = http.get("stats", b);
        assertEquals(200, other.status());
        assertEquals(0, other.json().path("totals").path("entries").asInt());
        assertEquals(0, other.json().path("streaks").path("longest").asInt());

        // the operator rebuild computes the same figures from scratch
        assertEquals(403, http.post("admin/stats/rebuild", "application/json", "", a).status()); // a user token is not the admin token
        assertEquals(401, http.post("admin/stats/rebuild", "application/json", "").status());
        Http.Reply rebuilt = http.post("admin/stats/rebuild", "application/json", "", Http.admin());
        assertEquals(rebuilt.body(), 200, rebuilt.status());
        assertTrue(rebuilt.body(), rebuilt.json().path("users").asInt() >= 2);
        assertEquals(0, rebuilt.json().path("failed").asInt());
        JsonNode after = http.get("stats", a).json();
        assertEquals(s.path("totals"), after.path("totals"));
        assertEquals(s.path("series"), after.path("series"));
        Http.Reply reports = http.post("admin/stats/reports", "application/json", "", Http.admin());
        assertEquals(reports.body(), 200, reports.status());
        assertEquals(reports.body(), 0, reports.json().path("failed").asInt());
    }

    @Test
    public void theUsersTimeZoneDecidesTheDay() {
        String[] a = signUp();
        http.await("stats", r -> r.status() == 200, Duration.ofSeconds(30), a);
        Http.Reply prefs = http.send(http.request("me/preferences", a).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"timeZone\":\"Asia/Tokyo\"}")));
        assertEquals(prefs.body(), 200, prefs.status());
        // 23:30 in Tokyo two days ago, and half an hour later: two local days (one in UTC)
        LocalDate day = LocalDate.now(ZoneId.of("Asia/Tokyo")).minusDays(2);
        Instant late = day.atTime(23, 30).atZone(ZoneId.of("Asia/Tokyo")).toInstant();
        write("late", late, a);
        write("early", late.plus(60, ChronoUnit.MINUTES), a);
        JsonNode s = awaitStats("?from=" + day + "&to=" + day.plusDays(1), "entries", 2, a);
        assertEquals("Asia/Tokyo", s.path("zone").asText());
        assertEquals(1, s.path("series").path("day").get(0).path("entries").asInt());
        assertEquals(1, s.path("series").path("day").get(1).path("entries").asInt());
        assertEquals(2, s.path("totals").path("activeDays").asInt());
        assertTrue(LocalDate.ofInstant(late, ZoneOffset.UTC).equals(LocalDate.ofInstant(late.plus(60, ChronoUnit.MINUTES),
                ZoneOffset.UTC)));
    }

    @Test
    public void guidedSessionsCount() {
        String[] a = signUp();
        http.await("guided/topics", r -> r.body().contains("builtin:anxiety"), Duration.ofSeconds(20), a);
        Http.Reply started = http.post("guided/sessions", "application/json", "{\"topic\":\"builtin:anxiety\"}", a);
        assertEquals(started.body(), 201, started.status());
        String id = started.json().path("id").asText();
        String prompt = started.json().path("currentPrompt").path("id").asText();
        assertEquals(200, http.post("guided/sessions/" + id + "/responses", "application/json",
                "{\"promptId\":\"" + prompt + "\",\"text\":\"A calm evening with friends\"}", a).status());
        assertEquals(200, http.post("guided/sessions/" + id + "/complete", "application/json", "", a).status());
        Http.Reply r = http.await("stats", x -> x.status() == 200
                && x.json().path("guided").path("completed").asInt() == 1, Duration.ofSeconds(20), a);
        assertEquals(r.body(), 1, r.json().path("guided").path("started").asInt());
        assertEquals(r.body(), 1.0, r.json().path("guided").path("completionRate").asDouble(), 1e-9);
        assertEquals(r.body(), "builtin:anxiety", r.json().path("topics").get(0).path("topic").asText());
    }

    @Test
    public void gogoCommandsRebuildAndWriteReports() throws Exception {
        String[] a = signUp();
        http.await("stats", r -> r.status() == 200, Duration.ofSeconds(30), a);
        write("for the shell", Instant.now(), a);
        // through Gogo's CommandProcessor, by reflection: the test module does not compile against the shell
        var ref = context.getServiceReference("org.apache.felix.service.command.CommandProcessor");
        assertTrue("no Gogo shell", ref != null);
        Object shell = context.getService(ref);
        java.io.PrintStream out = new java.io.PrintStream(new java.io.ByteArrayOutputStream());
        Object session = shell.getClass().getMethod("createSession", java.io.InputStream.class, java.io.OutputStream.class,
                java.io.OutputStream.class).invoke(shell, new java.io.ByteArrayInputStream(new byte[0]), out, out);
        java.lang.reflect.Method execute = session.getClass().getMethod("execute", CharSequence.class);
        execute.setAccessible(true);
        try {
            String rebuilt = String.valueOf(execute.invoke(session, "pauz:stats-rebuild"));
            assertTrue(rebuilt, rebuilt.contains("failed: 0"));
            String reports = String.valueOf(execute.invoke(session, "pauz:stats-reports"));
            assertTrue(reports, reports.contains("failed: 0"));
        } finally {
            java.lang.reflect.Method close = session.getClass().getMethod("close");
            close.setAccessible(true);
            close.invoke(session);
            context.ungetService(ref);
        }
        awaitStats("", "entries", 1, a);
    }

    @Test
    public void badParametersGetJsonErrors() {
        String[] a = signUp();
        http.await("stats", r -> r.status() == 200, Duration.ofSeconds(30), a);
        assertEquals(401, http.get("stats").status());
        assertEquals("unauthorized", http.get("stats").errorCode());
        Http.Reply bad = http.get("stats?from=yesterday", a);
        assertEquals(400, bad.status());
        assertEquals("bad_date", bad.errorCode());
        Http.Reply reversed = http.get("stats?from=2026-02-02&to=2026-02-01", a);
        assertEquals(422, reversed.status());
        assertEquals("bad_range", reversed.errorCode());
        Http.Reply tooLong = http.get("stats?from=2020-01-01&to=2026-01-01", a);
        assertEquals(422, tooLong.status());
        assertEquals("range_too_long", tooLong.errorCode());
        Http.Reply badUser = http.post("admin/stats/rebuild?user=..%2Fx", "application/json", "", Http.admin());
        assertEquals(422, badUser.status());
        assertEquals("bad_user", badUser.errorCode());
    }

    @Test
    public void metricsCarryPerRouteSeriesAndASummary() {
        String[] a = signUp();
        http.await("stats", r -> r.status() == 200, Duration.ofSeconds(30), a);
        http.get("stats?from=bad", a);
        String text = http.get("metrics", Http.admin()).body();
        assertTrue(text, text.matches("(?s).*pauz_http_requests_total\\{[^}]*route=\"/stats\"[^}]*} [1-9].*"));
        assertTrue(text, text.matches("(?s).*pauz_http_request_duration_seconds_bucket\\{[^}]*route=\"/stats\"[^}]*} [0-9].*"));
        assertTrue(text, text.contains("pauz_stats_queries_total "));
        assertTrue(text, text.contains("pauz_cache_hit_ratio{"));
        assertTrue(text, text.contains("pauz_ai_engine_calls_saved_total "));
        assertTrue(text, text.contains("pauz_transcription_queue "));
        assertTrue(text, text.matches("(?s).*pauz_bucket_quota_used_ratio\\{[^}]*provider=\"fs\".*"));
        assertTrue(text, text.contains("pauz_uptime_seconds "));

        assertEquals(401, http.get("metrics/summary").status());
        Http.Reply summary = http.get("metrics/summary", Http.admin());
        assertEquals(summary.body(), 200, summary.status());
        assertTrue(summary.body(), summary.json().path("requests").path("total").asLong() > 0);
        assertTrue(summary.body(), summary.json().path("caches").isArray());
        assertTrue(summary.body(), summary.json().path("figures").has("transcriptionQueue"));
        assertTrue(summary.body(), summary.json().path("buckets").path("buckets").size() >= 8);
    }
}
