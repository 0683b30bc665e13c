package io.pauz.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.UUID;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.ServiceRegistration;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.pauz.api.garden.FlowerDefinition;
import io.pauz.api.garden.GardenService;
import io.pauz.api.garden.GardenTheme;
import io.pauz.api.garden.Season;
import io.pauz.api.garden.SeasonPalette;

/**
 * Gardens in the real runtime: entries read by the installed lexicon analyzer and a completed guided session plant
 * flowers; the SVG is XML with one flower group per flower; deleting an entry pulls its flower; themes are listed,
 * chosen, refused when unknown, and a theme service arriving at run time is picked up live; users see only their own
 * garden; nothing without a session.
 */
public class GardenIT extends PauzTestBase {

    @Configuration
    public Option[] config() {
        return PauzOptions.runtime(newWorkDir(GardenIT.class), "io.pauz.accounts:password.iterations=20000");
    }

    private String[] signUp() {
        Http.Reply r = http.post("auth/local/register", "application/json", "{\"email\":\"garden" + UUID.randomUUID().toString()
                .substring(0, 8) + "@example.org\",\"password\":\"correct horse\",\"name\":\"Gardener <&>\"}");
        assertEquals(r.body(), 201, r.status());
        return new String[] { "Authorization", "Bearer " + r.json().path("token").asText() };
    }

    private Http.Reply put(String path, String json, String... headers) {
        return http.send(http.request(path, headers).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    private String write(String text, String[] auth) {
        Http.Reply r = http.post("journal/entries", "application/json", "{\"text\":\"" + text + "\"}", auth);
        assertEquals(r.body(), 201, r.status());
        return r.json().path("id").asText();
    }

    private Http.Reply awaitFlowers(int count, String[] auth) {
        Http.Reply r = http.await("garden", x -> x.status() == 200 && x.json().path("flowers").size() == count,
                Duration.ofSeconds(30), auth);
        assertEquals(r.body(), 200, r.status());
        assertEquals(r.body(), count, r.json().path("flowers").size());
        return r;
    }

    private static List<Element> flowerGroups(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
        assertEquals("svg", doc.getDocumentElement().getLocalName());
        NodeList groups = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "g");
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < groups.getLength(); i++) {
            if ("flower".equals(((Element) groups.item(i)).getAttribute("class"))) {
                out.add((Element) groups.item(i));
            }
        }
        return out;
    }

    private int svgFlowers(String[] auth) throws Exception {
        Http.Reply svg = http.get("garden.svg", auth);
        assertEquals(svg.body(), 200, svg.status());
        assertTrue(svg.headers().firstValue("Content-Type").orElse(""), svg.headers().firstValue("Content-Type").orElse("")
                .startsWith("image/svg+xml"));
        return flowerGroups(svg.body()).size();
    }

    @Test
    public void entriesAndGuidedSessionsGrowTheirOwnersGardenOnly() throws Exception {
        String[] a = signUp();
        String[] b = signUp();
        assertEquals(200, http.await("garden", r -> r.status() == 200, Duration.ofSeconds(20), a).status());

        String happy = write("What a wonderful day, I feel happy, grateful and loved. The sun was lovely.", a);
        write("A terrible, awful day. I feel sad, lonely and hopeless.", a);
        write("Worked on the report, then cooked dinner and went to bed.", a);
        JsonNode garden = awaitFlowers(3, a).json();
        assertEquals("meadow", garden.path("themeId").asText());
        assertTrue(List.of("SPRING", "SUMMER", "AUTUMN", "WINTER").contains(garden.path("season").asText()));
        for (JsonNode f : garden.path("flowers")) {
            assertEquals("entry", f.path("source").asText());
            assertFalse(f.path("kind").asText().isEmpty());
            assertTrue(f.path("stage").asInt() >= 1 && f.path("stage").asInt() <= f.path("stages").asInt());
            assertTrue(f.path("x").asDouble() > 0 && f.path("x").asDouble() < 1);
        }
        JsonNode happyFlower = null;
        for (JsonNode f : garden.path("flowers")) {
            if (f.path("sourceId").asText().equals(happy)) {
                happyFlower = f;
            }
        }
        assertNotNull(happyFlower);
        assertTrue(happyFlower.toString(), happyFlower.path("mood").asDouble() > 0.3);
        assertEquals(3, svgFlowers(a));

        // A completed guided session plants one more.
        Http.Reply started = http.post("guided/sessions", "application/json", "{\"topic\":\"builtin:anxiety\"}", a);
        assertEquals(started.body(), 201, started.status());
        String session = started.json().path("id").asText();
        JsonNode prompt = started.json().path("currentPrompt");
        for (int i = 0; i < 10 && !prompt.isMissingNode() && !prompt.isNull(); i++) {
            Http.Reply r = http.post("guided/sessions/" + session + "/responses", "application/json", "{\"promptId\":\""
                    + prompt.path("id").asText() + "\",\"text\":\"Talking to a friend helped and I feel calmer tonight\"}", a);
            assertEquals(r.body(), 200, r.status());
            prompt = r.json().path("currentPrompt");
        }
        Http.Reply done = http.post("guided/sessions/" + session + "/complete", "application/json", "", a);
        assertEquals(done.body(), 200, done.status());
        garden = awaitFlowers(4, a).json();
        boolean guided = false;
        for (JsonNode f : garden.path("flowers")) {
            guided |= f.path("source").asText().equals("guided") && f.path("sourceId").asText().equals(session);
        }
        assertTrue(garden.toString(), guided);
        assertEquals(4, svgFlowers(a));

        // B sees an empty garden of their own, and nothing of A's.
        JsonNode other = http.get("garden", b).json();
        assertEquals(0, other.path("flowers").size());
        assertEquals(0, svgFlowers(b));
        assertFalse(http.get("garden", b).body().contains(happy));

        // Deleting an entry pulls its flower up.
        assertEquals(204, http.delete("journal/entries/" + happy, a).status());
        awaitFlowers(3, a);
        assertEquals(3, svgFlowers(a));

        // Other features read gardens through the service, PNG included.
        GardenService service = service(GardenService.class, null, 10);
        byte[] png = service.png(garden.path("userId").asText(), 600);
        assertEquals(600, ImageIO.read(new ByteArrayInputStream(png)).getWidth());
    }

    @Test
    public void themesAreListedChosenAndRefusedWhenUnknown() {
        String[] a = signUp();
        String[] b = signUp();
        Http.Reply themes = http.await("garden/themes", r -> r.status() == 200 && r.body().contains("\"zen\""),
                Duration.ofSeconds(20), a);
        assertEquals(themes.body(), 200, themes.status());
        List<String> ids = new ArrayList<>();
        themes.json().path("themes").forEach(t -> ids.add(t.path("id").asText()));
        assertTrue(ids.toString(), ids.containsAll(List.of("meadow", "zen")));
        assertEquals("meadow", themes.json().path("chosen").asText());
        assertEquals("meadow", themes.json().path("defaultTheme").asText());
        assertTrue(themes.json().path("themes").get(0).path("flowers").size() >= 6);

        Http.Reply chosen = put("garden/theme", "{\"themeId\":\"zen\"}", a);
        assertEquals(chosen.body(), 200, chosen.status());
        assertEquals("zen", chosen.json().path("themeId").asText());
        assertEquals("zen", http.get("garden", a).json().path("themeId").asText());
        assertEquals("zen", http.get("garden/themes", a).json().path("chosen").asText());
        assertEquals("meadow", http.get("garden", b).json().path("themeId").asText());

        Http.Reply bad = put("garden/theme", "{\"themeId\":\"jungle\"}", a);
        assertEquals(422, bad.status());
        assertEquals("unknown_theme", bad.errorCode());
        assertEquals("missing_theme", put("garden/theme", "{}", a).errorCode());
        assertEquals(400, put("garden/theme", "{not json", a).status());
        assertEquals("zen", http.get("garden", a).json().path("themeId").asText());

        // No session: 401 everywhere.
        assertEquals("unauthorized", http.get("garden").errorCode());
        assertEquals(401, http.get("garden.svg").status());
        assertEquals("unauthorized", http.get("garden.svg").errorCode());
        assertEquals("unauthorized", http.get("garden/themes").errorCode());
        assertEquals("unauthorized", put("garden/theme", "{\"themeId\":\"zen\"}").errorCode());
        assertEquals(401, http.get("garden", "Authorization", "Bearer not-a-session").status());
    }

    @Test
    public void aThemeArrivingAtRunTimeIsOfferedAndItsLeavingFallsBackToTheDefault() throws Exception {
        String[] a = signUp();
        GardenTheme desert = new GardenTheme() {
            @Override
            public String id() {
                return "desert";
            }

            @Override
            public String name() {
                return "Desert";
            }

            @Override
            public String description() {
                return "Cacti after the rain";
            }

            @Override
            public List<FlowerDefinition> flowers() {
                return List.of(new FlowerDefinition("cactus", "Cactus", "Holds on.", -1, 0, List.of("#e05a8a"), "#ffe066", 7, 3),
                        new FlowerDefinition("agave", "Agave", "Opens up.", 0, 1, List.of("#f0a040"), "#704020", 9, 4));
            }

            @Override
            public SeasonPalette palette(Season season) {
                return new SeasonPalette(season, "#f6d7a7", "#d9a066", "#7fb069");
            }
        };
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(GardenTheme.ID_PROPERTY, "desert");
        ServiceRegistration<GardenTheme> reg = context.registerService(GardenTheme.class, desert, props);
        try {
            assertEquals(200, http.await("garden/themes", r -> r.body().contains("\"desert\""), Duration.ofSeconds(10), a)
                    .status());
            assertEquals(200, put("garden/theme", "{\"themeId\":\"desert\"}", a).status());
            write("A lovely, happy, wonderful afternoon with friends.", a);
            JsonNode g = awaitFlowers(1, a).json();
            assertEquals("desert", g.path("themeId").asText());
            assertEquals("agave", g.path("flowers").get(0).path("kind").asText());
        } finally {
            reg.unregister();
        }
        JsonNode g = http.get("garden", a).json();
        assertEquals("meadow", g.path("themeId").asText());
        assertEquals(1, g.path("flowers").size());
        assertEquals(1, svgFlowers(a));
    }
}
