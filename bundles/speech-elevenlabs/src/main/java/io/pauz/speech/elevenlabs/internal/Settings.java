package io.pauz.speech.elevenlabs.internal;

import java.net.URI;
import java.time.Duration;

import io.pauz.engine.http.Endpoints;

/** Validated configuration. {@link #toString()} leaves the key out so that it can be logged. */
record Settings(URI endpoint, String apiKey, String modelId, Duration timeout, int retries) {
    static final String PATH = "/v1/speech-to-text";
    static final int MAX_RETRIES = 10;

    /** @throws IllegalArgumentException with an operator-readable reason; never contains the key */
    static Settings of(String baseUrl, String apiKey, String modelId, int timeoutSeconds, int retries) {
        String key = apiKey == null ? "" : apiKey.trim();
        if (key.isEmpty()) {
            throw new IllegalArgumentException("api.key is empty");
        }
        URI endpoint = Endpoints.endpoint(Endpoints.base(baseUrl, "https://api.elevenlabs.io"), PATH);
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("timeout.seconds must be at least 1, not " + timeoutSeconds);
        }
        String model = modelId == null || modelId.isBlank() ? "scribe_v1" : modelId.trim();
        int r = Math.max(0, Math.min(MAX_RETRIES, retries));
        return new Settings(endpoint, key, model, Duration.ofSeconds(timeoutSeconds), r);
    }

    static Settings of(ElevenLabsConfig c) {
        return of(c.base_url(), c.api_key(), c.model_id(), c.timeout_seconds(), c.retries());
    }

    @Override
    public String toString() {
        return "Settings[endpoint=" + endpoint + ", model=" + modelId + ", timeout=" + timeout.toSeconds()
                + "s, retries=" + retries + "]";
    }
}
