package io.pauz.ai.gemini.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The Gemini engine. Nothing is offered without this configuration. */
@ObjectClassDefinition(id = GeminiConfig.PID, name = "PAUZ AI engine: Google Gemini",
        description = "Text generation with the Gemini API (generativelanguage.googleapis.com)")
public @interface GeminiConfig {
    String PID = "io.pauz.ai.gemini";

    @AttributeDefinition(name = "base.url",
            description = "API root; /v1beta/models/<model>:generateContent is appended (a URL ending in /v1beta is accepted too)")
    String base_url() default "https://generativelanguage.googleapis.com";

    @AttributeDefinition(name = "api.key", type = AttributeType.PASSWORD, required = false,
            description = "Gemini API key from Google AI Studio; sent as x-goog-api-key")
    String api_key() default "";

    @AttributeDefinition(description = "Model name, e.g. gemini-2.0-flash or gemini-2.5-flash")
    String model() default "gemini-2.0-flash";

    @AttributeDefinition(name = "timeout.seconds", description = "Budget for one completion, retries included")
    int timeout_seconds() default 30;

    @AttributeDefinition(description = "Further attempts after 429 (rate limit), 5xx or a network error")
    int retries() default 2;

    @AttributeDefinition(name = "backoff.millis",
            description = "First wait between attempts, doubled each time; the service's retry delay wins when sent")
    int backoff_millis() default 500;

    @AttributeDefinition(name = "max.tokens",
            description = "maxOutputTokens when the request names none (0: model default)")
    int max_tokens() default 1024;
}
