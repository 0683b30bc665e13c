package io.pauz.plugin.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.pauz.api.garden.FlowerDefinition;
import io.pauz.api.garden.Season;
import io.pauz.api.garden.SeasonPalette;
import io.pauz.api.prompt.Prompt;
import io.pauz.api.prompt.Topic;

/** Reads and validates the JSON content of {@link JsonPromptPack} and {@link JsonGardenTheme}. */
final class JsonContent {
    static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    static final Pattern TAG = Pattern.compile("[a-z]+(-[a-z]+)*");
    static final Pattern HEX = Pattern.compile("#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})");

    // Unknown fields fail (Jackson's default): a typo such as "tag" must not silently drop data.
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonContent() {
    }

    record Pack(String id, String name, List<Topic> topics, Map<String, List<Prompt>> prompts) {
    }

    record Theme(String id, String name, String description, List<FlowerDefinition> flowers,
            Map<Season, SeasonPalette> palettes) {
    }

    record PackJson(String id, String name, List<TopicJson> topics) {
    }

    record TopicJson(String id, String title, String description, List<PromptJson> prompts) {
    }

    record PromptJson(String id, Prompt.Stage stage, String text, List<String> tags) {
    }

    record ThemeJson(String id, String name, String description, List<FlowerDefinition> flowers,
            List<SeasonPalette> palettes) {
    }

    static Pack promptPack(Class<?> owner, String resource) {
        return promptPack(read(owner, resource, PackJson.class));
    }

    static Theme gardenTheme(Class<?> owner, String resource) {
        return gardenTheme(read(owner, resource, ThemeJson.class));
    }

    /**
     * Opens the resource without the JVM's jar cache: a plugin jar replaced in place must be read afresh, and the
     * host must be able to close the old jar when it unloads the plugin.
     */
    private static <T> T read(Class<?> owner, String resource, Class<T> type) {
        URL url = owner.getResource(resource);
        if (url == null) {
            throw new IllegalArgumentException("resource " + resource + " not found by " + owner.getName());
        }
        try {
            URLConnection connection = url.openConnection();
            connection.setUseCaches(false);
            try (InputStream in = connection.getInputStream()) {
                return MAPPER.readValue(in, type);
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(resource + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    static Pack promptPack(PackJson pack) {
        require(pack.id() != null && ID.matcher(pack.id()).matches(), "pack id must match " + ID + ": " + pack.id());
        require(notBlank(pack.name()), "pack " + pack.id() + " has no name");
        require(pack.topics() != null && !pack.topics().isEmpty(), "pack " + pack.id() + " has no topics");
        List<Topic> topics = new ArrayList<>();
        Map<String, List<Prompt>> byTopic = new LinkedHashMap<>();
        Set<String> promptIds = new HashSet<>();
        for (TopicJson t : pack.topics()) {
            require(t != null && t.id() != null && ID.matcher(t.id()).matches(),
                    "topic id must match " + ID + ": " + (t == null ? null : t.id()));
            require(!byTopic.containsKey(t.id()), "duplicate topic id " + t.id());
            require(notBlank(t.title()) && notBlank(t.description()), "topic " + t.id() + " needs a title and a description");
            require(t.prompts() != null && !t.prompts().isEmpty(), "topic " + t.id() + " has no prompts");
            List<Prompt> prompts = new ArrayList<>();
            for (PromptJson p : t.prompts()) {
                String where = "prompt " + (p == null ? null : p.id()) + " (topic " + t.id() + ")";
                require(p != null && p.id() != null && ID.matcher(p.id()).matches(), where + ": id must match " + ID);
                require(promptIds.add(p.id()), where + ": duplicate prompt id");
                require(p.stage() != null, where + ": stage missing (OPENING, DEEPENING or CLOSING)");
                require(notBlank(p.text()), where + ": text missing");
                List<String> tags = p.tags() == null ? List.of() : p.tags();
                for (String tag : tags) {
                    require(tag != null && TAG.matcher(tag).matches(), where + ": tag must be a lowercase word: " + tag);
                }
                prompts.add(new Prompt(p.id(), t.id(), p.text().strip(), p.stage(), Set.copyOf(tags)));
            }
            topics.add(new Topic(t.id(), t.title().strip(), t.description().strip()));
            byTopic.put(t.id(), List.copyOf(prompts));
        }
        return new Pack(pack.id(), pack.name().strip(), List.copyOf(topics), Map.copyOf(byTopic));
    }

    static Theme gardenTheme(ThemeJson t) {
        require(t.id() != null && ID.matcher(t.id()).matches(), "theme id must match " + ID + ": " + t.id());
        require(notBlank(t.name()) && notBlank(t.description()), "theme " + t.id() + " needs a name and a description");
        require(t.flowers() != null && !t.flowers().isEmpty(), "theme " + t.id() + " has no flowers");
        Set<String> kinds = new HashSet<>();
        for (FlowerDefinition f : t.flowers()) {
            require(f != null, "theme " + t.id() + ": empty flower");
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
        // Every mood in -1..1 must grow some flower: sweep the ranges in order of their lower bound.
        List<FlowerDefinition> sorted = new ArrayList<>(t.flowers());
        sorted.sort(Comparator.comparingDouble(FlowerDefinition::moodMin));
        double coveredTo = -1;
        for (FlowerDefinition f : sorted) {
            require(f.moodMin() <= coveredTo, "theme " + t.id() + ": no flower for moods between " + coveredTo + " and " + f.moodMin());
            coveredTo = Math.max(coveredTo, f.moodMax());
        }
        require(coveredTo >= 1, "theme " + t.id() + ": no flower for moods above " + coveredTo);

        require(t.palettes() != null, "theme " + t.id() + " has no palettes");
        Map<Season, SeasonPalette> palettes = new EnumMap<>(Season.class);
        for (SeasonPalette p : t.palettes()) {
            require(p != null && p.season() != null, "theme " + t.id() + ": palette without season");
            String where = "theme " + t.id() + ", palette " + p.season();
            require(palettes.put(p.season(), p) == null, where + ": season given twice");
            requireHex(p.sky(), where + ": sky");
            requireHex(p.ground(), where + ": ground");
            requireHex(p.accent(), where + ": accent");
        }
        Set<Season> missing = EnumSet.allOf(Season.class);
        missing.removeAll(palettes.keySet());
        require(missing.isEmpty(), "theme " + t.id() + " has no palette for " + missing);
        return new Theme(t.id(), t.name().strip(), t.description().strip(), List.copyOf(t.flowers()), Map.copyOf(palettes));
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
