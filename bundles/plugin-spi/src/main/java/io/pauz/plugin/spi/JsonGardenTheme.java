package io.pauz.plugin.spi;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

import io.pauz.api.garden.FlowerDefinition;
import io.pauz.api.garden.Season;
import io.pauz.api.garden.SeasonPalette;

/**
 * A garden theme read once, in the constructor, from a JSON resource of the plugin jar, in the format of the
 * built-in themes:
 *
 * <pre>
 * {"id": "ocean", "name": "...", "description": "...",
 *  "flowers": [{"kind": "kelp", "name": "Kelp", "meaning": "...", "moodMin": -1.0, "moodMax": -0.5,
 *               "colors": ["#2E8B57"], "centerColor": "#1E5E3B", "petals": 6, "growthStages": 3}, ...],
 *  "palettes": [{"season": "SPRING", "sky": "#BFE6F5", "ground": "#E8D9B0", "accent": "#FF7F50"}, ...]}
 * </pre>
 *
 * Flower mood ranges must together cover -1..1, every season needs a palette, colours are CSS hex. Invalid content
 * throws {@link IllegalArgumentException} naming the culprit.
 */
@ConsumerType
public abstract class JsonGardenTheme implements GardenThemeExtension {
    private final String id;
    private final String name;
    private final String description;
    private final List<FlowerDefinition> flowers;
    private final Map<Season, SeasonPalette> palettes;

    /** @param resource resource name resolved by this class, e.g. {@code "/ocean-theme.json"} */
    protected JsonGardenTheme(String resource) {
        JsonContent.Theme theme = JsonContent.gardenTheme(getClass(), resource);
        this.id = theme.id();
        this.name = theme.name();
        this.description = theme.description();
        this.flowers = theme.flowers();
        this.palettes = theme.palettes();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<FlowerDefinition> flowers() {
        return flowers;
    }

    @Override
    public SeasonPalette palette(Season season) {
        return palettes.get(season);
    }
}
