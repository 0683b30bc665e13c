package io.pauz.identity.oidc.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import io.pauz.api.identity.IdentityException;
import io.pauz.api.identity.RedirectLogin.LoginStart;
import io.pauz.api.identity.VerifiedIdentity;

/**
 * OpenID Connect relying party: discovery, authorization code flow with PKCE (S256), state and nonce,
 * and ID-token verification with nimbus-jose-jwt against the issuer's JWKS (cached; an unknown
 * {@code kid} makes nimbus fetch the keys again, rate-limited). No framework types, so it is tested
 * directly against a local OIDC server.
 */
final class OidcClient {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.ES384);
    private static final String GOOGLE = "https://accounts.google.com";

    record Settings(String id, String issuer, String clientId, String clientSecret, String scopes,
            Duration clockSkew, Duration timeout) {
    }

    record Discovery(URI authorizationEndpoint, URI tokenEndpoint, URL jwksUri, boolean basicAuthOnly) {
    }

    private final Settings settings;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private volatile Discovery discovery;
    private volatile DefaultJWTProcessor<SecurityContext> processor;
    private volatile String lastError;

    OidcClient(Settings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    String id() {
        return settings.id();
    }

    /** The issuer's metadata, fetched once and again after a failure. */
    Discovery discovery() throws IdentityException {
        Discovery d = discovery;
        if (d != null) {
            return d;
        }
        synchronized (this) {
            if (discovery != null) {
                return discovery;
            }
            URI wellKnown = URI.create(stripSlash(settings.issuer()) + "/.well-known/openid-configuration");
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(wellKnown).timeout(settings.timeout())
                        .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw unavailable("discovery answered " + response.statusCode(), null);
                }
                JsonNode doc = json.readTree(response.body());
                String issuer = doc.path("issuer").asText();
                if (!stripSlash(issuer).equals(stripSlash(settings.issuer()))) {
                    throw new IdentityException("discovery names issuer " + issuer + ", configured is " + settings.issuer());
                }
                List<String> authMethods = doc.path("token_endpoint_auth_methods_supported").isArray()
                        ? json.convertValue(doc.path("token_endpoint_auth_methods_supported"), List.class) : List.of();
                Discovery fresh = new Discovery(URI.create(doc.path("authorization_endpoint").asText()),
                        URI.create(doc.path("token_endpoint").asText()), new URL(doc.path("jwks_uri").asText()),
                        !authMethods.isEmpty() && !authMethods.contains("client_secret_post")
                                && authMethods.contains("client_secret_basic"));
                processor = processor(fresh.jwksUri());
                discovery = fresh;
                lastError = null;
                return fresh;
            } catch (IOException e) {
                throw unavailable("cannot reach the issuer: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable("interrupted", e);
            } catch (IllegalArgumentException e) {
                throw unavailable("the issuer's discovery document is not usable: " + e.getMessage(), e);
            }
        }
    }

    private DefaultJWTProcessor<SecurityContext> processor(URL jwksUri) {
        int timeout = (int) settings.timeout().toMillis();
        JWKSource<SecurityContext> keys = JWKSourceBuilder.create(jwksUri, new DefaultResourceRetriever(timeout, timeout, 256 * 1024))
                .cache(Duration.ofHours(1).toMillis(), Duration.ofSeconds(10).toMillis())
                .rateLimited(Duration.ofSeconds(10).toMillis())
                .build();
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(settings.clientId(), null,
                Set.of("iss", "sub", "aud", "exp", "iat"));
        claims.setMaxClockSkew((int) settings.clockSkew().toSeconds());
        p.setJWTClaimsSetVerifier(claims);
        return p;
    }

    LoginStart start(URI redirectUri) throws IdentityException {
        Discovery d = discovery();
        String state = random(32);
        String nonce = random(32);
        String verifier = random(48);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", settings.clientId());
        query.put("redirect_uri", redirectUri.toString());
        query.put("scope", settings.scopes());
        query.put("state", state);
        query.put("nonce", nonce);
        query.put("code_challenge", challenge(verifier));
        query.put("code_challenge_method", "S256");
        String separator = d.authorizationEndpoint().getRawQuery() == null ? "?" : "&";
        return new LoginStart(URI.create(d.authorizationEndpoint() + separator + form(query)), redirectUri, state, nonce,
                verifier);
    }

    VerifiedIdentity complete(LoginStart start, String code) throws IdentityException {
        Discovery d = discovery();
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "authorization_code");
        body.put("code", code);
        body.put("redirect_uri", start.redirectUri().toString());
        body.put("code_verifier", start.codeVerifier());
        HttpRequest.Builder request = HttpRequest.newBuilder(d.tokenEndpoint()).timeout(settings.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json");
        if (d.basicAuthOnly()) {
            String credentials = URLEncoder.encode(settings.clientId(), StandardCharsets.UTF_8) + ":"
                    + URLEncoder.encode(settings.clientSecret(), StandardCharsets.UTF_8);
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        } else {
            body.put("client_id", settings.clientId());
            body.put("client_secret", settings.clientSecret());
        }
        try {
            HttpResponse<String> response = http.send(request.POST(HttpRequest.BodyPublishers.ofString(form(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 500) {
                throw unavailable("token endpoint answered " + response.statusCode(), null);
            }
            JsonNode answer = json.readTree(response.body());
            if (response.statusCode() != 200 || !answer.path("id_token").isTextual()) {
                throw new IdentityException("the issuer refused the code: " + answer.path("error").asText("no id_token"));
            }
            return verify(answer.path("id_token").asText(), start.nonce());
        } catch (IOException e) {
            throw unavailable("cannot reach the token endpoint: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted", e);
        }
    }

    VerifiedIdentity verify(String idToken, String nonce) throws IdentityException {
        discovery();
        JWTClaimsSet claims;
        try {
            claims = processor.process(idToken, null);
        } catch (ParseException e) {
            throw new IdentityException("the ID token is not a JWT");
        } catch (BadJOSEException e) {
            throw new IdentityException("the ID token is not valid: " + e.getMessage());
        } catch (JOSEException e) {
            if (e.getClass().getName().endsWith("KeySourceException")) {
                throw unavailable("cannot fetch the issuer's keys: " + e.getMessage(), e);
            }
            throw new IdentityException("the ID token cannot be verified: " + e.getMessage());
        }
        String issuer = stripSlash(String.valueOf(claims.getIssuer()));
        String expected = stripSlash(settings.issuer());
        boolean googleShortForm = expected.equals(GOOGLE) && issuer.equals("accounts.google.com");
        if (!issuer.equals(expected) && !googleShortForm) {
            throw new IdentityException("the ID token comes from issuer " + issuer);
        }
        Date issuedAt = claims.getIssueTime();
        if (issuedAt.toInstant().isAfter(Instant.now().plus(settings.clockSkew()))) {
            throw new IdentityException("the ID token is issued in the future");
        }
        List<String> audience = claims.getAudience();
        Object azp = claims.getClaim("azp");
        if (audience.size() > 1 && azp != null && !settings.clientId().equals(azp)) {
            throw new IdentityException("the ID token was issued to another party");
        }
        if (nonce != null) {
            Object tokenNonce = claims.getClaim("nonce");
            if (!nonce.equals(tokenNonce)) {
                throw new IdentityException("the ID token's nonce does not match this sign-in");
            }
        }
        try {
            Boolean verified = claims.getBooleanClaim("email_verified");
            return new VerifiedIdentity(settings.id(), claims.getSubject(), claims.getStringClaim("email"),
                    verified != null && verified, claims.getStringClaim("name"), claims.getStringClaim("picture"));
        } catch (ParseException e) {
            throw new IdentityException("the ID token has malformed profile claims");
        }
    }

    /** Last discovery failure, or null (health). */
    String lastError() {
        return lastError;
    }

    boolean discovered() {
        return discovery != null;
    }

    private IdentityException unavailable(String message, Throwable cause) {
        lastError = message;
        return new IdentityException(message, cause, true);
    }

    static String challenge(String verifier) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
