package io.pauz.ai.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code io.pauz.ai}; every key has a default, so the layer runs without any configuration. */
@ObjectClassDefinition(name = "PAUZ AI layer", description = "Engine choice, fallback, cache, rate limit and timeouts of hints, reflections and mood")
public @interface AiConfig {
    String PID = "io.pauz.ai";

    @AttributeDefinition(description = "Engine id (service property pauz.ai.engine), e.g. offline, openai, gemini; empty: the highest ranked engine installed")
    String engine() default "offline";

    @AttributeDefinition(description = "On an engine error, timeout or unusable answer: answer with the offline engine (true) or fail with 503/504/502 (false)")
    boolean fallback() default true;

    @AttributeDefinition(description = "How long answers stay in the ai-responses cache, in hours")
    int cache_hours() default 24;

    @AttributeDefinition(description = "Engine calls per user per minute (cache hits are free); 0 or less: no limit")
    int rate_per_minute() default 30;

    @AttributeDefinition(description = "Longest wait for one engine call, in seconds")
    int timeout_seconds() default 30;

    @AttributeDefinition(description = "Mood analyzer id (pauz.mood.analyzer) for /ai/mood, e.g. lexicon or engine; empty: the highest ranked one")
    String mood_analyzer() default "";
}
