package io.pauz.identity.oidc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import io.pauz.api.health.HealthIndicator;
import io.pauz.api.health.HealthStatus;
import io.pauz.api.identity.IdentityException;
import io.pauz.api.identity.RedirectLogin;
import io.pauz.api.identity.VerifiedIdentity;

/**
 * One OpenID Connect issuer: discovery, authorization code flow with PKCE, state and nonce, and ID-token
 * verification against the issuer's JWKS. Plain Java (no OSGi types) so tests can build it from a config.
 * Tokens, codes, verifiers and the client secret are never logged.
 */
final class OidcClient implements RedirectLogin, HealthIndicator {
    private static final Logger LOG = LoggerFactory.getLogger(OidcClient.class);

    static final String GOOGLE_ISSUER = "https://accounts.google.com";
    /** Only asymmetric signatures: {@code none} and HMAC (keyed with the public client secret) are refused. */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    private static final int MAX_BODY = 1 << 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String id;
    private final String issuer;
    private final Set<String> acceptedIssuers;
    private final String clientId;
    private final String clientSecret;
    private final String scopes;
    private final Duration skew;
    private final Duration timeout;
    private final HttpClient http;
    private final Clock clock;

    /** A discovery document older than this is fetched again (in the background; the old one stays in use). */
    Duration metadataMaxAge = Duration.ofHours(24);
    /** After a failed discovery, callers fail fast for this long before the next attempt. */
    Duration retryAfterFailure = Duration.ofSeconds(15);
    /** Least time between two JWKS fetches (an unknown {@code kid} triggers one). */
    Duration jwksMinRefreshInterval = Duration.ofSeconds(30);

    private final Object lock = new Object();
    private volatile Metadata metadata;
    private volatile Instant metadataAt;
    private volatile String lastError;
    private volatile Instant lastFailureAt;
    private CompletableFuture<Metadata> inFlight; // guarded by lock
    private Verifier verifier; // guarded by lock

    private record Verifier(URI jwksUri, DefaultJWTProcessor<SecurityContext> processor) {
    }

    OidcClient(OidcConfig config) {
        this(config, Clock.systemUTC());
    }

    OidcClient(OidcConfig config, Clock clock) {
        this.id = require(config.id(), "id").trim();
        if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("id must be letters, digits, '-' or '_': " + id);
        }
        this.issuer = require(config.issuer(), "issuer").trim();
        URI issuerUri = URI.create(issuer);
        if (!issuerUri.isAbsolute() || issuerUri.getHost() == null || issuerUri.getQuery() != null
                || issuerUri.getFragment() != null) {
            throw new IllegalArgumentException("issuer must be an absolute URL without query: " + issuer);
        }
        this.acceptedIssuers = GOOGLE_ISSUER.equals(issuer) ? Set.of(GOOGLE_ISSUER, "accounts.google.com")
                : Set.of(issuer);
        this.clientId = require(config.client_id(), "client.id").trim();
        this.clientSecret = config.client_secret() == null ? "" : config.client_secret();
        this.scopes = config.scopes() == null || config.scopes().isBlank() ? "openid email profile"
                : config.scopes().trim().replaceAll("\\s+", " ");
        this.skew = Duration.ofSeconds(Math.max(0, config.clock_skew_seconds()));
        this.timeout = Duration.ofMillis(Math.max(100, config.http_timeout_ms()));
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade dance with plain-http issuers
                .build();
    }

    private static String require(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " is not set");
        }
        return value;
    }

    @Override
    public String id() {
        return id;
    }

    String issuer() {
        return issuer;
    }

    // ---------------------------------------------------------------- discovery

    /** Starts a discovery in the background unless one runs; never blocks. */
    CompletableFuture<Metadata> refresh() {
        synchronized (lock) {
            if (inFlight != null && !inFlight.isDone()) {
                return inFlight;
            }
            URI uri = URI.create(issuer.endsWith("/") ? issuer + ".well-known/openid-configuration"
                    : issuer + "/.well-known/openid-configuration");
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json")
                    .GET().build();
            CompletableFuture<Metadata> future;
            try {
                future = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                        .thenApply(response -> Metadata.parse(body(response, "discovery"), issuer));
            } catch (RuntimeException e) {
                future = CompletableFuture.failedFuture(e);
            }
            inFlight = future.whenComplete((m, failure) -> {
                if (m != null) {
                    // order matters: readers test metadata (resp. lastFailureAt) first, then read the other field
                    metadataAt = clock.instant();
                    metadata = m;
                    lastFailureAt = null;
                    lastError = null;
                    LOG.debug("OpenID provider {}: discovered {}", id, issuer);
                } else {
                    lastError = describe(failure);
                    lastFailureAt = clock.instant();
                    LOG.warn("OpenID provider {}: discovery of {} failed: {}", id, issuer, lastError);
                }
            });
            return inFlight;
        }
    }

    /** The issuer's metadata: cached, fetched when missing (waiting at most about the HTTP timeout). */
    Metadata metadata() throws IdentityException {
        Metadata m = metadata;
        Instant now = clock.instant();
        if (m != null) {
            if (metadataAt.plus(metadataMaxAge).isBefore(now)) {
                refresh();
            }
            return m;
        }
        Instant failedAt = lastFailureAt;
        if (failedAt != null && failedAt.plus(retryAfterFailure).isAfter(now)) {
            throw new IdentityException("OpenID provider " + id + " is unavailable: " + lastError, null, true);
        }
        try {
            return refresh().get(timeout.toMillis() * 2 + 500, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IdentityException("OpenID provider " + id + " is unavailable: " + describe(e.getCause()),
                    e.getCause(), true);
        } catch (TimeoutException e) {
            throw new IdentityException("OpenID provider " + id + " did not answer in time", e, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdentityException("interrupted", e, true);
        }
    }

    // ---------------------------------------------------------------- health

    @Override
    public String name() {
        return "identity-" + id;
    }

    @Override
    public HealthStatus check() {
        Metadata m = metadata;
        Instant failedAt = lastFailureAt;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("issuer", issuer);
        if (m != null) {
            details.put("discoveredAt", metadataAt.toString());
            if (failedAt != null) {
                details.put("lastError", lastError);
                return new HealthStatus(HealthStatus.State.DEGRADED, "using cached discovery; refresh failed", details);
            }
            return new HealthStatus(HealthStatus.State.UP, "discovered", details);
        }
        if (failedAt != null) {
            details.put("lastError", lastError);
            details.put("failedAt", failedAt.toString());
            if (failedAt.plus(retryAfterFailure).isBefore(clock.instant())) {
                refresh(); // non-blocking retry; the next check reports its outcome
            }
            // DEGRADED, not DOWN: HealthResource answers 503 for DOWN, and local sign-in and journaling still work
            return new HealthStatus(HealthStatus.State.DEGRADED, "discovery failed", details);
        }
        return new HealthStatus(HealthStatus.State.DEGRADED, "discovery pending", details);
    }

    // ---------------------------------------------------------------- code flow

    @Override
    public LoginStart start(URI redirectUri) throws IdentityException {
        if (redirectUri == null || !redirectUri.isAbsolute() || redirectUri.getHost() == null
                || !("https".equalsIgnoreCase(redirectUri.getScheme()) || "http".equalsIgnoreCase(redirectUri.getScheme()))) {
            throw new IllegalArgumentException("redirect URI must be an absolute http(s) URL");
        }
        Metadata m = metadata();
        String state = random();
        String nonce = random();
        String verifier = random();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", clientId);
        params.put("redirect_uri", redirectUri.toString());
        params.put("scope", scopes);
        params.put("state", state);
        params.put("nonce", nonce);
        params.put("code_challenge", challenge(verifier));
        params.put("code_challenge_method", "S256");
        String endpoint = m.authorizationEndpoint().toString();
        URI authorize = URI.create(endpoint + (m.authorizationEndpoint().getRawQuery() == null ? "?" : "&") + form(params));
        return new LoginStart(authorize, redirectUri, state, nonce, verifier);
    }

    @Override
    public VerifiedIdentity complete(LoginStart start, String code) throws IdentityException {
        if (start == null || start.redirectUri() == null || start.codeVerifier() == null || start.nonce() == null) {
            throw new IdentityException("sign-in was not started");
        }
        if (code == null || code.isBlank()) {
            throw new IdentityException("no authorization code");
        }
        Metadata m = metadata();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", "authorization_code");
        params.put("code", code);
        params.put("redirect_uri", start.redirectUri().toString());
        params.put("code_verifier", start.codeVerifier());
        HttpRequest.Builder request = HttpRequest.newBuilder(m.tokenEndpoint()).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        if (clientSecret.isEmpty()) {
            params.put("client_id", clientId); // public client
        } else if (m.useBasicAuth()) {
            String credentials = enc(clientId) + ":" + enc(clientSecret);
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        } else {
            params.put("client_id", clientId);
            params.put("client_secret", clientSecret);
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.POST(HttpRequest.BodyPublishers.ofString(form(params))).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new IdentityException("token endpoint of " + id + " unreachable: " + describe(e), e, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdentityException("interrupted", e, true);
        }
        String body;
        try {
            body = read(response);
        } catch (IOException e) {
            throw new IdentityException("token endpoint of " + id + " failed: " + describe(e), e, true);
        }
        Map<String, Object> json;
        try {
            json = JSONObjectUtils.parse(body);
        } catch (ParseException e) {
            json = Map.of();
        }
        int status = response.statusCode();
        if (status != 200) {
            Object error = json.get("error");
            // 400/401 with an OAuth error: the code (or its verifier) was refused. Anything else: provider trouble.
            boolean refused = (status == 400 || status == 401) && error instanceof String;
            String message = "token endpoint of " + id + " answered " + status + (error instanceof String e ? " " + e : "");
            LOG.info("OpenID provider {}: {}", id, message);
            throw new IdentityException(message, null, !refused);
        }
        Object idToken = json.get("id_token");
        if (!(idToken instanceof String token) || token.isBlank()) {
            throw new IdentityException("token endpoint of " + id + " returned no id_token (is 'openid' in scopes?)",
                    null, true);
        }
        return verifyToken(token, start.nonce());
    }

    // ---------------------------------------------------------------- ID token

    @Override
    public VerifiedIdentity verifyToken(String token, String nonce) throws IdentityException {
        if (token == null || token.isBlank()) {
            throw new IdentityException("no ID token");
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token.trim());
        } catch (ParseException e) {
            throw new IdentityException("ID token is malformed");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw new IdentityException("ID token is not signed (alg " + jwt.getHeader().getAlgorithm() + ")");
        }
        JWSAlgorithm alg = signed.getHeader().getAlgorithm();
        if (!ALGORITHMS.contains(alg)) {
            throw new IdentityException("ID token algorithm " + alg + " is not accepted");
        }
        JWTClaimsSet claims;
        try {
            claims = verifier(metadata()).process(signed, null);
        } catch (RateLimitReachedException e) {
            // An unknown kid shortly after the last JWKS fetch: the token names a key the issuer does not publish.
            throw new IdentityException("ID token signed with an unknown key");
        } catch (KeySourceException e) {
            throw new IdentityException("keys of " + id + " unavailable: " + describe(e), e, true);
        } catch (BadJOSEException e) {
            throw new IdentityException("ID token rejected: " + e.getMessage());
        } catch (JOSEException e) {
            throw new IdentityException("ID token rejected: " + e.getMessage());
        }
        checkClaims(claims, nonce);
        try {
            return new VerifiedIdentity(id, claims.getSubject(), claims.getStringClaim("email"),
                    emailVerified(claims.getClaim("email_verified")), claims.getStringClaim("name"),
                    claims.getStringClaim("picture"));
        } catch (ParseException e) {
            throw new IdentityException("ID token has malformed claims: " + e.getMessage());
        }
    }

    private void checkClaims(JWTClaimsSet claims, String nonce) throws IdentityException {
        if (!acceptsIssuer(claims.getIssuer())) {
            throw new IdentityException("ID token issuer " + claims.getIssuer() + " is not " + issuer);
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(clientId)) {
            throw new IdentityException("ID token is not meant for this client");
        }
        Object azp = claims.getClaim("azp");
        if (audience.size() > 1 && azp != null && !clientId.equals(azp)) {
            throw new IdentityException("ID token was issued to another party");
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null || !exp.toInstant().plus(skew).isAfter(now)) {
            throw new IdentityException("ID token expired");
        }
        Date iat = claims.getIssueTime();
        if (iat == null || iat.toInstant().isAfter(now.plus(skew))) {
            throw new IdentityException("ID token issued in the future");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().isAfter(now.plus(skew))) {
            throw new IdentityException("ID token not valid yet");
        }
        String sub = claims.getSubject();
        if (sub == null || sub.isBlank()) {
            throw new IdentityException("ID token has no subject");
        }
        if (nonce != null) {
            Object actual = claims.getClaim("nonce");
            if (!(actual instanceof String s) || !MessageDigest.isEqual(s.getBytes(StandardCharsets.UTF_8),
                    nonce.getBytes(StandardCharsets.UTF_8))) {
                throw new IdentityException("ID token nonce does not match");
            }
        }
    }

    /** The configured issuer; for Google also its historical spelling without scheme. */
    boolean acceptsIssuer(String iss) {
        return iss != null && acceptedIssuers.contains(iss);
    }

    private static boolean emailVerified(Object value) {
        return Boolean.TRUE.equals(value) || "true".equals(value); // some issuers send a string
    }

    /** One JWT processor per JWKS URI: keys cached, fetched again (rate-limited) when an unknown kid appears. */
    private DefaultJWTProcessor<SecurityContext> verifier(Metadata m) throws IdentityException {
        synchronized (lock) {
            if (verifier != null && verifier.jwksUri().equals(m.jwksUri())) {
                return verifier.processor();
            }
            URL url;
            try {
                url = m.jwksUri().toURL();
            } catch (MalformedURLException e) {
                throw new IdentityException("bad jwks_uri", e, true);
            }
            JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(url, new Retriever())
                    .cache(TimeUnit.HOURS.toMillis(1), timeout.toMillis() * 2)
                    // refresh-ahead would start a non-daemon executor thread that is never closed on deactivate
                    .refreshAheadCache(false)
                    .rateLimited(jwksMinRefreshInterval.toMillis())
                    .retrying(false)
                    .build();
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
            processor.setJWTClaimsSetVerifier((claims, context) -> {
                // checked by checkClaims, which knows about Google's two issuer spellings and clock skew
            });
            verifier = new Verifier(m.jwksUri(), processor);
            return processor;
        }
    }

    /** Fetches JWKS documents with this provider's HttpClient and timeouts. */
    private final class Retriever implements ResourceRetriever {
        @Override
        public Resource retrieveResource(URL url) throws IOException {
            HttpRequest request;
            try {
                request = HttpRequest.newBuilder(url.toURI()).timeout(timeout).header("Accept", "application/json")
                        .GET().build();
            } catch (URISyntaxException e) {
                throw new IOException(e);
            }
            try {
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                return new Resource(body(response, "JWKS"), response.headers().firstValue("Content-Type").orElse(null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (IllegalStateException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A 200 answer's body (at most 1 MiB); anything else is an {@link IllegalStateException}. */
    private static String body(HttpResponse<InputStream> response, String what) {
        String body;
        try {
            body = read(response);
        } catch (IOException e) {
            throw new IllegalStateException(what + " read failed: " + e.getMessage(), e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(what + " answered HTTP " + response.statusCode());
        }
        return body;
    }

    private static String read(HttpResponse<InputStream> response) throws IOException {
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new IOException("answer larger than " + MAX_BODY + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static String describe(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** 256 random bits, base64url without padding (43 characters: also a valid PKCE verifier). */
    static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String challenge(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
