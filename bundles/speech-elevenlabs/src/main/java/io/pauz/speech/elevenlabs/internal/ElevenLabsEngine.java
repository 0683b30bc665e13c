package io.pauz.speech.elevenlabs.internal;

import java.nio.file.Path;
import java.util.Set;

import io.pauz.api.speech.SpeechEngine;
import io.pauz.api.speech.SpeechException;
import io.pauz.api.speech.Transcript;

/**
 * The registered service. It stays registered across configuration changes and forwards to the current
 * {@link ElevenLabsClient}, so a new key, URL or timeout applies to the next job without restart while jobs in
 * flight finish with the settings they started with.
 */
final class ElevenLabsEngine implements SpeechEngine {
    /** What ElevenLabs Speech to Text accepts among the formats PAUZ records or imports. */
    static final Set<String> MEDIA_TYPES = Set.of("audio/wav", "audio/mpeg", "audio/mp4", "audio/ogg", "audio/webm",
            "audio/flac");

    private volatile ElevenLabsClient client;

    ElevenLabsEngine(ElevenLabsClient client) {
        this.client = client;
    }

    void use(ElevenLabsClient client) {
        this.client = client;
    }

    ElevenLabsClient client() {
        return client;
    }

    @Override
    public String id() {
        return ElevenLabsClient.ENGINE_ID;
    }

    @Override
    public Set<String> mediaTypes() {
        return MEDIA_TYPES;
    }

    @Override
    public Transcript transcribe(Path audio, String mediaType, String language) throws SpeechException {
        return client.transcribe(audio, mediaType, language);
    }

    @Override
    public String toString() {
        return "ElevenLabsEngine[" + client.settings() + "]";
    }
}
