package io.pauz.plugin.spi;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

import io.pauz.api.prompt.Prompt;
import io.pauz.api.prompt.Topic;

/**
 * A prompt pack read once, in the constructor, from a JSON resource of the plugin jar, in the format of the
 * built-in pack:
 *
 * <pre>
 * {"id": "nature", "name": "Nature", "topics": [
 *   {"id": "forest", "title": "...", "description": "...", "prompts": [
 *     {"id": "forest-01", "stage": "OPENING", "text": "...", "tags": ["tree", "walk"]}]}]}
 * </pre>
 *
 * Ids are lowercase words joined by single hyphens; prompt ids are unique in the pack; stages are OPENING,
 * DEEPENING or CLOSING; tags are lowercase words. Invalid content throws {@link IllegalArgumentException} naming the
 * culprit, so the plugin's unit test (and the host, which reports it) catch a bad edit.
 */
@ConsumerType
public abstract class JsonPromptPack implements PromptPackExtension {
    private final String id;
    private final String name;
    private final List<Topic> topics;
    private final Map<String, List<Prompt>> prompts;

    /** @param resource resource name resolved by this class, e.g. {@code "/nature-pack.json"} */
    protected JsonPromptPack(String resource) {
        JsonContent.Pack pack = JsonContent.promptPack(getClass(), resource);
        this.id = pack.id();
        this.name = pack.name();
        this.topics = pack.topics();
        this.prompts = pack.prompts();
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
    public List<Topic> topics() {
        return topics;
    }

    @Override
    public List<Prompt> prompts(String topicId) {
        return topicId == null ? List.of() : prompts.getOrDefault(topicId, List.of());
    }
}
