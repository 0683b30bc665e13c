package io.pauz.plugins.internal;

import java.util.List;

import io.pauz.api.garden.FlowerDefinition;
import io.pauz.api.garden.GardenTheme;
import io.pauz.api.garden.Season;
import io.pauz.api.garden.SeasonPalette;

/** The service registered for a plugin's garden theme; every call is guarded as in {@link GuardedPromptPack}. */
final class GuardedGardenTheme implements GardenTheme {
    private final Guard guard;
    private final GardenTheme delegate;
    private final String id;

    GuardedGardenTheme(LoadedPlugin plugin, GardenTheme delegate, String id) {
        this.guard = new Guard(plugin, "garden theme " + id);
        this.delegate = delegate;
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return guard.call("name()", delegate::name);
    }

    @Override
    public String description() {
        return guard.call("description()", delegate::description);
    }

    @Override
    public List<FlowerDefinition> flowers() {
        return guard.call("flowers()", delegate::flowers);
    }

    @Override
    public SeasonPalette palette(Season season) {
        return guard.call("palette(" + season + ")", () -> delegate.palette(season));
    }

    @Override
    public String toString() {
        return "GardenTheme " + id + " from plugin " + guard.plugin().label();
    }
}
