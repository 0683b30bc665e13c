package com.example.pauz.ocean;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;

import org.junit.Test;

import io.pauz.api.garden.FlowerDefinition;
import io.pauz.api.garden.Season;

/** What a plugin author checks before deploying: the JSON is valid and the extension is indexed. */
public class OceanThemeTest {

    @Test
    public void themeReadsItsJson() {
        OceanTheme theme = new OceanTheme(); // throws, naming the culprit, if the JSON is invalid
        assertEquals("ocean", theme.id());
        assertEquals(5, theme.flowers().size());
        for (double mood = -1; mood <= 1; mood += 0.05) {
            double m = mood;
            assertTrue("a flower for mood " + m, theme.flowers().stream().anyMatch(f -> f.matches(m)));
        }
        assertEquals("kelp", theme.flowers().stream().filter(f -> f.matches(-0.9)).map(FlowerDefinition::kind).findFirst().orElseThrow());
        for (Season season : Season.values()) {
            assertNotNull(season.name(), theme.palette(season));
        }
    }

    @Test
    public void extensionIsIndexedForPf4j() throws Exception {
        // The processor also writes an (empty) index for the test classes: look at every index on the class path.
        StringBuilder all = new StringBuilder();
        for (URL index : Collections.list(getClass().getClassLoader().getResources("META-INF/extensions.idx"))) {
            try (InputStream in = index.openStream()) {
                all.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertTrue("PF4J's annotation processor did not index the extension: " + all, all.toString().contains(OceanTheme.class.getName()));
    }
}
