package io.pauz.stats.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pauz.api.bucket.Bucket;

/** Weekly and monthly reports in the user-analytics bucket: four folders, only active users, idempotent. */
public class ReportsTest {
    private Fixture fx;

    @Before
    public void setUp() throws Exception {
        fx = new Fixture(Instant.parse("2026-02-04T12:00:00Z")); // a Wednesday: last week is Jan 26..Feb 1
        fx.directory.add("alice", "UTC");
        fx.directory.add("bob", "UTC");
    }

    @After
    public void tearDown() throws Exception {
        fx.close();
    }

    private List<String> keys(String folder, String user) {
        return fx.buckets.list(Bucket.USER_ANALYTICS, folder + user + "/", null, 100).objects().stream().map(o -> o.key())
                .toList();
    }

    @Test
    public void reportsForActiveUsersOnlyAndIdempotent() throws Exception {
        fx.journal.write("alice", Instant.parse("2026-01-27T10:00:00Z"), "one two three");
        fx.journal.write("alice", Instant.parse("2026-01-28T10:00:00Z"), "four five");
        fx.journal.write("alice", Instant.parse("2026-01-10T10:00:00Z"), "earlier in january");
        fx.journal.write("alice", Instant.parse("2025-12-10T10:00:00Z"), "december");

        Map<String, Object> first = fx.service.reports.run(null);
        assertEquals(1, first.get("users"));
        assertEquals(8, first.get("written"));
        for (String folder : Bucket.USER_ANALYTICS.folders()) {
            assertEquals(folder, List.of(folder + "alice/monthly/2026-01.json", folder + "alice/weekly/2026-W05.json"),
                    keys(folder, "alice"));
            assertTrue(keys(folder, "bob").isEmpty());
        }
        JsonNode writing = json("writing-statistics/alice/weekly/2026-W05.json");
        assertEquals(2, writing.path("entries").asInt());
        assertEquals(5, writing.path("words").asInt());
        assertEquals(7, writing.path("days").size());
        JsonNode progress = json("progress-reports/alice/monthly/2026-01.json");
        assertEquals(3, progress.path("current").path("entries").asInt());
        assertEquals(1, progress.path("previous").path("entries").asInt());
        assertEquals(2.0, progress.path("change").path("entries").asDouble(), 1e-9);

        Map<String, Object> again = fx.service.reports.run(null);
        assertEquals(0, again.get("written"));

        fx.journal.write("alice", Instant.parse("2026-01-29T10:00:00Z"), "a later addition");
        // writing, engagement and progress change in both periods; the mood trend (no readings) does not
        assertEquals(6, fx.service.reports.run("alice").get("written"));
        assertEquals(3, json("writing-statistics/alice/weekly/2026-W05.json").path("entries").asInt());
    }

    private JsonNode json(String key) throws Exception {
        try (var o = fx.buckets.get(Bucket.USER_ANALYTICS, key).orElseThrow()) {
            return new ObjectMapper().readTree(new String(o.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
