package io.pauz.identity.oidc.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import io.pauz.api.health.HealthStatus;
import io.pauz.api.identity.IdentityException;
import io.pauz.api.identity.RedirectLogin.LoginStart;
import io.pauz.api.identity.VerifiedIdentity;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import io.pauz.testsupport.Configs;

/** Against a real OpenID provider (mock-oauth2-server) on 127.0.0.1; nothing else is ever contacted. */
public class OidcClientTest {
    private static final String CLIENT_ID = "pauz-web";
    private static final String CLIENT_SECRET = "s3cret-not-logged";
    private static final String ISSUER_ID = "default";
    private static final URI REDIRECT = URI.create("http://127.0.0.1:9/api/v1/auth/test/callback");

    private static MockOAuth2Server server;
    private static String issuer;
    private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private OidcClient client;

    @BeforeClass
    public static void startServer() throws Exception {
        server = new MockOAuth2Server();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        issuer = "http://127.0.0.1:" + server.baseUrl().port() + "/" + ISSUER_ID;
    }

    @AfterClass
    public static void stopServer() {
        if (server != null) {
            server.shutdown();
        }
    }

    @Before
    public void newClient() {
        client = client(issuer);
    }

    private static OidcClient client(String issuer) {
        Map<String, Object> config = new HashMap<>();
        config.put("id", "test");
        config.put("issuer", issuer);
        config.put("client.id", CLIENT_ID);
        config.put("client.secret", CLIENT_SECRET);
        config.put("http.timeout.ms", 2000);
        return new OidcClient(Configs.of(OidcConfig.class, config));
    }

    // ------------------------------------------------------------ discovery and health

    @Test
    public void discoveryReadsTheIssuersMetadata() throws Exception {
        assertEquals(HealthStatus.State.DEGRADED, client.check().state()); // nothing fetched yet
        Metadata m = client.metadata();
        assertEquals(issuer, m.issuer());
        assertEquals("127.0.0.1", m.tokenEndpoint().getHost());
        assertTrue(m.jwksUri().toString().startsWith(issuer));
        assertEquals(HealthStatus.State.UP, client.check().state());
        assertEquals("identity-test", client.name());
        assertEquals("test", client.id());
    }

    @Test
    public void discoveryNamingAnotherIssuerIsRefused() throws Exception {
        try (FakeIssuer fake = new FakeIssuer()) {
            fake.discoveryIssuer = "https://evil.example";
            OidcClient c = client(fake.issuer);
            try {
                c.metadata();
                fail("foreign issuer accepted");
            } catch (IdentityException e) {
                assertTrue(e.providerUnavailable());
                assertTrue(e.getMessage(), e.getMessage().contains("evil.example"));
            }
            assertEquals(HealthStatus.State.DEGRADED, c.check().state());
        }
    }

    @Test
    public void issuerDownIsProviderUnavailable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        OidcClient down = client("http://127.0.0.1:" + port + "/" + ISSUER_ID);
        try {
            down.start(REDIRECT);
            fail("start() without an issuer");
        } catch (IdentityException e) {
            assertTrue(e.providerUnavailable());
        }
        try {
            down.verifyToken(idToken(Map.of()), null);
            fail("verifyToken() without an issuer");
        } catch (IdentityException e) {
            assertTrue(e.providerUnavailable());
        }
        HealthStatus health = down.check();
        assertEquals(HealthStatus.State.DEGRADED, health.state());
        assertNotNull(health.details().get("lastError"));
    }

    // ------------------------------------------------------------ code flow

    @Test
    public void startBuildsAnAuthorizeUrlWithPkceStateAndNonce() throws Exception {
        LoginStart start = client.start(REDIRECT);
        Map<String, String> q = query(start.authorizeUri());
        assertEquals("code", q.get("response_type"));
        assertEquals(CLIENT_ID, q.get("client_id"));
        assertEquals(REDIRECT.toString(), q.get("redirect_uri"));
        assertEquals("openid email profile", q.get("scope"));
        assertEquals(start.state(), q.get("state"));
        assertEquals(start.nonce(), q.get("nonce"));
        assertEquals("S256", q.get("code_challenge_method"));
        assertEquals(OidcClient.challenge(start.codeVerifier()), q.get("code_challenge"));
        assertTrue(start.state().matches("[A-Za-z0-9_-]{43}"));
        assertTrue(start.nonce().matches("[A-Za-z0-9_-]{43}"));
        assertTrue(start.codeVerifier().matches("[A-Za-z0-9_-]{43}"));
        assertNotEquals(start.state(), client.start(REDIRECT).state());
        // RFC 7636 appendix B
        assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                OidcClient.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    }

    @Test
    public void codeFlowYieldsTheVerifiedIdentity() throws Exception {
        LoginStart start = client.start(REDIRECT);
        String code = authorize(start);
        server.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, "user-42", JOSEObjectType.JWT.getType(),
                List.of(CLIENT_ID), Map.of("email", "ada@example.org", "email_verified", true, "name", "Ada Lovelace",
                        "picture", "https://img.example.org/ada.png", "iss", issuer),
                3600));
        VerifiedIdentity identity = client.complete(start, code);
        assertEquals(new VerifiedIdentity("test", "user-42", "ada@example.org", true, "Ada Lovelace",
                "https://img.example.org/ada.png"), identity);
    }

    @Test
    public void codeFlowRefusesAnotherNonce() throws Exception {
        LoginStart start = client.start(REDIRECT);
        String code = authorize(start);
        LoginStart tampered = new LoginStart(start.authorizeUri(), start.redirectUri(), start.state(),
                OidcClient.random(), start.codeVerifier());
        try {
            client.complete(tampered, code);
            fail("nonce of another sign-in accepted");
        } catch (IdentityException e) {
            assertFalse(e.providerUnavailable());
            assertTrue(e.getMessage(), e.getMessage().contains("nonce"));
        }
    }

    @Test
    public void tokenRequestCarriesCodeVerifierAndClientSecretPost() throws Exception {
        try (FakeIssuer fake = new FakeIssuer()) {
            OidcClient c = client(fake.issuer);
            LoginStart start = c.start(REDIRECT);
            try {
                c.complete(start, "the-code");
                fail("invalid_grant accepted");
            } catch (IdentityException e) {
                assertFalse("a refused code is not an outage", e.providerUnavailable());
            }
            assertEquals("POST", fake.lastToken.get("method"));
            assertTrue(fake.lastToken.get("content-type").startsWith("application/x-www-form-urlencoded"));
            assertNull(fake.lastToken.get("authorization"));
            Map<String, String> form = parse(fake.lastToken.get("body"));
            assertEquals("authorization_code", form.get("grant_type"));
            assertEquals("the-code", form.get("code"));
            assertEquals(REDIRECT.toString(), form.get("redirect_uri"));
            assertEquals(start.codeVerifier(), form.get("code_verifier"));
            assertEquals(CLIENT_ID, form.get("client_id"));
            assertEquals(CLIENT_SECRET, form.get("client_secret"));
        }
    }

    @Test
    public void clientSecretBasicWhenThatIsAllTheIssuerLists() throws Exception {
        try (FakeIssuer fake = new FakeIssuer()) {
            fake.authMethods = "[\"client_secret_basic\",\"private_key_jwt\"]";
            OidcClient c = client(fake.issuer);
            try {
                c.complete(c.start(REDIRECT), "the-code");
                fail();
            } catch (IdentityException expected) {
                assertFalse(expected.providerUnavailable());
            }
            String basic = java.util.Base64.getEncoder().encodeToString(
                    (CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
            assertEquals("Basic " + basic, fake.lastToken.get("authorization"));
            Map<String, String> form = parse(fake.lastToken.get("body"));
            assertNull(form.get("client_secret"));
            assertEquals("the-code", form.get("code"));
        }
    }

    @Test
    public void tokenEndpointFailuresAreOutages() throws Exception {
        try (FakeIssuer fake = new FakeIssuer()) {
            OidcClient c = client(fake.issuer);
            fake.tokenStatus = 503;
            fake.tokenBody = "busy";
            assertOutage(c);
            fake.tokenStatus = 200;
            fake.tokenBody = "{\"access_token\":\"a\",\"token_type\":\"Bearer\"}"; // no id_token
            assertOutage(c);
        }
    }

    private static void assertOutage(OidcClient c) throws Exception {
        try {
            c.complete(c.start(REDIRECT), "the-code");
            fail();
        } catch (IdentityException e) {
            assertTrue(e.getMessage(), e.providerUnavailable());
        }
    }

    @Test
    public void codeFlowWithAnotherVerifierIsRefused() throws Exception {
        LoginStart start = client.start(REDIRECT);
        String code = authorize(start);
        LoginStart tampered = new LoginStart(start.authorizeUri(), start.redirectUri(), start.state(), start.nonce(),
                OidcClient.random());
        try {
            client.complete(tampered, code);
            fail("PKCE verifier of another sign-in accepted");
        } catch (IdentityException e) {
            assertFalse(e.getMessage(), e.providerUnavailable());
        }
    }

    @Test
    public void blankCodeIsRefused() throws Exception {
        try {
            client.complete(client.start(REDIRECT), " ");
            fail();
        } catch (IdentityException e) {
            assertFalse(e.providerUnavailable());
        }
    }

    // ------------------------------------------------------------ verifyToken

    @Test
    public void validTokenIsAccepted() throws Exception {
        String token = idToken(Map.of("nonce", "n-1", "email", "bob@example.org", "email_verified", "true"));
        VerifiedIdentity identity = client.verifyToken(token, "n-1");
        assertEquals("subject-1", identity.subject());
        assertEquals("bob@example.org", identity.email());
        assertTrue(identity.emailVerified());
        // no nonce expected: not checked
        assertEquals("subject-1", client.verifyToken(token, null).subject());
    }

    @Test
    public void forgedSignatureWithTheIssuersKidIsRefused() throws Exception {
        SignedJWT genuine = SignedJWT.parse(idToken(Map.of()));
        RSAKey mine = new RSAKeyGenerator(2048).keyID(genuine.getHeader().getKeyID()).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(genuine.getHeader().getKeyID()).type(JOSEObjectType.JWT).build(), genuine.getJWTClaimsSet());
        forged.sign(new RSASSASigner(mine));
        assertRefused(forged.serialize(), null, "signature");
    }

    @Test
    public void unknownKidIsRefusedButNotAsAnOutage() throws Exception {
        SignedJWT genuine = SignedJWT.parse(idToken(Map.of()));
        RSAKey mine = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(mine.getKeyID()).build(),
                genuine.getJWTClaimsSet());
        forged.sign(new RSASSASigner(mine));
        client.verifyToken(genuine.serialize(), null); // keys cached
        assertRefused(forged.serialize(), null, "");
        assertRefused(forged.serialize(), null, ""); // again, within the JWKS rate limit
    }

    @Test
    public void googleIssuerAcceptsBothSpellings() {
        // built with Google's default issuer, never started: nothing is fetched
        OidcClient google = new OidcClient(Configs.of(OidcConfig.class, Map.of("client.id", CLIENT_ID)));
        assertEquals("google", google.id());
        assertEquals("identity-google", google.name());
        assertTrue(google.acceptsIssuer("https://accounts.google.com"));
        assertTrue(google.acceptsIssuer("accounts.google.com"));
        assertFalse(google.acceptsIssuer("https://accounts.google.com/"));
        assertFalse(client.acceptsIssuer("accounts.google.com"));
        assertTrue(client.acceptsIssuer(issuer));
    }

    @Test(expected = IllegalArgumentException.class)
    public void missingClientIdIsAConfigurationError() {
        new OidcClient(Configs.of(OidcConfig.class, Map.of("issuer", issuer)));
    }

    @Test
    public void wrongIssuerIsRefused() throws Exception {
        assertRefused(idToken(Map.of("iss", "https://accounts.google.com")), null, "issuer");
    }

    @Test
    public void wrongAudienceIsRefused() throws Exception {
        assertRefused(idToken(List.of("another-client"), Map.of()), null, "client");
    }

    @Test
    public void anotherAuthorizedPartyIsRefused() throws Exception {
        String other = idToken("another-client", List.of(CLIENT_ID, "another-client"), Map.of());
        assertEquals("another-client", SignedJWT.parse(other).getJWTClaimsSet().getClaim("azp"));
        assertRefused(other, null, "party");
        // several audiences, azp ours: fine
        client.verifyToken(idToken(CLIENT_ID, List.of(CLIENT_ID, "another-client"), Map.of()), null);
        // one audience (ours), azp another client (e.g. Google's Android client): accepted
        client.verifyToken(idToken("android-client", List.of(CLIENT_ID), Map.of()), null);
    }

    @Test
    public void expiredTokenIsRefused() throws Exception {
        Instant now = Instant.now();
        assertRefused(idToken(Map.of("iat", now.minusSeconds(7200).getEpochSecond(),
                "exp", now.minusSeconds(3600).getEpochSecond())), null, "expired");
    }

    @Test
    public void tokenFromTheFutureIsRefused() throws Exception {
        Instant now = Instant.now();
        assertRefused(idToken(Map.of("iat", now.plusSeconds(600).getEpochSecond(),
                "nbf", now.getEpochSecond(), "exp", now.plusSeconds(4200).getEpochSecond())), null, "future");
    }

    @Test
    public void wrongNonceIsRefused() throws Exception {
        assertRefused(idToken(Map.of("nonce", "n-1")), "n-2", "nonce");
        assertRefused(idToken(Map.of()), "n-2", "nonce");
    }

    @Test
    public void unsignedTokenIsRefused() throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(idToken(Map.of())).getJWTClaimsSet();
        assertRefused(new PlainJWT(claims).serialize(), null, "not signed");
    }

    @Test
    public void hmacTokenIsRefused() throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(idToken(Map.of())).getJWTClaimsSet();
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        hmac.sign(new MACSigner((CLIENT_SECRET + CLIENT_SECRET + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)));
        assertRefused(hmac.serialize(), null, "HS256");
    }

    @Test
    public void garbageIsRefused() throws Exception {
        assertRefused("not.a.token", null, "");
        assertRefused("", null, "");
    }

    @Test
    public void theTokensThemselvesCarryTheBadClaims() throws Exception {
        // guards the rejection tests: the mock really put our claims in, and signed them with its key
        Instant past = Instant.now().minusSeconds(3600);
        SignedJWT expired = SignedJWT.parse(idToken(Map.of("exp", past.getEpochSecond(), "iss", "x")));
        assertEquals(Date.from(Instant.ofEpochSecond(past.getEpochSecond())), expired.getJWTClaimsSet().getExpirationTime());
        assertEquals("x", expired.getJWTClaimsSet().getIssuer());
    }

    // ------------------------------------------------------------ helpers

    /** An ID token from the mock's own key: sub subject-1, aud the client, one hour, plus {@code claims}. */
    private static String idToken(Map<String, Object> claims) {
        return idToken(List.of(CLIENT_ID), claims);
    }

    /**
     * The mock names its issuer after its host name (localhost); tests talk to 127.0.0.1, whose discovery
     * says http://127.0.0.1:port/default, so tokens get that iss unless {@code claims} set another.
     */
    private static String idToken(List<String> audience, Map<String, Object> claims) {
        return idToken(CLIENT_ID, audience, claims);
    }

    /** {@code azp}: the mock sets the azp claim to the client the token is issued to. */
    private static String idToken(String azp, List<String> audience, Map<String, Object> claims) {
        Map<String, Object> all = new HashMap<>();
        all.put("iss", issuer);
        all.putAll(claims);
        return server.issueToken(ISSUER_ID, azp, new DefaultOAuth2TokenCallback(ISSUER_ID, "subject-1",
                JOSEObjectType.JWT.getType(), audience, all, 3600)).serialize();
    }

    private void assertRefused(String token, String nonce, String reason) {
        try {
            client.verifyToken(token, nonce);
            fail("token accepted, expected refusal for " + reason);
        } catch (IdentityException e) {
            assertFalse("not an outage: " + e.getMessage(), e.providerUnavailable());
            assertTrue(e.getMessage(), e.getMessage().toLowerCase().contains(reason.toLowerCase()));
        }
    }

    /** Follows the authorize URL like a browser (without redirects); returns the code from the callback. */
    private static String authorize(LoginStart start) throws Exception {
        HttpResponse<String> response = BROWSER.send(HttpRequest.newBuilder(start.authorizeUri()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, response.statusCode());
        URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
        assertEquals(REDIRECT.getPath(), location.getPath());
        Map<String, String> q = query(location);
        assertEquals(start.state(), q.get("state"));
        assertNotNull(q.get("code"));
        return q.get("code");
    }

    private static Map<String, String> query(URI uri) {
        return parse(uri.getRawQuery());
    }

    private static Map<String, String> parse(String form) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            map.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return map;
    }
}
