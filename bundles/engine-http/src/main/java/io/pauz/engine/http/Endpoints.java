package io.pauz.engine.http;

import java.net.URI;

/**
 * Checks the base URL an operator configured for a remote engine. Messages never repeat a URL that carries
 * user info: it could hold a password.
 */
public final class Endpoints {
    private Endpoints() {
    }

    /** The configured base, or {@code defaultBase} when blank, without trailing slashes. */
    public static String base(String configured, String defaultBase) {
        String base = configured == null || configured.isBlank() ? defaultBase : configured.strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base;
    }

    /**
     * {@code base + path} as an http(s) URI with a host and no user info or query.
     *
     * @throws IllegalArgumentException naming {@code base.url}, fit for the log
     */
    public static URI endpoint(String base, String path) {
        URI endpoint;
        try {
            endpoint = URI.create(base + path);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("base.url is not a URL");
        }
        String scheme = endpoint.getScheme();
        if (endpoint.getHost() == null || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            throw new IllegalArgumentException("base.url must be an http(s) URL with a host");
        }
        if (endpoint.getRawUserInfo() != null || endpoint.getRawQuery() != null) {
            throw new IllegalArgumentException("base.url must not carry credentials or a query; use api.key");
        }
        return endpoint;
    }

    /** host[:port]: enough to tell servers apart in logs and service properties, nothing secret. */
    public static String host(URI endpoint) {
        return endpoint.getPort() < 0 ? endpoint.getHost() : endpoint.getHost() + ":" + endpoint.getPort();
    }
}
