package io.pauz.ai.gemini.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Hashtable;
import java.util.regex.Pattern;

import org.osgi.framework.Constants;

import io.pauz.api.ai.AiEngine;
import io.pauz.engine.http.Endpoints;

/**
 * A validated configuration. {@link #toString()} and {@link #serviceProperties()} leave the key out: it
 * must never reach a log line or the service registry.
 */
record Settings(URI endpoint, String apiKey, String model, Duration timeout, int retries, long backoffMillis,
        int maxTokens) {
    static final String DEFAULT_HOST = "generativelanguage.googleapis.com";
    static final String MODEL_PROPERTY = "pauz.ai.model";
    static final String HOST_PROPERTY = "pauz.ai.host";
    /** The model becomes a path segment: nothing that could change the path. */
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** @throws IllegalArgumentException with a message fit for the log (never containing the key) */
    static Settings of(GeminiConfig config) {
        String model = trim(config.model());
        if (model.startsWith("models/")) {
            model = model.substring("models/".length());
        }
        if (!MODEL.matcher(model).matches()) {
            throw new IllegalArgumentException("model must be a name like gemini-2.0-flash");
        }
        String base = Endpoints.base(config.base_url(), "https://" + DEFAULT_HOST);
        String version = base.endsWith("/v1beta") || base.endsWith("/v1") ? "" : "/v1beta";
        URI endpoint = Endpoints.endpoint(base, version + "/models/" + model + ":generateContent");
        String key = trim(config.api_key());
        if (key.isEmpty() && DEFAULT_HOST.equalsIgnoreCase(endpoint.getHost())) {
            throw new IllegalArgumentException("api.key is empty");
        }
        return new Settings(endpoint, key, model, Duration.ofSeconds(Math.max(1, config.timeout_seconds())),
                Math.max(0, config.retries()), Math.max(0, config.backoff_millis()), Math.max(0, config.max_tokens()));
    }

    /** host[:port] of the server: enough to tell engines apart, nothing secret. */
    String host() {
        return Endpoints.host(endpoint);
    }

    Hashtable<String, Object> serviceProperties() {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(AiEngine.ID_PROPERTY, GeminiEngine.ID);
        props.put(MODEL_PROPERTY, model);
        props.put(HOST_PROPERTY, host());
        props.put(Constants.SERVICE_DESCRIPTION, "Google Gemini (" + model + " at " + host() + ")");
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
