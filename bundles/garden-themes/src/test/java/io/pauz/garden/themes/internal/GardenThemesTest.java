package io.pauz.garden.themes.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

import io.pauz.api.garden.FlowerDefinition;
import io.pauz.api.garden.GardenTheme;
import io.pauz.api.garden.Season;
import io.pauz.api.garden.SeasonPalette;

/** Checks each shipped theme through its component, exactly as a consumer of the service sees it. */
@RunWith(Parameterized.class)
public class GardenThemesTest {
    private static final Pattern HEX = Pattern.compile("#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}");

    @Parameters(name = "{0}")
    public static List<Object[]> themes() {
        return List.of(
                new Object[] { "meadow", (Supplier<GardenTheme>) MeadowTheme::new, MeadowTheme.class },
                new Object[] { "zen", (Supplier<GardenTheme>) ZenTheme::new, ZenTheme.class });
    }

    private final String id;
    private final Supplier<GardenTheme> factory;
    private final GardenTheme theme;
    private final Class<?> component;

    public GardenThemesTest(String id, Supplier<GardenTheme> factory, Class<?> component) {
        this.id = id;
        this.factory = factory;
        this.theme = factory.get();
        this.component = component;
    }

    @Test
    public void identity() {
        long start = System.nanoTime();
        GardenTheme fresh = factory.get();
        System.out.printf("theme %s activation (JSON parse + validation, warm JVM): %.2f ms%n", id, (System.nanoTime() - start) / 1e6);
        assertEquals(id, fresh.id());
        assertEquals(id, theme.id());
        assertFalse(theme.name().isBlank());
        assertFalse(theme.description().isBlank());
    }

    @Test
    public void everyMoodFromMinusOneToOneGrowsAFlower() {
        for (int i = -100; i <= 100; i++) {
            double mood = i / 100.0;
            assertTrue(id + ": no flower for mood " + mood, theme.flowers().stream().anyMatch(f -> f.matches(mood)));
        }
    }

    @Test
    public void flowersAreWellFormed() {
        List<FlowerDefinition> flowers = theme.flowers();
        assertTrue(id + " has " + flowers.size() + " flowers", flowers.size() >= 6 && flowers.size() <= 8);
        Set<String> kinds = new HashSet<>();
        for (FlowerDefinition f : flowers) {
            assertTrue("duplicate kind " + f.kind(), kinds.add(f.kind()));
            assertTrue(f.kind(), f.kind().matches("[a-z]+(-[a-z]+)*"));
            assertFalse(f.kind(), f.name().isBlank());
            assertTrue(f.kind() + " meaning", f.meaning().length() > 20);
            assertTrue(f.kind(), f.moodMin() >= -1 && f.moodMax() <= 1 && f.moodMin() < f.moodMax());
            assertTrue(f.kind() + " growth stages", f.growthStages() >= 3 && f.growthStages() <= 5);
            assertTrue(f.kind() + " petals", f.petals() >= 3);
            assertTrue(f.kind() + " petal colours", f.colors().size() >= 2 && f.colors().size() <= 4);
        }
    }

    @Test
    public void coloursAreCssHex() {
        for (FlowerDefinition f : theme.flowers()) {
            f.colors().forEach(c -> assertHex(f.kind(), c));
            assertHex(f.kind() + " centre", f.centerColor());
        }
        for (Season s : Season.values()) {
            SeasonPalette p = theme.palette(s);
            assertHex(s + " sky", p.sky());
            assertHex(s + " ground", p.ground());
            assertHex(s + " accent", p.accent());
        }
    }

    @Test
    public void everySeasonHasItsOwnPalette() {
        for (Season s : Season.values()) {
            SeasonPalette p = theme.palette(s);
            assertNotNull(id + " " + s, p);
            assertEquals(s, p.season());
            // Within a season the three layers must be told apart on screen.
            assertTrue(s + " sky/ground", distance(p.sky(), p.ground()) > 30);
            assertTrue(s + " ground/accent", distance(p.ground(), p.accent()) > 30);
        }
        for (Season a : Season.values()) {
            for (Season b : Season.values()) {
                if (a.ordinal() < b.ordinal()) {
                    SeasonPalette pa = theme.palette(a), pb = theme.palette(b);
                    double d = distance(pa.sky(), pb.sky()) + distance(pa.ground(), pb.ground()) + distance(pa.accent(), pb.accent());
                    assertTrue(id + ": " + a + " and " + b + " look alike (" + d + ")", d > 100);
                }
            }
        }
    }

    @Test
    public void flowersAreImmutable() {
        assertThrows(UnsupportedOperationException.class, () -> theme.flowers().clear());
    }

    @Test
    public void componentDescriptionRegistersTheThemeWithItsId() throws Exception {
        String xml = descriptor(component);
        assertTrue(xml, xml.contains("interface=\"" + GardenTheme.class.getName() + "\""));
        assertTrue(xml, xml.contains("name=\"" + GardenTheme.ID_PROPERTY + "\" type=\"String\" value=\"" + id + "\""));
    }

    @Test
    public void meadowIsTheDefault() throws Exception {
        // Consumers that bind "the" GardenTheme get the highest service.ranking.
        assertTrue(ranking(MeadowTheme.class) > ranking(ZenTheme.class));
    }

    private static int ranking(Class<?> component) throws Exception {
        Matcher m = Pattern.compile("name=\"service.ranking\" type=\"Integer\" value=\"(-?\\d+)\"").matcher(descriptor(component));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static String descriptor(Class<?> component) throws Exception {
        // bnd writes the DS descriptors in process-classes, before the tests run.
        Path xml = Path.of("target/classes/OSGI-INF/" + component.getName() + ".xml");
        assertTrue(xml + " missing", Files.exists(xml));
        return Files.readString(xml);
    }

    private static void assertHex(String what, String colour) {
        assertTrue(what + ": " + colour, colour != null && HEX.matcher(colour).matches());
    }

    static double distance(String a, String b) {
        int[] x = rgb(a), y = rgb(b);
        return Math.sqrt(Math.pow(x[0] - y[0], 2) + Math.pow(x[1] - y[1], 2) + Math.pow(x[2] - y[2], 2));
    }

    private static int[] rgb(String hex) {
        String h = hex.substring(1);
        if (h.length() == 3) {
            h = "" + h.charAt(0) + h.charAt(0) + h.charAt(1) + h.charAt(1) + h.charAt(2) + h.charAt(2);
        }
        int v = Integer.parseInt(h, 16);
        return new int[] { v >> 16 & 0xFF, v >> 8 & 0xFF, v & 0xFF };
    }
}
