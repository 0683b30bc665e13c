package io.pauz.garden.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pauz.api.bucket.Bucket;
import io.pauz.api.bucket.BucketStore;
import io.pauz.api.garden.FlowerDefinition;
import io.pauz.api.garden.Garden;
import io.pauz.api.garden.GardenFlower;
import io.pauz.api.garden.GardenTheme;
import io.pauz.api.garden.Season;
import io.pauz.api.garden.SeasonPalette;
import io.pauz.api.guided.GuidedSessionEvent;
import io.pauz.api.rest.ApiException;
import io.pauz.bucket.local.internal.LocalBucketStore;
import io.pauz.testsupport.Configs;

/** Planting, growing, tending, pulling up; themes coming and going; storage layout; isolation. */
public class GardenServiceTest {
    private Fixture fx;

    @Before
    public void setUp() throws Exception {
        fx = new Fixture();
    }

    @After
    public void tearDown() throws Exception {
        fx.close();
    }

    static void assertApi(int status, String code, Runnable call) {
        try {
            call.run();
            fail("expected " + status + " " + code);
        } catch (ApiException e) {
            assertEquals(e.getMessage(), status, e.status());
            assertEquals(e.getMessage(), code, e.code());
        }
    }

    private static GardenFlower flower(Garden g, String sourceId) {
        return g.flowers().stream().filter(f -> f.sourceId().equals(sourceId)).findFirst()
                .orElseThrow(() -> new AssertionError("no flower for " + sourceId));
    }

    @Test
    public void anEmptyGardenForSomeoneNew() {
        Garden g = fx.service.garden("newcomer");
        assertEquals("newcomer", g.userId());
        assertEquals("meadow", g.themeId());
        assertEquals("Meadow", g.themeName());
        assertEquals(Season.SUMMER, g.season()); // 10 June, UTC
        assertTrue(g.flowers().isEmpty());
        assertNull(g.updatedAt());
        assertTrue("reading writes nothing", fx.buckets.get(Bucket.GARDEN_SYSTEM, GardenServiceImpl.key("newcomer")).isEmpty());
    }

    @Test
    public void everyAnalysedEntryPlantsOneFlowerMatchingItsMood() {
        fx.analysed("alice", "e1", -0.9, 1);
        fx.analysed("alice", "e2", 0.0, 1);
        fx.analysed("alice", "e3", 0.95, 1);
        fx.analysed("alice", "e3", 0.95, 1); // the same reading again: no second flower
        fx.service.journalChanged(new io.pauz.api.journal.JournalEvent(io.pauz.api.journal.JournalEvent.Type.CREATED,
                Fixture.entry("alice", "e4", null, 1))); // not read yet: nothing grows
        fx.service.awaitEvents();
        Garden g = fx.service.garden("alice");
        assertEquals(3, g.flowers().size());
        assertEquals("snowdrop", flower(g, "e1").kind());
        assertEquals("lavender", flower(g, "e2").kind());
        assertEquals("sunflower", flower(g, "e3").kind());
        assertEquals("Sunflower", flower(g, "e3").name());
        GardenFlower f = flower(g, "e1");
        assertEquals("entry", f.source());
        assertEquals(-0.9, f.mood(), 1e-9);
        assertEquals(Fixture.T0, f.plantedAt());
        assertEquals(3, f.stages());
        assertEquals("distinct ids", 3, g.flowers().stream().map(GardenFlower::id).collect(Collectors.toSet()).size());
        for (GardenFlower x : g.flowers()) {
            assertTrue(x.x() > 0 && x.x() < 1 && x.y() >= 0 && x.y() <= 1);
        }
        assertEquals(Fixture.T0, g.updatedAt());
    }

    @Test
    public void aGuidedSessionPlantsAFlowerToo() {
        fx.service.sessionCompleted(new GuidedSessionEvent("alice", "s1", "builtin:stress", "builtin", "Stress", 4, 5, 80,
                0.6, "positive", Fixture.T0));
        fx.service.sessionCompleted(new GuidedSessionEvent("alice", "s2", "builtin:stress", "builtin", "Stress", 0, 5, 0,
                null, null, Fixture.T0)); // no mood reading: a calm middle flower
        fx.service.awaitEvents();
        Garden g = fx.service.garden("alice");
        assertEquals(2, g.flowers().size());
        assertEquals("guided", flower(g, "s1").source());
        assertEquals("poppy", flower(g, "s1").kind());
        assertEquals("lavender", flower(g, "s2").kind());
    }

    @Test
    public void flowersGrowWithTimeAndWithLaterWriting() {
        // Defaults: a stage per 2 days and per 2 later pieces of writing.
        fx.analysed("alice", "e1", 0.95, 1); // sunflower, 5 stages
        assertEquals(1, flower(fx.service.garden("alice"), "e1").stage());
        fx.analysed("alice", "e2", 0.3, 1);
        assertEquals(1, flower(fx.service.garden("alice"), "e1").stage());
        fx.analysed("alice", "e3", 0.3, 1);
        assertEquals("two later entries", 2, flower(fx.service.garden("alice"), "e1").stage());
        assertEquals(1, flower(fx.service.garden("alice"), "e3").stage());

        fx.at(Fixture.T0.plus(Duration.ofDays(4)));
        Garden later = fx.service.garden("alice");
        assertEquals("two more stages after four days", 4, flower(later, "e1").stage());
        assertEquals(3, flower(later, "e3").stage()); // daisy: 3 stages, full bloom
        assertEquals(flower(later, "e3").stages(), flower(later, "e3").stage());

        fx.at(Fixture.T0.plus(Duration.ofDays(365)));
        assertEquals("capped at full bloom", 5, flower(fx.service.garden("alice"), "e1").stage());
    }

    @Test
    public void editingAnEntryChangesItsFlowerAndTendsIt() {
        fx.analysed("alice", "e1", -0.9, 1);
        GardenFlower before = flower(fx.service.garden("alice"), "e1");
        assertEquals("snowdrop", before.kind());
        fx.analysed("alice", "e1", 0.5, 2); // edited, read again
        fx.analysed("alice", "e1", 0.5, 3);
        Garden g = fx.service.garden("alice");
        assertEquals(1, g.flowers().size());
        GardenFlower after = flower(g, "e1");
        assertEquals("poppy", after.kind());
        assertEquals(before.id(), after.id());
        assertEquals("the same bed", before.x(), after.x(), 0);
        assertEquals("two edits tend it one stage", 2, after.stage());
    }

    @Test
    public void aDeletedEntrysFlowerGoesAndItsBedIsReplanted() {
        fx.analysed("alice", "e1", 0.1, 1);
        fx.analysed("alice", "e2", 0.1, 1);
        fx.analysed("alice", "e3", 0.1, 1);
        GardenFlower second = flower(fx.service.garden("alice"), "e2");
        fx.deleted("alice", "e2");
        fx.deleted("alice", "e2"); // twice: nothing more happens
        fx.deleted("alice", "unknown");
        Garden g = fx.service.garden("alice");
        assertEquals(2, g.flowers().size());
        assertTrue(g.flowers().stream().noneMatch(f -> f.sourceId().equals("e2")));
        fx.analysed("alice", "e4", 0.1, 1);
        GardenDoc doc = fx.service.load("alice");
        assertEquals("the freed bed is taken first", 1, doc.flowers.stream().filter(p -> p.sourceId.equals("e4")).findFirst()
                .orElseThrow().cell);
        assertFalse(second.id().equals(flower(fx.service.garden("alice"), "e4").id()));
    }

    @Test
    public void storageLayout() throws Exception {
        fx.analysed("alice", "e1", 0.2, 1);
        ObjectMapper json = new ObjectMapper();
        JsonNode state = json.readTree(fx.buckets.get(Bucket.GARDEN_SYSTEM, "user-gardens/alice/garden.json").orElseThrow()
                .readAllBytes());
        assertEquals(1, state.path("format").asInt());
        assertEquals("e1", state.path("flowers").get(0).path("sourceId").asText());
        assertTrue(state.path("flowers").get(0).path("plantedAt").isTextual());

        JsonNode defs = json.readTree(fx.buckets.get(Bucket.GARDEN_SYSTEM, "flower-definitions/meadow.json").orElseThrow()
                .readAllBytes());
        assertEquals("meadow", defs.path("themeId").asText());
        assertEquals(7, defs.path("flowers").size());
        assertEquals("snowdrop", defs.path("flowers").get(0).path("kind").asText());
        assertTrue(fx.buckets.get(Bucket.GARDEN_SYSTEM, "flower-definitions/zen.json").isPresent());
        JsonNode seasons = json.readTree(fx.buckets.get(Bucket.GARDEN_SYSTEM, "seasonal-themes/zen.json").orElseThrow()
                .readAllBytes());
        assertEquals(4, seasons.path("palettes").size());
        assertTrue(seasons.path("palettes").path("WINTER").path("sky").asText().startsWith("#"));
    }

    @Test
    public void usersChooseAThemeAndFallBackToTheDefaultWhenItLeaves() {
        fx.analysed("alice", "e1", 0.95, 1);
        assertEquals("sunflower", fx.service.garden("alice").flowers().get(0).kind());
        GardenServiceImpl.ThemeList list = fx.service.themes("alice");
        assertEquals(List.of("meadow", "zen"), list.themes().stream().map(GardenServiceImpl.ThemeView::id).toList());
        assertEquals("meadow", list.chosen());
        assertEquals("meadow", list.defaultTheme());
        assertTrue(list.themes().get(0).isDefault() && list.themes().get(0).chosen());
        assertEquals(7, list.themes().get(1).flowers().size());
        assertEquals(4, list.themes().get(1).palettes().size());

        Garden zen = fx.service.chooseTheme("alice", " zen ");
        assertEquals("zen", zen.themeId());
        assertEquals("cherry-blossom", zen.flowers().get(0).kind());
        assertEquals("meadow", fx.service.garden("bob").themeId());
        assertTrue(fx.service.themes("alice").themes().get(1).chosen());

        assertApi(422, "unknown_theme", () -> fx.service.chooseTheme("alice", "jungle"));
        assertApi(422, "missing_theme", () -> fx.service.chooseTheme("alice", " "));
        assertApi(422, "missing_theme", () -> fx.service.chooseTheme("alice", null));
        assertEquals("a refused choice changes nothing", "zen", fx.service.garden("alice").themeId());

        fx.service.removeGardenTheme(fx.zen, fx.zenProps);
        assertEquals("meadow", fx.service.garden("alice").themeId());
        assertEquals("sunflower", fx.service.garden("alice").flowers().get(0).kind());
        fx.service.addGardenTheme(fx.zen, Fixture.props("zen", 0));
        assertEquals("the choice is kept for when the theme returns", "zen", fx.service.garden("alice").themeId());
    }

    @Test
    public void aThemeArrivingAtRunTimeIsUsedLiveAndAHigherRankedOneBecomesTheDefault() {
        fx.analysed("alice", "e1", -0.5, 1);
        GardenTheme desert = new GardenTheme() {
            @Override
            public String id() {
                return "desert";
            }

            @Override
            public String name() {
                return "Desert <bloom> & \"rain\"";
            }

            @Override
            public String description() {
                return "Cacti after rain";
            }

            @Override
            public List<FlowerDefinition> flowers() {
                return List.of(new FlowerDefinition("cactus", "Cactus", "Holds on.", -1, 0, List.of("#e05a8a"), "#ffe066", 7, 3),
                        new FlowerDefinition("agave", "Agave", "Opens.", 0, 1, List.of("#f0a040", "#fff"), "#704020", 9, 4));
            }

            @Override
            public SeasonPalette palette(Season season) {
                return new SeasonPalette(season, "#f6d7a7", "#d9a066", "#7fb069");
            }
        };
        Map<String, Object> props = Fixture.props("desert", 500);
        fx.service.addGardenTheme(desert, props);
        Garden g = fx.service.garden("alice");
        assertEquals("desert", g.themeId());
        assertEquals("cactus", g.flowers().get(0).kind());
        assertTrue(fx.buckets.get(Bucket.GARDEN_SYSTEM, "flower-definitions/desert.json").isPresent());
        assertTrue(fx.service.svg("alice").contains("Desert &lt;bloom&gt; &amp; &quot;rain&quot;"));
        fx.service.removeGardenTheme(desert, props);
        assertEquals("meadow", fx.service.garden("alice").themeId());
    }

    /**
     * At start-up the themes may bind before any bucket provider (features hold it dynamically): nothing is written
     * then, and no call waits for a provider; the provider gets every theme's definitions when it arrives.
     */
    @Test
    public void themeDefinitionsReachAProviderThatArrivesLater() throws Exception {
        GardenServiceImpl service = new GardenServiceImpl(Configs.of(GardenConfig.class, Map.of()), null);
        try {
            long t0 = System.nanoTime();
            service.addGardenTheme(fx.zen, Fixture.props("zen", 0));
            assertTrue("no wait for a provider", System.nanoTime() - t0 < 2_000_000_000L);
            BucketStore later = new LocalBucketStore(fx.dir.resolve("later"), 0);
            service.setBucketProvider(later);
            long end = System.nanoTime() + 10_000_000_000L;
            while (later.get(Bucket.GARDEN_SYSTEM, "seasonal-themes/zen.json").isEmpty() && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertTrue(later.get(Bucket.GARDEN_SYSTEM, "flower-definitions/zen.json").isPresent());
            assertTrue(later.get(Bucket.GARDEN_SYSTEM, "seasonal-themes/zen.json").isPresent());
        } finally {
            service.deactivate();
        }
    }

    @Test
    public void withNoThemeInstalledGardensStillWork() {
        fx.analysed("alice", "e1", 0.4, 1);
        fx.service.removeGardenTheme(fx.meadow, fx.meadowProps);
        fx.service.removeGardenTheme(fx.zen, fx.zenProps);
        Garden g = fx.service.garden("alice");
        assertEquals("plain", g.themeId());
        assertEquals("flower", g.flowers().get(0).kind());
        assertTrue(fx.service.svg("alice").contains("class=\"flower\""));
        assertTrue(fx.service.themes("alice").themes().isEmpty());
        assertApi(422, "unknown_theme", () -> fx.service.chooseTheme("alice", "meadow"));
    }

    @Test
    public void theSeasonFollowsTheDateWhereTheUserLives() {
        fx.at(Instant.parse("2026-12-20T10:00:00Z"));
        fx.person("north", "N", "Europe/Berlin");
        fx.person("south", "S", "Australia/Sydney");
        assertEquals(Season.WINTER, fx.service.garden("north").season());
        assertEquals(Season.SUMMER, fx.service.garden("south").season());
        assertEquals(Season.WINTER, fx.service.garden("nobody-known").season());
        fx.person("west", "W", "America/New_York");
        fx.at(Instant.parse("2026-11-30T23:30:00Z")); // already 1 December in Berlin and Sydney, not in New York
        assertEquals(Season.WINTER, fx.service.garden("north").season());
        assertEquals(Season.AUTUMN, fx.service.garden("west").season());
        assertEquals(Season.SUMMER, fx.service.garden("south").season());
    }

    @Test
    public void userBNeverSeesUserAsGarden() {
        fx.analysed("alice", "e1", 0.3, 1);
        fx.analysed("alice", "e2", 0.3, 1);
        fx.deleted("bob", "e1"); // bob deleting an entry with the same id touches nothing of alice's
        fx.service.chooseTheme("bob", "zen");
        assertEquals(2, fx.service.garden("alice").flowers().size());
        assertEquals("meadow", fx.service.garden("alice").themeId());
        assertTrue(fx.service.garden("bob").flowers().isEmpty());
        assertEquals(0, PictureTest.flowerGroups(fx.service.svg("bob")).size());
        assertEquals(1, fx.buckets.list(Bucket.GARDEN_SYSTEM, "user-gardens/bob/", null, 100).objects().size());
        assertTrue(new String(fx.buckets.get(Bucket.GARDEN_SYSTEM, "user-gardens/bob/garden.json").orElseThrow().readAllBytes(),
                StandardCharsets.UTF_8).contains("\"flowers\":[]"));
    }

    @Test
    public void badUserIdsNeverReachStorage() {
        for (String bad : new String[] { "../alice", "a/b", "" }) {
            try {
                fx.service.garden(bad);
                fail(bad);
            } catch (io.pauz.api.bucket.BucketException e) {
                assertEquals(io.pauz.api.bucket.BucketException.Reason.INVALID_KEY, e.reason());
            }
        }
    }

    @Test
    public void concurrentEventsOfOneUserLoseNoFlower() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        fx.analysed("alice", "t" + thread + "-" + i, (i % 20) / 10.0 - 1, 1);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        Garden g = fx.service.garden("alice");
        assertEquals(150, g.flowers().size());
        assertEquals("every flower has its own bed", 150,
                fx.service.load("alice").flowers.stream().map(p -> p.cell).distinct().count());
    }

    @Test
    public void theOldestFlowerMakesRoomBeyondTheLimit() throws Exception {
        try (Fixture small = new Fixture(Map.of("max.flowers", 3))) {
            for (int i = 1; i <= 4; i++) {
                small.analysed("alice", "e" + i, 0.2, 1);
            }
            Garden g = small.service.garden("alice");
            assertEquals(3, g.flowers().size());
            assertTrue(g.flowers().stream().noneMatch(f -> f.sourceId().equals("e1")));
            assertNotNull(flower(g, "e4"));
        }
    }

    @Test
    public void eventsWhileAGardenWaitsAreWrittenTogether() throws Exception {
        java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
        fx.service.eventWriter.execute(() -> {
            try {
                busy.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < 40; i++) {
            fx.service.journalChanged(new io.pauz.api.journal.JournalEvent(io.pauz.api.journal.JournalEvent.Type.ANALYSED,
                    Fixture.entry("alice", "b" + i, 0.5, 1)));
        }
        fx.service.journalChanged(new io.pauz.api.journal.JournalEvent(io.pauz.api.journal.JournalEvent.Type.DELETED,
                Fixture.entry("alice", "b0", 0.5, 1)));
        long writes = fx.service.writes.get();
        busy.countDown();
        fx.service.awaitEvents();
        assertEquals("41 events, one write", writes + 1, fx.service.writes.get());
        assertEquals("40 planted, one pulled up again", 39, fx.service.garden("alice").flowers().size());
    }
}
