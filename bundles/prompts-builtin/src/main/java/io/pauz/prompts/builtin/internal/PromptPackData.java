package io.pauz.prompts.builtin.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.pauz.api.prompt.Prompt;
import io.pauz.api.prompt.Topic;

/**
 * A prompt pack as read from its JSON resource, validated so that a bad edit fails the build (tests) and
 * the component's activation with a message naming the culprit, instead of surfacing as odd sessions.
 */
record PromptPackData(String id, String name, List<Topic> topics, Map<String, List<Prompt>> promptsByTopic) {

    /** Ids (pack, topic, prompt): lowercase, digits and single hyphens, so they are safe in URLs and logs. */
    static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    /** Tags are compared with lowercase words of an answer, so they must be lowercase words themselves. */
    static final Pattern TAG = Pattern.compile("[a-z]+(-[a-z]+)*");

    // Unknown fields fail (Jackson's default): a typo such as "tag" must not silently drop the tags.
    private static final ObjectMapper MAPPER = new ObjectMapper();

    record PackJson(String id, String name, List<TopicJson> topics) {
    }

    record TopicJson(String id, String title, String description, List<PromptJson> prompts) {
    }

    record PromptJson(String id, Prompt.Stage stage, String text, List<String> tags) {
    }

    static PromptPackData read(InputStream in) throws IOException {
        if (in == null) {
            throw new IOException("prompt pack resource not found");
        }
        try (in) {
            return of(MAPPER.readValue(in, PackJson.class));
        }
    }

    static PromptPackData of(PackJson pack) {
        require(pack.id() != null && ID.matcher(pack.id()).matches(), "pack id must match " + ID + ": " + pack.id());
        require(notBlank(pack.name()), "pack " + pack.id() + " has no name");
        require(pack.topics() != null && !pack.topics().isEmpty(), "pack " + pack.id() + " has no topics");

        List<Topic> topics = new ArrayList<>();
        Map<String, List<Prompt>> byTopic = new LinkedHashMap<>();
        Set<String> promptIds = new HashSet<>();
        for (TopicJson t : pack.topics()) {
            require(t.id() != null && ID.matcher(t.id()).matches(), "topic id must match " + ID + ": " + t.id());
            require(!byTopic.containsKey(t.id()), "duplicate topic id " + t.id());
            require(notBlank(t.title()) && notBlank(t.description()), "topic " + t.id() + " needs a title and a description");
            require(t.prompts() != null && !t.prompts().isEmpty(), "topic " + t.id() + " has no prompts");
            List<Prompt> prompts = new ArrayList<>();
            for (PromptJson p : t.prompts()) {
                String where = "prompt " + p.id() + " (topic " + t.id() + ")";
                require(p.id() != null && ID.matcher(p.id()).matches(), where + ": id must match " + ID);
                require(promptIds.add(p.id()), where + ": duplicate prompt id");
                require(p.stage() != null, where + ": stage missing");
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
        return new PromptPackData(pack.id(), pack.name().strip(), List.copyOf(topics), Map.copyOf(byTopic));
    }

    List<Prompt> prompts(String topicId) {
        return topicId == null ? List.of() : promptsByTopic.getOrDefault(topicId, List.of());
    }

    int promptCount() {
        return promptsByTopic.values().stream().mapToInt(List::size).sum();
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
