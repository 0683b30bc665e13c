package io.pauz.recommendations.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pauz.api.garden.FlowerDefinition;
import io.pauz.api.garden.GardenTheme;
import io.pauz.api.prompt.Prompt;
import io.pauz.api.prompt.PromptPack;
import io.pauz.api.prompt.Topic;
import io.pauz.support.RankedServices;
import io.pauz.support.Words;

/**
 * The prompt packs and garden themes installed right now, read into an immutable snapshot that is rebuilt only when
 * one comes or goes. Packs and themes are third-party code: a failing one hides only itself.
 */
final class Catalog {
    private static final Logger LOG = LoggerFactory.getLogger(Catalog.class);
    /** The guided journal's rule for pack ids, so every topic id recommended here can start a session. */
    static final Pattern PACK_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    static final double TAG_WEIGHT = 0.34;

    /** A topic as the guided journal names it: {@code <pack>:<topic>}. */
    record TopicInfo(String id, String pack, String packName, String topicId, String title, String description,
            List<Prompt> prompts) {
    }

    record ThemeInfo(String id, String name, List<FlowerDefinition> flowers) {
    }

    /**
     * @param vocabulary per bare topic id, the words that show an entry is about it and their weight (an entry is
     *                   about a topic when the weights of its distinct matching words add up to 1)
     */
    record Snapshot(List<TopicInfo> topics, List<ThemeInfo> themes, Map<String, Map<String, Double>> vocabulary,
            String fingerprint) {
        ThemeInfo theme(String id) {
            for (ThemeInfo t : themes) {
                if (t.id().equals(id)) {
                    return t;
                }
            }
            return themes.isEmpty() ? null : themes.get(0);
        }
    }

    private final RankedServices<PromptPack> packs = new RankedServices<>(PromptPack.ID_PROPERTY);
    private final RankedServices<GardenTheme> themes = new RankedServices<>(GardenTheme.ID_PROPERTY);
    private final Map<String, List<String>> lexicon;
    private final Set<String> generic;
    private volatile Snapshot snapshot;

    Catalog() {
        JsonNode doc = loadLexicon();
        Map<String, List<String>> themes = new TreeMap<>();
        doc.path("themes").fields().forEachRemaining(e -> {
            List<String> words = new ArrayList<>();
            e.getValue().forEach(w -> words.add(w.asText()));
            themes.put(e.getKey(), List.copyOf(words));
        });
        this.lexicon = Map.copyOf(themes);
        Set<String> stop = new HashSet<>();
        doc.path("generic").forEach(w -> stop.add(Words.tagTerm(w.asText())));
        this.generic = Set.copyOf(stop);
    }

    void addPack(PromptPack pack, Map<String, Object> props) {
        packs.add(pack, props);
        snapshot = null;
    }

    void removePack(Map<String, Object> props) {
        packs.remove(props);
        snapshot = null;
    }

    void addTheme(GardenTheme theme, Map<String, Object> props) {
        themes.add(theme, props);
        snapshot = null;
    }

    void removeTheme(Map<String, Object> props) {
        themes.remove(props);
        snapshot = null;
    }

    Snapshot snapshot() {
        Snapshot s = snapshot;
        if (s == null) {
            s = build();
            snapshot = s;
        }
        return s;
    }

    private Snapshot build() {
        List<TopicInfo> topics = new ArrayList<>();
        Set<String> packIds = new HashSet<>();
        for (RankedServices.Ranked<PromptPack> e : packs.all()) {
            PromptPack pack = e.service();
            try {
                String packId = e.name().isEmpty() ? pack.id() : e.name();
                if (packId == null || !PACK_ID.matcher(packId).matches() || !packIds.add(packId)) {
                    continue; // unusable id, or a lower ranked pack claiming a taken id (the guided journal's rule)
                }
                Set<String> seen = new HashSet<>();
                for (Topic t : pack.topics()) {
                    if (t == null || t.id() == null || t.id().isBlank() || t.id().length() > 99 || !seen.add(t.id())) {
                        continue;
                    }
                    List<Prompt> prompts = new ArrayList<>();
                    Set<String> promptIds = new HashSet<>();
                    List<Prompt> listed = pack.prompts(t.id());
                    for (Prompt p : listed == null ? List.<Prompt>of() : listed) {
                        if (p != null && p.id() != null && !p.id().isBlank() && p.id().length() <= 100 && p.text() != null
                                && !p.text().isBlank() && p.text().length() <= 2000 && p.stage() != null && promptIds.add(p.id())) {
                            prompts.add(p);
                        }
                    }
                    if (!prompts.isEmpty()) {
                        topics.add(new TopicInfo(packId + ":" + t.id(), packId, pack.name(), t.id(),
                                t.title() == null ? t.id() : t.title(), t.description(), List.copyOf(prompts)));
                    }
                }
            } catch (RuntimeException ex) {
                LOG.warn("prompt pack {} failed; it is left out of recommendations", e.name(), ex);
            }
        }
        List<ThemeInfo> themeInfos = new ArrayList<>();
        Set<String> themeIds = new HashSet<>();
        for (RankedServices.Ranked<GardenTheme> e : themes.all()) {
            try {
                GardenTheme theme = e.service();
                String id = e.name().isEmpty() ? theme.id() : e.name();
                List<FlowerDefinition> flowers = theme.flowers();
                if (id != null && themeIds.add(id) && flowers != null && !flowers.isEmpty()) {
                    List<FlowerDefinition> sorted = new ArrayList<>(flowers);
                    sorted.removeIf(f -> f == null || f.kind() == null);
                    sorted.sort((a, b) -> Double.compare(a.moodMin(), b.moodMin()));
                    themeInfos.add(new ThemeInfo(id, theme.name(), List.copyOf(sorted)));
                }
            } catch (RuntimeException ex) {
                LOG.warn("garden theme {} failed; it is left out of recommendations", e.name(), ex);
            }
        }
        StringBuilder fp = new StringBuilder();
        topics.forEach(t -> fp.append(t.id()).append('/').append(t.prompts().size()).append(','));
        themeInfos.forEach(t -> fp.append(t.id()).append('/').append(t.flowers().size()).append(','));
        return new Snapshot(List.copyOf(topics), List.copyOf(themeInfos), vocabulary(topics),
                Integer.toHexString(fp.toString().hashCode()));
    }

    /**
     * Lexicon words and the topic's own id weigh 1; a prompt tag that only this topic uses weighs {@value #TAG_WEIGHT},
     * so it takes three of them to show the topic without a lexicon word. Tags several topics share and generic words
     * ("day", "feel") say nothing about a topic and are left out.
     */
    private Map<String, Map<String, Double>> vocabulary(List<TopicInfo> topics) {
        Map<String, Set<String>> tagTopics = new HashMap<>();
        for (TopicInfo t : topics) {
            for (Prompt p : t.prompts()) {
                for (String tag : p.tags()) {
                    String term = Words.tagTerm(tag);
                    if (!term.isEmpty()) {
                        tagTopics.computeIfAbsent(term, k -> new HashSet<>()).add(t.topicId());
                    }
                }
            }
        }
        Map<String, Map<String, Double>> out = new TreeMap<>();
        for (TopicInfo t : topics) {
            Map<String, Double> words = out.computeIfAbsent(t.topicId(), k -> new LinkedHashMap<>());
            for (Prompt p : t.prompts()) {
                for (String tag : p.tags()) {
                    String term = Words.tagTerm(tag);
                    Set<String> users = tagTopics.get(term);
                    if (users != null && users.size() == 1 && term.length() >= 3 && !generic.contains(term)) {
                        words.merge(term, TAG_WEIGHT, Math::max);
                    }
                }
            }
            for (String w : Words.stemmedWords(t.topicId().replace('-', ' '))) {
                words.put(w, 1.0);
            }
            words.put(Words.tagTerm(t.topicId()), 1.0);
        }
        for (Map.Entry<String, List<String>> e : lexicon.entrySet()) {
            if (out.containsKey(e.getKey())) {
                Map<String, Double> words = out.get(e.getKey());
                e.getValue().forEach(w -> words.put(Words.tagTerm(w), 1.0));
            }
        }
        Map<String, Map<String, Double>> frozen = new TreeMap<>();
        out.forEach((k, v) -> frozen.put(k, Map.copyOf(v)));
        return Map.copyOf(frozen);
    }

    private static JsonNode loadLexicon() {
        try (InputStream in = Catalog.class.getResourceAsStream("/recommendations/themes.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("recommendations/themes.json is missing or broken", e);
        }
    }
}
