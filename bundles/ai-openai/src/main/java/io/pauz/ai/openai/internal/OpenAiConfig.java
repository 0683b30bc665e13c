package io.pauz.ai.openai.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The OpenAI-compatible engine. Nothing is offered without this configuration. */
@ObjectClassDefinition(id = OpenAiConfig.PID, name = "PAUZ AI engine: OpenAI-compatible",
        description = "Chat completions from OpenAI or a compatible server (llama.cpp server, Ollama, vLLM)")
public @interface OpenAiConfig {
    String PID = "io.pauz.ai.openai";

    @AttributeDefinition(name = "base.url",
            description = "Server root; /v1/chat/completions is appended (a URL ending in /v1 is accepted too)")
    String base_url() default "https://api.openai.com";

    @AttributeDefinition(name = "api.key", type = AttributeType.PASSWORD, required = false,
            description = "Sent as 'Authorization: Bearer'; leave empty for local servers")
    String api_key() default "";

    @AttributeDefinition(description = "Model name, e.g. gpt-4o-mini or the name a local server knows")
    String model() default "gpt-4o-mini";

    @AttributeDefinition(name = "timeout.seconds", description = "Budget for one completion, retries included")
    int timeout_seconds() default 30;

    @AttributeDefinition(description = "Further attempts after 429 (rate limit), 5xx or a network error")
    int retries() default 2;

    @AttributeDefinition(name = "backoff.millis",
            description = "First wait between attempts, doubled each time; Retry-After wins when sent")
    int backoff_millis() default 500;

    @AttributeDefinition(name = "max.tokens", description = "Answer length when the request names none (0: server default)")
    int max_tokens() default 1024;
}
