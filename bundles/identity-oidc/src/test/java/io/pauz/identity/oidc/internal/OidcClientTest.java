package io.pauz.identity.oidc.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import io.pauz.api.identity.IdentityException;
import io.pauz.api.identity.RedirectLogin.LoginStart;
import io.pauz.api.identity.VerifiedIdentity;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

/** Against a real OpenID Connect server on 127.0.0.1 (mock-oauth2-server). */
public class OidcClientTest {
    private static final String CLIENT = "pauz-client";
    private static MockOAuth2Server server;
    private static String issuer;

    @BeforeClass
    public static void startIssuer() throws Exception {
        server = new MockOAuth2Server();
        server.start(InetAddress.getLoopbackAddress(), freePort());
        issuer = server.issuerUrl("default").toString();
    }

    @AfterClass
    public static void stopIssuer() {
        server.shutdown();
    }

    private static OidcClient client(String issuerUrl) {
        return new OidcClient(new OidcClient.Settings("google", issuerUrl, CLIENT, "secret", "openid email profile",
                Duration.ofSeconds(60), Duration.ofSeconds(2)));
    }

    private static DefaultOAuth2TokenCallback profile(String subject, List<String> audience, Map<String, Object> extra,
            long expirySeconds) {
        Map<String, Object> claims = new HashMap<>(Map.of("email", "ana@example.org", "email_verified", true,
                "name", "Ana Lima", "picture", "http://127.0.0.1:1/ana.png"));
        claims.putAll(extra);
        return new DefaultOAuth2TokenCallback("default", subject, "JWT", audience, claims, expirySeconds);
    }

    @Test
    public void fullCodeFlowWithPkceStateAndNonce() throws Exception {
        OidcClient client = client(issuer);
        LoginStart start = client.start(URI.create("http://127.0.0.1:9/api/v1/auth/google/callback"));
        String query = start.authorizeUri().getRawQuery();
        for (String p : new String[] { "response_type=code", "client_id=" + CLIENT, "code_challenge_method=S256",
                "state=" + start.state(), "nonce=" + start.nonce(), "scope=openid+email+profile" }) {
            assertTrue(p + " in " + query, query.contains(p));
        }
        assertTrue(query.contains("code_challenge=" + OidcClient.challenge(start.codeVerifier())));

        server.enqueueCallback(profile("google-sub-1", List.of(CLIENT), Map.of(), 3600));
        HttpResponse<String> authorize = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(start.authorizeUri()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, authorize.statusCode());
        URI back = URI.create(authorize.headers().firstValue("Location").orElseThrow());
        assertTrue(back.toString().startsWith(start.redirectUri().toString()));
        Map<String, String> params = new HashMap<>();
        for (String kv : back.getRawQuery().split("&")) {
            String[] parts = kv.split("=", 2);
            params.put(parts[0], java.net.URLDecoder.decode(parts[1], java.nio.charset.StandardCharsets.UTF_8));
        }
        assertEquals(start.state(), params.get("state"));

        VerifiedIdentity identity = client.complete(start, params.get("code"));
        assertEquals("google", identity.provider());
        assertEquals("google-sub-1", identity.subject());
        assertEquals("ana@example.org", identity.email());
        assertTrue(identity.emailVerified());
        assertEquals("Ana Lima", identity.name());
        assertEquals("http://127.0.0.1:1/ana.png", identity.pictureUrl());
    }

    @Test
    public void verifiesAnIdTokenFromAMobileClient() throws Exception {
        SignedJWT token = server.issueToken("default", CLIENT, profile("sub-2", List.of(CLIENT), Map.of("nonce", "n-1"), 3600));
        VerifiedIdentity identity = client(issuer).verify(token.serialize(), "n-1");
        assertEquals("sub-2", identity.subject());
        assertEquals("sub-2", client(issuer).verify(token.serialize(), null).subject());
    }

    @Test
    public void rejectsWrongAudienceIssuerExpiryAndNonce() throws Exception {
        OidcClient client = client(issuer);
        expectInvalid(client, server.issueToken("default", CLIENT, profile("s", List.of("someone-else"), Map.of(), 3600)).serialize(), null);
        expectInvalid(client, server.issueToken("default", CLIENT, profile("s", List.of(CLIENT), Map.of(), -600)).serialize(), null);
        expectInvalid(client, server.issueToken("default", CLIENT, profile("s", List.of(CLIENT), Map.of("nonce", "a"), 3600)).serialize(), "b");
        expectInvalid(client, server.issueToken("default", CLIENT, profile("s", List.of(CLIENT), Map.of(), 3600)).serialize(), "expected-nonce");
        // Same keys, other issuer: the iss claim decides.
        DefaultOAuth2TokenCallback other = new DefaultOAuth2TokenCallback("other", "s", "JWT", List.of(CLIENT), Map.of(), 3600);
        expectInvalid(client, server.issueToken("other", CLIENT, other).serialize(), null);
        expectInvalid(client, "not.a.jwt", null);
    }

    @Test
    public void rejectsForgedSignaturesAndUnsignedTokens() throws Exception {
        OidcClient client = client(issuer);
        SignedJWT real = server.issueToken("default", CLIENT, profile("victim", List.of(CLIENT), Map.of(), 3600));
        RSAKey attacker = new RSAKeyGenerator(2048).keyID(real.getHeader().getKeyID()).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(attacker.getKeyID()).build(),
                real.getJWTClaimsSet());
        forged.sign(new RSASSASigner(attacker));
        expectInvalid(client, forged.serialize(), null);
        expectInvalid(client, new PlainJWT(real.getJWTClaimsSet()).serialize(), null);

        JWTClaimsSet future = new JWTClaimsSet.Builder(real.getJWTClaimsSet())
                .issueTime(new Date(System.currentTimeMillis() + 3_600_000)).build();
        SignedJWT fromTheFuture = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("unknown-kid").build(), future);
        fromTheFuture.sign(new RSASSASigner(attacker));
        expectInvalid(client, fromTheFuture.serialize(), null); // unknown kid: keys are fetched again, still no match
    }

    @Test
    public void issuerDownIsReportedAsUnavailable() throws Exception {
        OidcClient down = client("http://127.0.0.1:" + freePort() + "/default");
        try {
            down.start(URI.create("http://127.0.0.1:9/cb"));
            fail("no issuer, yet started");
        } catch (IdentityException e) {
            assertTrue(e.providerUnavailable());
        }
        assertFalse(down.discovered());
        assertTrue(down.lastError().contains("cannot reach"));
    }

    private static void expectInvalid(OidcClient client, String token, String nonce) {
        try {
            client.verify(token, nonce);
            fail("accepted an invalid token");
        } catch (IdentityException e) {
            assertFalse(e.getMessage(), e.providerUnavailable());
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
