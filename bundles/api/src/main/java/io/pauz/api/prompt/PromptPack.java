package io.pauz.api.prompt;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/** Topics and prompts for guided sessions. Service property {@value #ID_PROPERTY} carries {@link #id()}. */
@ConsumerType
public interface PromptPack {
    String ID_PROPERTY = "pauz.prompt.pack";

    String id();

    String name();

    List<Topic> topics();

    /** Prompts of one of this pack's topics; empty for a topic it does not have. */
    List<Prompt> prompts(String topicId);
}
