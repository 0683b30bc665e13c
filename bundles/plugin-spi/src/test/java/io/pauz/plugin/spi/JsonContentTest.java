package io.pauz.plugin.spi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Set;

import org.junit.Test;

import io.pauz.api.garden.Season;
import io.pauz.api.prompt.Prompt;

public class JsonContentTest {
    static class Pack extends JsonPromptPack {
        Pack(String resource) {
            super(resource);
        }
    }

    static class Theme extends JsonGardenTheme {
        Theme(String resource) {
            super(resource);
        }
    }

    @Test
    public void promptPackFromJson() {
        Pack pack = new Pack("/spi/pack.json");
        assertEquals("test-pack", pack.id());
        assertEquals("Test pack", pack.name());
        assertEquals("walks", pack.topics().get(0).id());
        assertEquals(2, pack.prompts("walks").size());
        assertEquals(Prompt.Stage.OPENING, pack.prompts("walks").get(0).stage());
        assertEquals(Set.of("walk"), pack.prompts("walks").get(0).tags());
        assertTrue(pack.prompts("nope").isEmpty());
        assertTrue(pack.prompts(null).isEmpty());
    }

    @Test
    public void badPackContentNamesTheCulprit() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Pack("/spi/bad-tag.json")).getMessage()
                .contains("walks-01"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Pack("/spi/typo.json")).getMessage()
                .contains("tag"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Pack("/spi/missing.json")).getMessage()
                .contains("not found"));
    }

    @Test
    public void gardenThemeFromJson() {
        Theme theme = new Theme("/spi/theme.json");
        assertEquals("dunes", theme.id());
        assertEquals(2, theme.flowers().size());
        assertEquals("#FFB347", theme.palette(Season.SUMMER).accent());
    }

    @Test
    public void themeWithAGapInMoodsIsRejected() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Theme("/spi/gap.json")).getMessage()
                .contains("no flower for moods between"));
    }
}
