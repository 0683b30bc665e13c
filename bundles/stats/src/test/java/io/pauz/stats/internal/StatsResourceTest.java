package io.pauz.stats.internal;

import static org.junit.Assert.assertEquals;

import java.time.Instant;
import java.util.Map;

import jakarta.ws.rs.core.SecurityContext;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.pauz.api.rest.PauzPrincipal;

/** The resources' own work: who the caller is, operators only on admin paths, 503 while the service is away. */
public class StatsResourceTest {
    private Fixture fx;
    private final StatsResource resource = new StatsResource();
    private final AdminStatsResource admin = new AdminStatsResource();
    private final SecurityContext alice = new PauzPrincipal("alice", "s1", "a@example.org", false).securityContext(true);
    private final SecurityContext operator = new PauzPrincipal(null, null, null, true).securityContext(true);

    @Before
    public void setUp() throws Exception {
        fx = new Fixture(Instant.parse("2026-02-02T12:00:00Z"));
        fx.directory.add("alice", "UTC");
        resource.service = fx.service;
        admin.service = fx.service;
    }

    @After
    public void tearDown() throws Exception {
        fx.close();
    }

    @Test
    public void callersAndOperators() {
        fx.journal.write("alice", Instant.parse("2026-02-01T10:00:00Z"), "hello there");
        Map<String, Object> s = resource.stats(alice, "2026-02-01", "2026-02-02");
        assertEquals("UTC", s.get("zone"));
        assertEquals(2, StatsServiceTest.map(s, "totals").get("words"));
        StatsServiceTest.assertApi(401, "unauthorized", () -> resource.stats(null, null, null));
        StatsServiceTest.assertApi(401, "unauthorized", () -> resource.stats(operator, null, null));
        StatsServiceTest.assertApi(403, "forbidden", () -> admin.rebuild(alice, null));
        StatsServiceTest.assertApi(403, "forbidden", () -> admin.reports(alice, null));
        assertEquals(1, admin.rebuild(operator, "alice").get("days"));
        StatsServiceTest.assertApi(422, "bad_user", () -> admin.reports(operator, "a/b"));
        assertEquals(0, admin.reports(operator, "alice").get("failed"));

        resource.service = null;
        admin.service = null;
        StatsServiceTest.assertApi(503, "stats_unavailable", () -> resource.stats(alice, null, null));
        StatsServiceTest.assertApi(503, "stats_unavailable", () -> admin.rebuild(operator, null));
    }
}
