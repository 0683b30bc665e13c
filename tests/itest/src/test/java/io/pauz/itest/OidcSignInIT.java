package io.pauz.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Sign-in through PAUZ's own endpoints against a real OpenID Connect issuer on 127.0.0.1: the
 * browser-style code flow, the mobile ID-token path, replayed state, forged tokens, picture import.
 * The runner side hands the framework tokens through files, as the two never share classes.
 */
public class OidcSignInIT extends PauzTestBase {
    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Configuration
    public Option[] config() throws Exception {
        Path work = newWorkDir(OidcSignInIT.class);
        String[] overrides = OidcFixture.start();
        // One sign-in per browser test, in whichever order they run: the same person each time.
        OidcFixture.nextPerson("google-sub-ana", "ana@example.org", "Ana Lima");
        OidcFixture.nextPerson("google-sub-ana", "ana@example.org", "Ana Lima");
        Files.writeString(work.resolve("mobile-token"), OidcFixture.idToken("google-sub-bo", "bo@example.org"));
        Files.writeString(work.resolve("forged-token"), forge(OidcFixture.idToken("google-sub-eve", "eve@example.org")));
        return PauzOptions.runtime(work, overrides);
    }

    /** The payload changed after signing: the signature no longer matches. */
    private static String forge(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]));
        String changed = payload.replace("eve@example.org", "ana@example.org");
        return parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(changed.getBytes()) + "."
                + parts[2];
    }

    /** The provider's factory configuration may arrive after health says UP. */
    @org.junit.Before
    public void awaitProvider() {
        Http.Reply login = http.await("auth/google/login", r -> r.status() == 302, Duration.ofSeconds(30));
        assertEquals(login.body(), 302, login.status());
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return browser.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    public void browserCodeFlowSignsInAndImportsThePicture() throws Exception {
        String base = "http://127.0.0.1:" + context.getProperty("org.osgi.service.http.port") + "/api/v1/";
        HttpResponse<String> login = get(URI.create(base + "auth/google/login"));
        assertEquals(302, login.statusCode());
        URI authorize = URI.create(login.headers().firstValue("Location").orElseThrow());
        assertTrue(authorize.getQuery().contains("code_challenge_method=S256"));

        HttpResponse<String> issuer = get(authorize);
        assertEquals(302, issuer.statusCode());
        URI callback = URI.create(issuer.headers().firstValue("Location").orElseThrow());
        assertTrue(callback.getPath(), callback.getPath().endsWith("/api/v1/auth/google/callback"));

        URI local = URI.create(base + "auth/google/callback?" + callback.getRawQuery());
        HttpResponse<String> session = get(local);
        assertEquals(session.body(), 200, session.statusCode());
        JsonNode grant = new com.fasterxml.jackson.databind.ObjectMapper().readTree(session.body());
        String token = grant.path("token").asText();
        assertEquals("ana@example.org", grant.path("user").path("email").asText());
        assertEquals("Ana Lima", grant.path("user").path("name").asText());

        // The state is good once: replaying the callback fails.
        HttpResponse<String> replay = get(local);
        assertEquals(401, replay.statusCode());
        assertTrue(replay.body().contains("invalid_state"));

        // The provider's picture is imported in the background into user-profiles/profile-pictures/.
        Http.Reply me = http.await("me", r -> r.json().path("pictureUrl").asText().equals("/api/v1/me/picture"),
                Duration.ofSeconds(15), "Authorization", "Bearer " + token);
        assertEquals("/api/v1/me/picture", me.json().path("pictureUrl").asText());
        assertEquals(200, http.get("me/picture", "Authorization", "Bearer " + token).status());
    }

    @Test
    public void aBrowserNavigationLandsInTheWebClientWithItsToken() throws Exception {
        String base = "http://127.0.0.1:" + context.getProperty("org.osgi.service.http.port") + "/api/v1/";
        URI authorize = URI.create(get(URI.create(base + "auth/google/login")).headers().firstValue("Location").orElseThrow());
        URI callback = URI.create(get(authorize).headers().firstValue("Location").orElseThrow());
        HttpResponse<String> landed = browser.send(HttpRequest.newBuilder(
                URI.create(base + "auth/google/callback?" + callback.getRawQuery()))
                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(303, landed.statusCode());
        URI location = URI.create(landed.headers().firstValue("Location").orElseThrow());
        assertEquals("/signin", location.getPath());
        assertTrue(location.getRawFragment(), location.getRawFragment().startsWith("token="));
        String token = java.net.URLDecoder.decode(location.getRawFragment().substring("token=".length()),
                java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(200, http.get("me", "Authorization", "Bearer " + token).status());
        assertEquals("no-store", landed.headers().firstValue("Cache-Control").orElse(""));
    }

    @Test
    public void mobileIdTokenSignsInAndForgeriesAreRefused() throws Exception {
        String idToken = Files.readString(workDir().resolve("mobile-token"));
        Http.Reply signedIn = http.post("auth/google/token", "application/json", "{\"idToken\":\"" + idToken + "\"}");
        assertEquals(signedIn.body(), 200, signedIn.status());
        assertEquals("bo@example.org", signedIn.json().path("user").path("email").asText());
        // Same person again: same account.
        Http.Reply again = http.post("auth/google/token", "application/json", "{\"idToken\":\"" + idToken + "\"}");
        assertEquals(signedIn.json().path("user").path("id").asText(), again.json().path("user").path("id").asText());

        String forged = Files.readString(workDir().resolve("forged-token"));
        Http.Reply refused = http.post("auth/google/token", "application/json", "{\"idToken\":\"" + forged + "\"}");
        assertEquals(401, refused.status());
        assertEquals("invalid_token", refused.errorCode());
        Http.Reply wrongNonce = http.post("auth/google/token", "application/json",
                "{\"idToken\":\"" + idToken + "\",\"nonce\":\"not-the-one\"}");
        assertEquals(401, wrongNonce.status());
        Http.Reply missing = http.post("auth/google/token", "application/json", "{}");
        assertEquals(400, missing.status());
        assertEquals("missing_id_token", missing.errorCode());
    }

    @Test
    public void callbackWithoutAKnownStateIsRefused() {
        Http.Reply unknown = http.get("auth/google/callback?code=abc&state=never-issued");
        assertEquals(401, unknown.status());
        assertEquals("invalid_state", unknown.errorCode());
        Http.Reply refused = http.get("auth/google/callback?error=access_denied");
        assertEquals(401, refused.status());
        assertEquals("sign_in_refused", refused.errorCode());
    }
}
