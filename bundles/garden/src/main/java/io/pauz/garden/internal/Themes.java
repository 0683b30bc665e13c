package io.pauz.garden.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.pauz.api.garden.FlowerDefinition;
import io.pauz.api.garden.GardenTheme;
import io.pauz.api.garden.Season;
import io.pauz.api.garden.SeasonPalette;
import io.pauz.support.RankedServices;

/**
 * The installed garden themes, OSGi bundles and PF4J plug-ins alike (both arrive as {@link GardenTheme} services),
 * in service order: the first is the default. While none is installed a plain built-in theme keeps gardens drawable.
 */
final class Themes {
    /** A theme registered without the id property is known by its own id. */
    private final RankedServices<GardenTheme> installed = new RankedServices<>(GardenTheme.ID_PROPERTY, GardenTheme::id);

    void add(GardenTheme theme, Map<String, Object> props) {
        installed.add(theme, props);
    }

    void remove(GardenTheme theme, Map<String, Object> props) {
        installed.remove(props);
    }

    /** Installed themes, default first; a second service with an id already seen is hidden behind the first. */
    List<Installed> list() {
        List<Installed> out = new ArrayList<>();
        for (RankedServices.Ranked<GardenTheme> e : installed.all()) {
            String id = e.name();
            if (out.stream().noneMatch(i -> i.id().equals(id))) {
                out.add(new Installed(id, e.service()));
            }
        }
        return out;
    }

    Optional<Installed> find(String id) {
        return id == null ? Optional.empty() : list().stream().filter(i -> i.id().equals(id)).findFirst();
    }

    Installed defaultTheme() {
        List<Installed> all = list();
        return all.isEmpty() ? new Installed(Plain.ID, Plain.INSTANCE) : all.get(0);
    }

    /** The user's choice if it is still installed, else the default. */
    Installed resolve(String chosen) {
        return find(chosen).orElseGet(this::defaultTheme);
    }

    record Installed(String id, GardenTheme theme) {
        /** The definition for a mood; where ranges overlap the flower's id picks one, so a garden has variety. */
        FlowerDefinition definition(double mood, String flowerId) {
            List<FlowerDefinition> all = theme.flowers();
            if (all == null || all.isEmpty()) {
                return Plain.FLOWER;
            }
            List<FlowerDefinition> matching = all.stream().filter(d -> d.matches(mood)).toList();
            if (matching.isEmpty()) { // a plug-in theme with a gap: the nearest range
                return all.stream().min(Comparator.comparingDouble(
                        (FlowerDefinition d) -> Math.min(Math.abs(d.moodMin() - mood), Math.abs(d.moodMax() - mood)))).get();
            }
            return matching.get(Math.floorMod(Layout.random(flowerId).nextInt(), matching.size()));
        }

        SeasonPalette palette(Season season) {
            SeasonPalette p = null;
            try {
                p = theme.palette(season);
            } catch (RuntimeException e) {
                // a broken plug-in theme: draw with the plain palette rather than fail the picture
            }
            return p != null ? p : Plain.INSTANCE.palette(season);
        }
    }

    /** Used only while no theme is installed. */
    static final class Plain implements GardenTheme {
        static final String ID = "plain";
        static final FlowerDefinition FLOWER = new FlowerDefinition("flower", "Flower", "Stands for a day written down.",
                -1, 1, List.of("#e9a3c9", "#f4c6de"), "#f2c14e", 6, 4);
        static final Plain INSTANCE = new Plain();

        @Override
        public String id() {
            return ID;
        }

        @Override
        public String name() {
            return "Plain";
        }

        @Override
        public String description() {
            return "Shown while no garden theme is installed.";
        }

        @Override
        public List<FlowerDefinition> flowers() {
            return List.of(FLOWER);
        }

        @Override
        public SeasonPalette palette(Season season) {
            return switch (season) {
                case SPRING -> new SeasonPalette(season, "#cfe8f7", "#a5d17a", "#f7b9cb");
                case SUMMER -> new SeasonPalette(season, "#8fcdf2", "#6daa45", "#ffd447");
                case AUTUMN -> new SeasonPalette(season, "#f5deb8", "#b38a4a", "#d9642b");
                case WINTER -> new SeasonPalette(season, "#c9d9e6", "#f1f4f6", "#7c9cb8");
            };
        }
    }
}
