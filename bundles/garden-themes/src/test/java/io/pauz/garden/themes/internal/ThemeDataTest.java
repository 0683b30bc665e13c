package io.pauz.garden.themes.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.Test;

import io.pauz.api.garden.Season;

/** The loader turns author mistakes into errors that name the culprit. */
public class ThemeDataTest {
    private static final String PALETTES = "["
            + "{\"season\":\"SPRING\",\"sky\":\"#abc\",\"ground\":\"#00ff00\",\"accent\":\"#FF0000\"},"
            + "{\"season\":\"SUMMER\",\"sky\":\"#abc\",\"ground\":\"#00ff00\",\"accent\":\"#FF0000\"},"
            + "{\"season\":\"AUTUMN\",\"sky\":\"#abc\",\"ground\":\"#00ff00\",\"accent\":\"#FF0000\"},"
            + "{\"season\":\"WINTER\",\"sky\":\"#abc\",\"ground\":\"#00ff00\",\"accent\":\"#FF0000\"}]";

    @Test
    public void minimalThemeParses() throws IOException {
        ThemeData t = read(theme(flower("low", -1, 0) + "," + flower("high", 0, 1), PALETTES));
        assertEquals(2, t.flowers().size());
        assertEquals(Season.values().length, t.palettes().size());
        assertEquals("#abc", t.palettes().get(Season.SPRING).sky());
    }

    @Test
    public void gapInMoodsRejected() {
        assertRejected("no flower for moods between 0.0 and 0.05", theme(flower("low", -1, 0) + "," + flower("high", 0.05, 1), PALETTES));
    }

    @Test
    public void uncoveredEndsRejected() {
        assertRejected("between -1.0 and -0.9", theme(flower("mid", -0.9, 1), PALETTES));
        assertRejected("above 0.99", theme(flower("mid", -1, 0.99), PALETTES));
    }

    @Test
    public void overlappingRangesAccepted() throws IOException {
        ThemeData t = read(theme(flower("a", -1, 0.2) + "," + flower("b", -0.5, 0.5) + "," + flower("c", 0.4, 1), PALETTES));
        assertEquals(3, t.flowers().size());
    }

    @Test
    public void rangeOutsideMinusOneToOneRejected() {
        assertRejected("within -1..1", theme(flower("a", -1.5, 1), PALETTES));
    }

    @Test
    public void duplicateKindRejected() {
        assertRejected("duplicate kind", theme(flower("a", -1, 0) + "," + flower("a", 0, 1), PALETTES));
    }

    @Test
    public void badColourRejected() {
        assertRejected("sky must be a CSS hex colour", theme(flower("a", -1, 1), PALETTES.replaceFirst("#abc", "blue")));
        assertRejected("petal colour must be a CSS hex colour", theme(flower("a", -1, 1).replace("#FFFFFF", "#FFFFF"), PALETTES));
    }

    @Test
    public void missingSeasonRejected() {
        String three = PALETTES.replaceFirst(",\\{\"season\":\"WINTER\"[^}]*}", "");
        assertRejected("no palette for [WINTER]", theme(flower("a", -1, 1), three));
    }

    @Test
    public void misspelledFieldRejected() {
        assertThrows(IOException.class, () -> read(theme(flower("a", -1, 1).replace("moodMax", "moodmax"), PALETTES)));
    }

    @Test
    public void tooFewGrowthStagesRejected() {
        // Enforced by the API record's constructor; Jackson reports it with the location in the file.
        assertThrows(IOException.class, () -> read(theme(flower("a", -1, 1).replace("\"growthStages\":3", "\"growthStages\":1"), PALETTES)));
    }

    @Test
    public void missingResourceRejected() {
        assertThrows(IOException.class, () -> ThemeData.read(null));
    }

    private static String theme(String flowers, String palettes) {
        return "{\"id\":\"t\",\"name\":\"T\",\"description\":\"D\",\"flowers\":[" + flowers + "],\"palettes\":" + palettes + "}";
    }

    private static String flower(String kind, double min, double max) {
        return "{\"kind\":\"" + kind + "\",\"name\":\"N\",\"meaning\":\"M\",\"moodMin\":" + min + ",\"moodMax\":" + max
                + ",\"colors\":[\"#FFFFFF\"],\"centerColor\":\"#000\",\"petals\":5,\"growthStages\":3}";
    }

    private static ThemeData read(String json) throws IOException {
        return ThemeData.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertRejected(String messagePart, String json) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(json));
        assertTrue(e.getMessage(), e.getMessage().contains(messagePart));
    }
}
