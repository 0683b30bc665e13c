package io.pauz.recommendations.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.After;
import org.junit.Test;

import io.pauz.api.garden.Garden;
import io.pauz.api.garden.GardenFlower;
import io.pauz.api.garden.GardenService;
import io.pauz.api.garden.Season;
import io.pauz.api.identity.UserDirectory;
import io.pauz.api.identity.UserSummary;
import io.pauz.api.journal.JournalEntry;
import io.pauz.api.rest.ApiException;
import io.pauz.api.rest.PauzPrincipal;
import io.pauz.garden.themes.internal.MeadowTheme;
import io.pauz.recommendations.internal.Recommendations.FlowerItem;

/** The profile's parts from known input, flowers that follow the mood and the garden, zones, and the REST resource. */
public class ProfileAndResourceTest {
    private Fixture fx;

    @After
    public void close() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    private static JournalEntry entry(Instant at, int words, Double mood, String source) {
        return new JournalEntry(UUID.randomUUID().toString(), "u1", null, null, "", at, at, words, mood,
                mood == null ? null : mood < 0 ? "negative" : "positive", "voice".equals(source),
                "voice".equals(source) ? "done" : null, source, 1);
    }

    private static Profile build(Instant now, List<JournalEntry> newestFirst, Map<String, String> texts) {
        return new ProfileBuilder(14, 180, 7, 60).build(new ProfileBuilder.Input("u1", now, ZoneId.of("Asia/Tokyo"),
                newestFirst, texts, List.of(), new Profile.Sources(true, true, true, "x"), null), Map.of());
    }

    @Test
    public void writingStyleVoiceAndActiveHoursInTheUsersZone() {
        Instant now = Instant.parse("2026-11-20T12:00:00Z");
        List<JournalEntry> entries = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            // 12:00Z is 21:00 in Tokyo; every other entry spoken
            entries.add(entry(now.minus(Duration.ofDays(i)), 20 + i * 10, 0.1, i % 2 == 0 ? "voice" : "text"));
        }
        String id = entries.get(0).id();
        Profile p = build(now, entries, Map.of(id, "Why now? Why me? What a day! the the the the"));
        assertEquals(45, p.writing().typicalWords());
        assertEquals("brief", p.writing().length());
        assertEquals(2.0, p.writing().questionsPerEntry(), 1e-9);
        assertEquals(1.0, p.writing().exclamationsPerEntry(), 1e-9);
        assertEquals(0.5, p.writing().voiceShare(), 1e-9);
        assertEquals(3, p.voice().spokenEntries());
        assertTrue(p.voice().prefersVoice());
        assertNull(p.voice().preference());
        assertTrue(p.writing().vocabularyVariety() < 1.0);
        assertEquals("Asia/Tokyo", p.activeHours().zone());
        assertEquals(6, (int) p.activeHours().hours().get(21));
        assertEquals(List.of(21), p.activeHours().peakHours());
        assertEquals("evening", p.activeHours().partOfDay());
    }

    @Test
    public void aRisingMoodPointsTheFlowersUp() {
        Instant now = Instant.parse("2026-11-20T12:00:00Z");
        List<JournalEntry> entries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            entries.add(entry(now.minus(Duration.ofHours(i + 1)), 50, 0.5, "text"));
        }
        for (int i = 0; i < 10; i++) {
            entries.add(entry(now.minus(Duration.ofDays(3 + i)), 50, -0.5, "text"));
        }
        Profile p = build(now, entries, Map.of());
        assertEquals("rising", p.moods().direction());
        assertEquals(1.0, p.moods().trend(), 1e-9);
        Catalog catalog = new Catalog();
        catalog.addTheme(new MeadowTheme(), io.pauz.testsupport.ServiceProps.of("pauz.garden.theme", "meadow", 0));
        Recommendations r = new Recommender(new Recommender.Settings(Set.of("gratitude"), Set.of("goals"), List.of("gratitude"),
                Set.of("gentle"), -0.2, 24, 5, 3, 3)).recommend(p, catalog.snapshot(), null, now);
        assertEquals(1.0, r.mood().heading(), 1e-9);
        FlowerItem first = r.flowers().get(0);
        assertEquals("sunflower", first.kind());
        assertTrue(first.reason(), first.reason().startsWith("Your mood is rising"));
        assertEquals("poppy", r.flowers().get(1).kind()); // where the mood is now
    }

    @Test
    public void flowersComeFromTheGardensThemeAndKnowWhatGrowsThere() throws Exception {
        fx = new Fixture();
        String u = Fixture.newUser();
        fx.write(u, "A lovely calm evening, grateful and happy with friends.", Instant.now().minus(Duration.ofDays(1)));
        Recommendations meadow = fx.service.recommendations(u);
        assertEquals("meadow", meadow.flowers().get(0).theme());

        List<String> grown = new ArrayList<>();
        fx.service.setGardens(new GardenService() {
            @Override
            public Garden garden(String userId) {
                assertEquals(u, userId);
                List<GardenFlower> flowers = new ArrayList<>();
                for (String kind : grown) {
                    flowers.add(new GardenFlower("f-" + kind, kind, kind, 0.5, "entry", "e1", Instant.now(), 2, 4, 0.5, 0.5));
                }
                return new Garden(userId, "zen", "Zen", Season.WINTER, flowers, Instant.now());
            }

            @Override
            public String svg(String userId) {
                throw new UnsupportedOperationException();
            }

            @Override
            public byte[] png(String userId, int widthPx) {
                throw new UnsupportedOperationException();
            }
        });
        fx.service.invalidate(u); // a garden change arrives with the entry event that caused it
        Recommendations zen = fx.service.recommendations(u);
        assertFalse(zen.flowers().isEmpty());
        assertTrue(zen.flowers().stream().allMatch(f -> f.theme().equals("zen")));
        assertTrue(zen.flowers().stream().noneMatch(FlowerItem::inGarden));
        assertTrue(zen.flowers().stream().allMatch(f -> f.reason().endsWith("not in your garden yet")));

        grown.addAll(List.of("moss", "camellia", "lotus", "iris", "morning-glory", "chrysanthemum", "cherry-blossom"));
        fx.service.invalidate(u);
        Recommendations full = fx.service.recommendations(u);
        assertEquals(zen.flowers().stream().map(FlowerItem::kind).toList(), full.flowers().stream().map(FlowerItem::kind).toList());
        assertTrue(full.flowers().stream().allMatch(f -> f.inGarden() && !f.reason().contains("not in your garden")));
    }

    @Test
    public void theUsersZoneComesFromTheDirectory() throws Exception {
        fx = new Fixture();
        String u = Fixture.newUser();
        fx.service.setDirectory(new UserDirectory() {
            @Override
            public Optional<UserSummary> find(String userId) {
                return Optional.of(new UserSummary(userId, "a@example.org", "A", Instant.EPOCH, ZoneId.of("America/New_York")));
            }

            @Override
            public List<String> userIds() {
                return List.of();
            }

            @Override
            public java.util.Map<String, Object> preferences(String userId) {
                return java.util.Map.of("voice", true);
            }
        });
        fx.write(u, "Morning pages.", Instant.parse("2026-11-20T13:30:00Z")); // 08:30 in New York
        Profile p = fx.service.profile(u);
        assertTrue(p.sources().directory());
        assertEquals("America/New_York", p.activeHours().zone());
        assertEquals(List.of(8), p.activeHours().peakHours());
        assertEquals("morning", p.activeHours().partOfDay());
        assertEquals("the stated preference wins over typed entries", Boolean.TRUE, p.voice().preference());
        assertTrue(p.voice().prefersVoice());
        assertEquals("America/New_York", fx.service.recommendations(u).timing().zone());
    }

    @Test
    public void theResourceNeedsAUserAndAService() throws Exception {
        RecommendationsResource resource = new RecommendationsResource();
        try {
            resource.recommendations(null);
            fail();
        } catch (ApiException e) {
            assertEquals(401, e.status());
        }
        var security = new PauzPrincipal(Fixture.newUser(), "s", "a@example.org", false).securityContext(true);
        try {
            resource.recommendations(security);
            fail();
        } catch (ApiException e) {
            assertEquals(503, e.status());
            assertEquals("recommendations_unavailable", e.code());
        }
        fx = new Fixture();
        resource.service = fx.service;
        assertEquals("starter", resource.recommendations(security).basis());
        assertTrue(resource.profile(security).isNew());
    }
}
