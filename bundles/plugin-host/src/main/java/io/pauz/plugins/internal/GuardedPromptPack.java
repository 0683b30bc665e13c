package io.pauz.plugins.internal;

import java.util.List;

import io.pauz.api.prompt.Prompt;
import io.pauz.api.prompt.PromptPack;
import io.pauz.api.prompt.Topic;

/**
 * The service registered for a plugin's prompt pack. Calls go into third-party code: a failure (an exception, or a
 * LinkageError such as a missing class) is recorded against the plugin and surfaces as a {@link PluginCallFailed},
 * which consumers treat like any failing pack. A null list counts as a failure too.
 */
final class GuardedPromptPack implements PromptPack {
    private final Guard guard;
    private final PromptPack delegate;
    private final String id;

    GuardedPromptPack(LoadedPlugin plugin, PromptPack delegate, String id) {
        this.guard = new Guard(plugin, "prompt pack " + id);
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
    public List<Topic> topics() {
        return guard.call("topics()", delegate::topics);
    }

    @Override
    public List<Prompt> prompts(String topicId) {
        return guard.call("prompts(" + topicId + ")", () -> delegate.prompts(topicId));
    }

    @Override
    public String toString() {
        return "PromptPack " + id + " from plugin " + guard.plugin().label();
    }
}
