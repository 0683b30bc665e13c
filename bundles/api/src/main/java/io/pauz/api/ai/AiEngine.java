package io.pauz.api.ai;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A text generation engine. Service property {@value #ID_PROPERTY} names it (e.g. {@code offline},
 * {@code openai}, {@code gemini}); the AI layer picks one by configuration and falls back as configured.
 */
@ConsumerType
public interface AiEngine {
    String ID_PROPERTY = "pauz.ai.engine";

    String id();

    /** The model answers come from; part of the cache key. */
    String model();

    /** True when the engine needs no network (the built-in engine). */
    default boolean offline() {
        return false;
    }

    /**
     * One completion.
     *
     * @throws AiEngineException when the engine fails or times out; the caller decides on fallback
     */
    AiResponse complete(AiRequest request) throws AiEngineException;
}
