package io.pauz.garden.themes.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.pauz.api.garden.FlowerDefinition;
import io.pauz.api.garden.Season;
import io.pauz.api.garden.SeasonPalette;

/**
 * A garden theme as read from its JSON resource. Flowers and palettes are the API records themselves, so the
 * file's field names are the records' component names. Validation turns a bad edit into an error naming the
 * culprit, at build time (tests) and at activation, rather than a garden with holes in it.
 */
record ThemeData(String id, String name, String description, List<FlowerDefinition> flowers,
        Map<Season, SeasonPalette> palettes) {

    static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    /** CSS hex colours as #rgb or #rrggbb; the renderer and the apps both understand these. */
    static final Pattern HEX = Pattern.compile("#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})");

    // Unknown fields fail (Jackson's default): a misspelt "moodmax" must not silently become 0.
    private static final ObjectMapper MAPPER = new ObjectMapper();

    record ThemeJson(String id, String name, String description, List<FlowerDefinition> flowers,
            List<SeasonPalette> palettes) {
    }

    static ThemeData read(InputStream in) throws IOException {
        if (in == null) {
            throw new IOException("theme resource not found");
        }
        try (in) {
            return of(MAPPER.readValue(in, ThemeJson.class));
        }
    }

    static ThemeData of(ThemeJson t) {
        require(t.id() != null && ID.matcher(t.id()).matches(), "theme id must match " + ID + ": " + t.id());
        require(notBlank(t.name()) && notBlank(t.description()), "theme " + t.id() + " needs a name and a description");
        require(t.flowers() != null && !t.flowers().isEmpty(), "theme " + t.id() + " has no flowers");

        Set<String> kinds = new HashSet<>();
        for (FlowerDefinition f : t.flowers()) {
            String where = "theme " + t.id() + ", flower " + f.kind();
            require(f.kind() != null && ID.matcher(f.kind()).matches(), where + ": kind must match " + ID);
            require(kinds.add(f.kind()), where + ": duplicate kind");
            require(notBlank(f.name()) && notBlank(f.meaning()), where + ": needs a name and a meaning");
            require(f.moodMin() >= -1 && f.moodMax() <= 1 && f.moodMin() <= f.moodMax(),
                    where + ": mood range must lie within -1..1 with min <= max");
            require(!f.colors().isEmpty(), where + ": no petal colours");
            f.colors().forEach(c -> requireHex(c, where + ": petal colour"));
            requireHex(f.centerColor(), where + ": centre colour");
            require(f.petals() >= 1 && f.petals() <= 64, where + ": petals must be 1..64");
        }
        requireCoverage(t.id(), t.flowers());

        require(t.palettes() != null, "theme " + t.id() + " has no palettes");
        Map<Season, SeasonPalette> palettes = new EnumMap<>(Season.class);
        for (SeasonPalette p : t.palettes()) {
            String where = "theme " + t.id() + ", palette " + p.season();
            require(p.season() != null, where + ": season missing");
            require(palettes.put(p.season(), p) == null, where + ": season given twice");
            requireHex(p.sky(), where + ": sky");
            requireHex(p.ground(), where + ": ground");
            requireHex(p.accent(), where + ": accent");
        }
        Set<Season> missing = EnumSet.allOf(Season.class);
        missing.removeAll(palettes.keySet());
        require(missing.isEmpty(), "theme " + t.id() + " has no palette for " + missing);

        return new ThemeData(t.id(), t.name().strip(), t.description().strip(), List.copyOf(t.flowers()),
                Map.copyOf(palettes));
    }

    /** Every mood in -1..1 must grow some flower: sweep the ranges in order of their lower bound. */
    private static void requireCoverage(String themeId, List<FlowerDefinition> flowers) {
        List<FlowerDefinition> sorted = new ArrayList<>(flowers);
        sorted.sort(Comparator.comparingDouble(FlowerDefinition::moodMin));
        double coveredTo = -1;
        boolean started = false;
        for (FlowerDefinition f : sorted) {
            boolean gap = started ? f.moodMin() > coveredTo : f.moodMin() > -1;
            require(!gap, "theme " + themeId + ": no flower for moods between " + coveredTo + " and " + f.moodMin());
            coveredTo = Math.max(coveredTo, f.moodMax());
            started = true;
        }
        require(coveredTo >= 1, "theme " + themeId + ": no flower for moods above " + coveredTo);
    }

    private static void requireHex(String colour, String what) {
        require(colour != null && HEX.matcher(colour).matches(), what + " must be a CSS hex colour (#rgb or #rrggbb): " + colour);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
