package io.pauz.ai.openai.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Hashtable;

import org.osgi.framework.Constants;

import io.pauz.api.ai.AiEngine;
import io.pauz.engine.http.Endpoints;

/**
 * A validated configuration. {@link #toString()} and {@link #serviceProperties()} leave the key out: it
 * must never reach a log line or the service registry.
 */
record Settings(URI endpoint, String apiKey, String model, Duration timeout, int retries, long backoffMillis,
        int maxTokens) {
    static final String DEFAULT_HOST = "api.openai.com";
    static final String MODEL_PROPERTY = "pauz.ai.model";
    static final String HOST_PROPERTY = "pauz.ai.host";

    /** @throws IllegalArgumentException with a message fit for the log (never containing the key) */
    static Settings of(OpenAiConfig config) {
        String base = Endpoints.base(config.base_url(), "https://" + DEFAULT_HOST);
        URI endpoint = Endpoints.endpoint(base, (base.endsWith("/v1") ? "" : "/v1") + "/chat/completions");
        String key = trim(config.api_key());
        if (key.isEmpty() && DEFAULT_HOST.equalsIgnoreCase(endpoint.getHost())) {
            throw new IllegalArgumentException("api.key is empty (only local servers work without one)");
        }
        String model = trim(config.model());
        if (model.isEmpty()) {
            throw new IllegalArgumentException("model is empty");
        }
        return new Settings(endpoint, key, model, Duration.ofSeconds(Math.max(1, config.timeout_seconds())),
                Math.max(0, config.retries()), Math.max(0, config.backoff_millis()), Math.max(0, config.max_tokens()));
    }

    String host() {
        return Endpoints.host(endpoint);
    }

    Hashtable<String, Object> serviceProperties() {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(AiEngine.ID_PROPERTY, OpenAiEngine.ID);
        props.put(MODEL_PROPERTY, model);
        props.put(HOST_PROPERTY, host());
        props.put(Constants.SERVICE_DESCRIPTION, "OpenAI-compatible chat completions (" + model + " at " + host() + ")");
        return props;
    }

    @Override
    public String toString() {
        return "model " + model + " at " + host() + (apiKey.isEmpty() ? " (no key)" : " (key set)");
    }

    private static String trim(String s) {
        return s == null ? "" : s.strip();
    }
}
