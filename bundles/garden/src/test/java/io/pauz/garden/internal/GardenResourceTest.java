package io.pauz.garden.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import jakarta.ws.rs.core.SecurityContext;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.pauz.api.rest.PauzPrincipal;

/** The resources' own work: who the caller is, 401 for anonymous callers and the operator, 503 without the service. */
public class GardenResourceTest {
    private Fixture fx;
    private GardenResource resource;
    private GardenPictureResource picture;
    private final SecurityContext alice = new PauzPrincipal("alice", "s1", "a@example.org", false).securityContext(true);
    private final SecurityContext bob = new PauzPrincipal("bob", "s2", "b@example.org", false).securityContext(true);

    @Before
    public void setUp() throws Exception {
        fx = new Fixture();
        resource = new GardenResource();
        resource.service = fx.service;
        picture = new GardenPictureResource();
        picture.service = fx.service;
    }

    @After
    public void tearDown() throws Exception {
        fx.close();
    }

    @Test
    public void theCallersOwnGarden() {
        fx.analysed("alice", "e1", 0.3, 1);
        assertEquals(1, resource.garden(alice).flowers().size());
        assertEquals(0, resource.garden(bob).flowers().size());
        assertEquals(1, PictureTest.flowerGroups(picture.svg(alice)).size());
        assertEquals(0, PictureTest.flowerGroups(picture.svg(bob)).size());
        assertEquals("zen", resource.chooseTheme(alice, new GardenResource.ThemeInput("zen")).themeId());
        assertEquals("zen", resource.themes(alice).chosen());
        assertEquals("meadow", resource.themes(bob).chosen());
        GardenServiceTest.assertApi(422, "unknown_theme", () -> resource.chooseTheme(alice, new GardenResource.ThemeInput("x")));
        GardenServiceTest.assertApi(422, "missing_theme", () -> resource.chooseTheme(alice, null));
    }

    /** The JSON clients get, written the way the REST layer writes it (Jackson, ISO dates). */
    @Test
    public void jsonShape() throws Exception {
        fx.analysed("alice", "e1", 0.3, 1);
        com.fasterxml.jackson.databind.ObjectMapper json = fx.service.json;
        var themes = json.readTree(json.writeValueAsString(resource.themes(alice)));
        assertEquals("meadow", themes.path("chosen").asText());
        assertTrue(themes.path("themes").get(0).path("isDefault").asBoolean());
        assertTrue(themes.path("themes").get(0).path("chosen").asBoolean());
        assertEquals("snowdrop", themes.path("themes").get(0).path("flowers").get(0).path("kind").asText());
        assertTrue(themes.path("themes").get(0).path("palettes").path("SPRING").path("sky").isTextual());
        var garden = json.readTree(json.writeValueAsString(resource.garden(alice)));
        assertEquals("daisy", garden.path("flowers").get(0).path("kind").asText());
        assertEquals("2026-06-10T12:00:00Z", garden.path("flowers").get(0).path("plantedAt").asText());
        assertEquals("SUMMER", garden.path("season").asText());
    }

    @Test
    public void anonymousCallersAreRefused() {
        SecurityContext operator = new PauzPrincipal(null, null, null, true).securityContext(true);
        for (SecurityContext ctx : new SecurityContext[] { null, operator }) {
            GardenServiceTest.assertApi(401, "unauthorized", () -> resource.garden(ctx));
            GardenServiceTest.assertApi(401, "unauthorized", () -> resource.themes(ctx));
            GardenServiceTest.assertApi(401, "unauthorized", () -> resource.chooseTheme(ctx, new GardenResource.ThemeInput("zen")));
            GardenServiceTest.assertApi(401, "unauthorized", () -> picture.svg(ctx));
        }
        assertTrue(fx.buckets.list(io.pauz.api.bucket.Bucket.GARDEN_SYSTEM, "user-gardens/", null, 10).objects().isEmpty());
    }

    @Test
    public void unavailableWithoutTheService() {
        resource.service = null;
        picture.service = null;
        GardenServiceTest.assertApi(503, "garden_unavailable", () -> resource.garden(alice));
        GardenServiceTest.assertApi(503, "garden_unavailable", () -> picture.svg(alice));
    }
}
