package io.pauz.identity.oidc.internal;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

/** The parts of an issuer's {@code /.well-known/openid-configuration} this provider uses. */
record Metadata(String issuer, URI authorizationEndpoint, URI tokenEndpoint, URI jwksUri,
        List<String> tokenEndpointAuthMethods) {

    /** Parses and checks a discovery document; {@code expectedIssuer} must match its {@code issuer} exactly. */
    static Metadata parse(String json, String expectedIssuer) {
        Map<String, Object> doc;
        try {
            doc = JSONObjectUtils.parse(json);
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("discovery document is not JSON: " + e.getMessage());
        }
        String issuer = string(doc, "issuer");
        if (!expectedIssuer.equals(issuer)) {
            throw new IllegalStateException("discovery document names issuer " + issuer + ", expected " + expectedIssuer);
        }
        List<String> methods;
        try {
            methods = JSONObjectUtils.getStringList(doc, "token_endpoint_auth_methods_supported");
        } catch (java.text.ParseException e) {
            methods = null;
        }
        // An https issuer must not send us (or the browser) to plain http endpoints.
        boolean httpsOnly = issuer.regionMatches(true, 0, "https:", 0, 6);
        return new Metadata(issuer, uri(doc, "authorization_endpoint", httpsOnly), uri(doc, "token_endpoint", httpsOnly),
                uri(doc, "jwks_uri", httpsOnly),
                methods == null ? List.of() : List.copyOf(methods));
    }

    /** client_secret_post unless the issuer lists client_secret_basic and not client_secret_post. */
    boolean useBasicAuth() {
        return tokenEndpointAuthMethods.contains("client_secret_basic")
                && !tokenEndpointAuthMethods.contains("client_secret_post");
    }

    private static String string(Map<String, Object> doc, String key) {
        Object value = doc.get(key);
        if (!(value instanceof String s) || s.isBlank()) {
            throw new IllegalStateException("discovery document lacks " + key);
        }
        return s;
    }

    private static URI uri(Map<String, Object> doc, String key, boolean httpsOnly) {
        URI uri;
        try {
            uri = URI.create(string(doc, key));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("discovery document has an invalid " + key);
        }
        String scheme = uri.getScheme();
        boolean ok = "https".equalsIgnoreCase(scheme) || (!httpsOnly && "http".equalsIgnoreCase(scheme));
        if (!uri.isAbsolute() || !ok || uri.getHost() == null) {
            throw new IllegalStateException("discovery document has an unusable " + key + ": " + uri);
        }
        return uri;
    }
}
