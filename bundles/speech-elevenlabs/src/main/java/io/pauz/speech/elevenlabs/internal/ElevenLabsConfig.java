package io.pauz.speech.elevenlabs.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** ElevenLabs Speech to Text. Configuration {@code io.pauz.speech.elevenlabs}; without it there is no engine. */
@ObjectClassDefinition(id = ElevenLabsConfig.PID, name = "PAUZ ElevenLabs speech to text",
        description = "Transcribes recordings with the ElevenLabs Speech to Text API")
public @interface ElevenLabsConfig {
    String PID = "io.pauz.speech.elevenlabs";

    @AttributeDefinition(name = "base.url", description = "API root; /v1/speech-to-text is appended")
    String base_url() default "https://api.elevenlabs.io";

    @AttributeDefinition(name = "api.key", type = AttributeType.PASSWORD,
            description = "xi-api-key; empty means no engine is offered")
    String api_key() default "";

    @AttributeDefinition(name = "model.id", description = "Speech to text model, e.g. scribe_v1")
    String model_id() default "scribe_v1";

    @AttributeDefinition(name = "timeout.seconds", description = "Longest wait for ElevenLabs' answer, per attempt")
    int timeout_seconds() default 120;

    @AttributeDefinition(name = "retries",
            description = "Extra attempts after HTTP 429, 5xx or a network error (exponential backoff, Retry-After honoured)")
    int retries() default 2;
}
