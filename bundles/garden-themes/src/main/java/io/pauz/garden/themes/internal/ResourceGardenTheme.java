package io.pauz.garden.themes.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pauz.api.garden.FlowerDefinition;
import io.pauz.api.garden.GardenTheme;
import io.pauz.api.garden.Season;
import io.pauz.api.garden.SeasonPalette;

/**
 * A theme served from {@code /themes/<id>.json} in this bundle. Subclasses are the DS components; they exist
 * only because a component's service property must be known at build time.
 */
abstract class ResourceGardenTheme implements GardenTheme {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceGardenTheme.class);

    private final ThemeData data;

    ResourceGardenTheme(String id) {
        String resource = "/themes/" + id + ".json";
        try {
            data = ThemeData.read(ResourceGardenTheme.class.getResourceAsStream(resource));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        if (!id.equals(data.id())) {
            throw new IllegalStateException(resource + " declares theme id " + data.id() + ", expected " + id);
        }
        LOG.info("Garden theme {}: {} flowers", id, data.flowers().size());
    }

    @Override
    public String id() {
        return data.id();
    }

    @Override
    public String name() {
        return data.name();
    }

    @Override
    public String description() {
        return data.description();
    }

    @Override
    public List<FlowerDefinition> flowers() {
        return data.flowers();
    }

    @Override
    public SeasonPalette palette(Season season) {
        return data.palettes().get(season);
    }
}
