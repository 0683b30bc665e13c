package io.pauz.ai.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pauz.api.ai.PromptType;

/**
 * The offline engine's data ({@code io/pauz/ai/offline/templates.json}): stop words, the keyword-to-topic
 * map, a small mood word list and the templates. Validated on load so that a bad edit fails the tests and
 * the activation with a message naming the culprit, instead of showing up as odd answers.
 */
final class OfflineData {
    static final String RESOURCE = "/io/pauz/ai/offline/templates.json";
    static final Set<String> PLACEHOLDERS = Set.of("keyword", "keyword2", "phrase", "name", "topic");
    static final Set<String> BANDS = Set.of("negative", "neutral", "positive");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z0-9]+)}");

    record Topic(String id, String label, Set<String> words) {
    }

    /** One template with the placeholders it needs. */
    record Template(String text, Set<String> needs) {
        boolean personal() {
            return needs.contains("keyword") || needs.contains("phrase") || needs.contains("name");
        }
    }

    final int version;
    final Set<String> stopwords;
    /** Common verbs, adjectives and time words: fine in a sentence, too vague to write a hint about. */
    final Set<String> weakwords;
    final Map<String, Topic> topics;
    /** word -> topic ids that word points to */
    final Map<String, List<String>> topicOfWord;
    final Set<String> positive;
    final Set<String> negative;
    final Set<String> negations;
    final Set<String> intensifiers;
    final Map<String, Set<String>> emotions;
    /** type -> slot -> selector ("any", a band, "topic:id", "generic") -> templates */
    final Map<PromptType, Map<String, Map<String, List<Template>>>> templates;

    private OfflineData(int version, Set<String> stopwords, Set<String> weakwords, Map<String, Topic> topics, Set<String> positive,
            Set<String> negative, Set<String> negations, Set<String> intensifiers, Map<String, Set<String>> emotions,
            Map<PromptType, Map<String, Map<String, List<Template>>>> templates) {
        this.version = version;
        this.stopwords = stopwords;
        this.weakwords = weakwords;
        this.topics = topics;
        this.positive = positive;
        this.negative = negative;
        this.negations = negations;
        this.intensifiers = intensifiers;
        this.emotions = emotions;
        this.templates = templates;
        Map<String, List<String>> byWord = new HashMap<>();
        topics.values().forEach(t -> t.words().forEach(w -> byWord.computeIfAbsent(w, k -> new ArrayList<>()).add(t.id())));
        this.topicOfWord = Map.copyOf(byWord);
    }

    private static volatile OfflineData shared;

    /** The bundle's own data, loaded once. */
    static OfflineData shared() {
        OfflineData d = shared;
        if (d == null) {
            synchronized (OfflineData.class) {
                if (shared == null) {
                    try {
                        shared = read(OfflineData.class.getResourceAsStream(RESOURCE));
                    } catch (IOException e) {
                        throw new IllegalStateException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
                    }
                }
                d = shared;
            }
        }
        return d;
    }

    static OfflineData read(InputStream in) throws IOException {
        if (in == null) {
            throw new IOException("resource not found");
        }
        try (in) {
            return of(new ObjectMapper().readTree(in));
        }
    }

    static OfflineData of(JsonNode root) {
        int version = root.path("version").asInt(0);
        require(version > 0, "version missing");
        Set<String> stop = words(root.path("stopwords"), "stopwords");
        Map<String, Topic> topics = new LinkedHashMap<>();
        root.path("topics").fields().forEachRemaining(e -> {
            JsonNode t = e.getValue();
            String label = t.path("label").asText("");
            require(!label.isBlank(), "topic " + e.getKey() + " has no label");
            topics.put(e.getKey(), new Topic(e.getKey(), label, words(t.path("words"), "topic " + e.getKey())));
        });
        require(!topics.isEmpty(), "no topics");
        JsonNode mood = root.path("mood");
        Map<String, Set<String>> emotions = new LinkedHashMap<>();
        mood.path("emotions").fields().forEachRemaining(e -> emotions.put(e.getKey(), words(e.getValue(), "emotion " + e.getKey())));
        require(!emotions.isEmpty(), "no emotions");

        Map<PromptType, Map<String, Map<String, List<Template>>>> templates = new HashMap<>();
        JsonNode types = root.path("templates");
        for (PromptType type : PromptType.values()) {
            if (type == PromptType.MOOD_ANALYSIS) {
                continue; // computed, not templated
            }
            JsonNode slots = types.path(type.name());
            require(slots.isObject() && slots.size() > 0, "no templates for " + type);
            Map<String, Map<String, List<Template>>> bySlot = new LinkedHashMap<>();
            slots.fields().forEachRemaining(slot -> {
                Map<String, List<Template>> bySelector = new LinkedHashMap<>();
                slot.getValue().fields().forEachRemaining(sel -> {
                    String where = type + "." + slot.getKey() + "." + sel.getKey();
                    String s = sel.getKey();
                    require(s.equals("any") || s.equals("generic") || BANDS.contains(s)
                            || (s.startsWith("topic:") && topics.containsKey(s.substring(6))), where + ": unknown selector");
                    List<Template> list = new ArrayList<>();
                    for (JsonNode t : sel.getValue()) {
                        String text = t.asText("").strip();
                        require(!text.isEmpty(), where + ": empty template");
                        Set<String> needs = placeholders(text);
                        for (String p : needs) {
                            require(PLACEHOLDERS.contains(p), where + ": unknown placeholder {" + p + "} in " + text);
                        }
                        require(!s.equals("generic") || needs.isEmpty(), where + ": generic templates take no placeholders");
                        list.add(new Template(text, needs));
                    }
                    require(!list.isEmpty(), where + ": empty list");
                    bySelector.put(s, List.copyOf(list));
                });
                require(bySelector.containsKey("generic"), type + "." + slot.getKey() + ": needs generic templates");
                bySlot.put(slot.getKey(), bySelector);
            });
            templates.put(type, bySlot);
        }
        return new OfflineData(version, stop, words(root.path("weakwords"), "weakwords"), Map.copyOf(topics), words(mood.path("positive"), "mood.positive"),
                words(mood.path("negative"), "mood.negative"), words(mood.path("negations"), "mood.negations"),
                words(mood.path("intensifiers"), "mood.intensifiers"), emotions, templates);
    }

    static Set<String> placeholders(String text) {
        Set<String> out = new HashSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return Set.copyOf(out);
    }

    /** The templates of a slot; never null (the validation made sure every slot has generic ones). */
    Map<String, List<Template>> slot(PromptType type, String slot) {
        Map<String, List<Template>> s = templates.getOrDefault(type, Map.of()).get(slot);
        if (s == null) {
            throw new IllegalArgumentException("no slot " + slot + " for " + type);
        }
        return s;
    }

    private static Set<String> words(JsonNode array, String where) {
        require(array.isArray() && array.size() > 0, where + ": needs a non-empty list of words");
        Set<String> out = new HashSet<>();
        for (JsonNode w : array) {
            String s = w.asText("").strip().toLowerCase(Locale.ROOT);
            require(!s.isEmpty(), where + ": empty word");
            out.add(s);
        }
        return Set.copyOf(out);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("offline templates: " + message);
        }
    }
}
