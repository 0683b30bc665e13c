package io.pauz.plugin.spi;

import org.osgi.annotation.versioning.ConsumerType;
import org.pf4j.ExtensionPoint;

import io.pauz.api.prompt.PromptPack;

/**
 * A prompt pack in a PF4J plugin. Annotate the implementation with {@code @org.pf4j.Extension}; the host registers
 * it as a {@link PromptPack} service with {@link PromptPack#ID_PROPERTY} = {@link #id()}. Give it a public no-argument
 * constructor. {@link JsonPromptPack} serves a pack from a JSON file in the plugin jar.
 */
@ConsumerType
public interface PromptPackExtension extends PromptPack, ExtensionPoint {
}
