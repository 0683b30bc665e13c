package io.pauz.identity.oidc.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.pauz.api.identity.IdentityException;
import io.pauz.testsupport.Configs;

/**
 * An issuer on 127.0.0.1 whose keys the test rotates (mock-oauth2-server always names its key after the
 * issuer id): an unknown kid makes the client fetch the JWKS again and accept the new key.
 */
public class KeyRotationTest {
    private HttpServer server;
    private String issuer;
    private volatile JWKSet published;
    private final AtomicInteger jwksFetches = new AtomicInteger();

    @Before
    public void startIssuer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/rot";
        server.createContext("/rot/.well-known/openid-configuration", ex -> send(ex, "{\"issuer\":\"" + issuer
                + "\",\"authorization_endpoint\":\"" + issuer + "/auth\",\"token_endpoint\":\"" + issuer
                + "/token\",\"jwks_uri\":\"" + issuer + "/jwks\"}"));
        server.createContext("/rot/jwks", ex -> {
            jwksFetches.incrementAndGet();
            send(ex, published.toPublicJWKSet().toString());
        });
        server.start();
    }

    @After
    public void stopIssuer() {
        server.stop(0);
    }

    private OidcClient client() {
        return new OidcClient(Configs.of(OidcConfig.class,
                Map.of("id", "rot", "issuer", issuer, "client.id", "pauz", "client.secret", "s")));
    }

    @Test
    public void unknownKidFetchesTheKeysAgainAndAcceptsTheRotatedKey() throws Exception {
        RSAKey first = new RSAKeyGenerator(2048).keyID("k1").generate();
        RSAKey second = new RSAKeyGenerator(2048).keyID("k2").generate();
        published = new JWKSet(first);
        OidcClient client = client();
        assertEquals("ana", client.verifyToken(token(first, claims()), null).subject());
        assertEquals(1, jwksFetches.get());
        assertEquals("ana", client.verifyToken(token(first, claims()), null).subject());
        assertEquals("known kid: served from the cache", 1, jwksFetches.get());

        published = new JWKSet(List.of(second)); // the issuer rotates
        assertEquals("ana", client.verifyToken(token(second, claims()), null).subject());
        assertEquals("unknown kid: keys fetched again", 2, jwksFetches.get());

        RSAKey stranger = new RSAKeyGenerator(2048).keyID("k3").generate();
        try {
            client.verifyToken(token(stranger, claims()), null);
            fail("token signed with an unpublished key accepted");
        } catch (IdentityException e) {
            assertFalse(e.getMessage(), e.providerUnavailable()); // rate-limited refetch: refused, not an outage
        }
        assertTrue("at most one more fetch within the rate limit", jwksFetches.get() <= 3);
    }

    @Test
    public void notBeforeInTheFutureIsRefused() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        published = new JWKSet(key);
        JWTClaimsSet early = new JWTClaimsSet.Builder(claims())
                .notBeforeTime(new Date(System.currentTimeMillis() + 3_600_000)).build();
        try {
            client().verifyToken(token(key, early), null);
            fail("token not valid yet accepted");
        } catch (IdentityException e) {
            assertFalse(e.providerUnavailable());
        }
    }

    private JWTClaimsSet claims() {
        long now = System.currentTimeMillis();
        return new JWTClaimsSet.Builder().issuer(issuer).subject("ana").audience("pauz").issueTime(new Date(now))
                .expirationTime(new Date(now + 600_000)).build();
    }

    private static String token(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static void send(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
