package io.pauz.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;

import javax.imageio.ImageIO;
import javax.inject.Inject;
import javax.sql.DataSource;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.util.Filter;

import com.fasterxml.jackson.databind.JsonNode;

import io.pauz.api.identity.Sessions;
import io.pauz.api.identity.UserDirectory;
import io.pauz.api.identity.UserSummary;

/** Accounts in the real runtime: local sign-in, sessions, profile, picture, preferences, isolation. */
public class AccountsIT extends PauzTestBase {

    @Inject
    @Filter(timeout = 60_000)
    private Sessions sessions;

    @Inject
    @Filter(value = "(pauz.sql.provider=derby)", timeout = 60_000)
    private DataSource dataSource;

    @Inject
    @Filter(timeout = 60_000)
    private io.pauz.api.memory.MemoryService memory;

    @Configuration
    public Option[] config() {
        return PauzOptions.runtime(newWorkDir(AccountsIT.class), "io.pauz.accounts:password.iterations=20000",
                "io.pauz.accounts:login.max.failures=3");
    }

    private static String email() {
        return "u" + UUID.randomUUID().toString().substring(0, 8) + "@Example.org";
    }

    private Http.Reply register(String email, String password, String name) {
        return http.post("auth/local/register", "application/json",
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"name\":\"" + name + "\"}");
    }

    private String token(Http.Reply reply) {
        assertTrue(reply.body(), reply.status() == 200 || reply.status() == 201);
        return reply.json().path("token").asText();
    }

    private static String[] bearer(String token) {
        return new String[] { "Authorization", "Bearer " + token };
    }

    @Test
    public void registerSignInAndSignOut() throws Exception {
        String email = email();
        Http.Reply registered = register(email, "correct horse", "Ana Lima");
        assertEquals(201, registered.status());
        String first = token(registered);
        assertEquals(email.toLowerCase(), registered.json().path("user").path("email").asText());
        assertTrue(registered.json().path("expiresAt").asText().startsWith("20"));

        Http.Reply me = http.get("me", bearer(first));
        assertEquals(200, me.status());
        assertEquals("Ana Lima", me.json().path("name").asText());

        Http.Reply login = http.post("auth/local/login", "application/json",
                "{\"email\":\"" + email.toUpperCase() + "\",\"password\":\"correct horse\"}");
        String second = token(login);
        assertNotEquals(first, second);

        assertEquals(204, http.post("auth/logout", "application/json", "", bearer(first)).status());
        Http.Reply revoked = http.get("me", bearer(first));
        assertEquals(401, revoked.status());
        assertEquals("unauthorized", revoked.errorCode());
        assertEquals("the other session lives on", 200, http.get("me", bearer(second)).status());

        // Only hashes of tokens are stored.
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT token_hash FROM user_sessions")) {
            while (rs.next()) {
                assertFalse(rs.getString(1).equals(first) || rs.getString(1).equals(second));
            }
        }
    }

    @Test
    public void expiredSessionsAreRefused() throws Exception {
        String token = token(register(email(), "correct horse", "E"));
        assertEquals(200, http.get("me", bearer(token)).status());
        String hash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        try (Connection c = dataSource.getConnection();
                java.sql.PreparedStatement expire = c.prepareStatement(
                        "UPDATE user_sessions SET expires_at = ? WHERE token_hash = ?")) {
            expire.setTimestamp(1, java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(1)));
            expire.setString(2, hash);
            assertEquals(1, expire.executeUpdate());
        }
        memory.cache(io.pauz.api.memory.MemoryService.SESSIONS).remove(hash); // as after its cache lifespan
        Http.Reply expired = http.get("me", bearer(token));
        assertEquals(401, expired.status());
        assertEquals("unauthorized", expired.errorCode());
    }

    @Test
    public void badRegistrationsAreRefusedClearly() {
        String email = email();
        assertEquals(201, register(email, "long enough", "A").status());
        Http.Reply duplicate = register(email.toUpperCase(), "long enough", "B");
        assertEquals(409, duplicate.status());
        assertEquals("email_taken", duplicate.errorCode());
        assertEquals("invalid_email", register("not-an-email", "long enough", "C").errorCode());
        assertEquals("weak_password", register(email(), "short", "D").errorCode());
        assertEquals(422, register(email(), "short", "D").status());
        Http.Reply missing = http.post("auth/local/register", "application/json", "{}");
        assertEquals(400, missing.status());
        assertEquals("missing_fields", missing.errorCode());
        assertEquals("bad_json", http.post("auth/local/register", "application/json", "{\"email\":").errorCode());
    }

    @Test
    public void wrongPasswordsAreRateLimited() {
        String email = email();
        assertEquals(201, register(email, "the right one", "R").status());
        String wrong = "{\"email\":\"" + email + "\",\"password\":\"the wrong one\"}";
        for (int i = 0; i < 3; i++) {
            Http.Reply reply = http.post("auth/local/login", "application/json", wrong);
            assertEquals(401, reply.status());
            assertEquals("invalid_credentials", reply.errorCode());
        }
        Http.Reply limited = http.post("auth/local/login", "application/json", wrong);
        assertEquals(429, limited.status());
        assertEquals("rate_limited", limited.errorCode());
        assertTrue(Integer.parseInt(limited.headers().firstValue("Retry-After").orElse("0")) > 0);
        // Unknown emails answer like wrong passwords.
        Http.Reply unknown = http.post("auth/local/login", "application/json",
                "{\"email\":\"" + email() + "\",\"password\":\"whatever1\"}");
        assertEquals("invalid_credentials", unknown.errorCode());
    }

    @Test
    public void profileAndPreferences() {
        String token = token(register(email(), "correct horse", "Before"));
        Http.Reply renamed = http.send(http.request("me", bearer(token)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"name\":\"  After  \"}")));
        assertEquals("After", renamed.json().path("name").asText());
        Http.Reply empty = http.send(http.request("me", bearer(token)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"name\":\"\"}")));
        assertEquals(422, empty.status());

        String prefs = "{\"theme\":\"dusk\",\"voice\":true,\"reminderHours\":[8,21]}";
        Http.Reply put = http.send(http.request("me/preferences", bearer(token)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(prefs)));
        assertEquals(200, put.status());
        JsonNode got = http.get("me/preferences", bearer(token)).json();
        assertEquals("dusk", got.path("theme").asText());
        assertEquals(21, got.path("reminderHours").get(1).asInt());
        Http.Reply array = http.send(http.request("me/preferences", bearer(token)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("[1]")));
        assertEquals(422, array.status());
        assertEquals("invalid_preferences", array.errorCode());
    }

    @Test
    public void directoryGivesNameAndTimeZoneOfEveryUser() throws Exception {
        UserDirectory directory = service(UserDirectory.class, null, 60);
        Http.Reply registered = register(email(), "correct horse", "Zoe Tanaka");
        String token = token(registered);
        String id = registered.json().path("user").path("id").asText();
        UserSummary before = directory.find(id).orElseThrow();
        assertEquals("Zoe Tanaka", before.name());
        assertEquals(java.time.ZoneOffset.UTC, before.zone());

        http.send(http.request("me/preferences", bearer(token)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"timeZone\":\"Asia/Tokyo\"}")));
        assertEquals(java.time.ZoneId.of("Asia/Tokyo"), directory.find(id).orElseThrow().zone());
        assertEquals("Asia/Tokyo", directory.preferences(id).get("timeZone"));
        assertTrue(directory.preferences("no-such-user").isEmpty());
        http.send(http.request("me/preferences", bearer(token)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"timeZone\":\"Mars/Olympus\"}")));
        assertEquals("an invalid zone falls back to UTC", java.time.ZoneOffset.UTC, directory.find(id).orElseThrow().zone());

        assertTrue(directory.userIds().contains(id));
        assertTrue(directory.find("no-such-user").isEmpty());
        assertTrue(directory.find(null).isEmpty());
    }

    @Test
    public void pictureIsSniffedResizedAndPrivate() throws Exception {
        String a = token(register(email(), "correct horse", "A"));
        String b = token(register(email(), "correct horse", "B"));
        BufferedImage image = new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);

        Http.Reply put = http.send(http.request("me/picture", bearer(a)).header("Content-Type", "image/png")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(png.toByteArray())));
        assertEquals(put.body(), 200, put.status());
        assertEquals("/api/v1/me/picture", put.json().path("pictureUrl").asText());

        for (int size : new int[] { 512, 64 }) {
            HttpResponse<byte[]> picture = http.bytes(http.request("me/picture?size=" + size, bearer(a)).GET());
            assertEquals(200, picture.statusCode());
            assertEquals("image/jpeg", picture.headers().firstValue("Content-Type").orElse(""));
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(picture.body()));
            assertEquals(size, decoded.getWidth());
            assertEquals(size, decoded.getHeight());
        }

        Http.Reply gif = http.send(http.request("me/picture", bearer(a)).header("Content-Type", "image/png")
                .PUT(HttpRequest.BodyPublishers.ofByteArray("GIF89a-not-really".getBytes())));
        assertEquals(415, gif.status());
        assertEquals("unsupported_image", gif.errorCode());
        Http.Reply svg = http.send(http.request("me/picture", bearer(a)).header("Content-Type", "image/svg+xml")
                .PUT(HttpRequest.BodyPublishers.ofString("<svg/>")));
        assertEquals(415, svg.status());

        // B sees only B's own (none), never A's.
        Http.Reply others = http.get("me/picture", bearer(b));
        assertEquals(404, others.status());
        assertEquals("picture_not_found", others.errorCode());
        assertTrue(http.get("me", bearer(b)).json().path("pictureUrl").isNull());
    }

    /** Nothing of A's is reachable with B's session, and B's actions never touch A. */
    @Test
    public void usersCannotReachEachOthersAccountData() throws Exception {
        String emailA = email();
        String a = token(register(emailA, "correct horse", "A"));
        String b = token(register(email(), "correct horse", "B"));
        http.send(http.request("me/preferences", bearer(a)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"secret\":\"a-only\"}")));
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        http.send(http.request("me/picture", bearer(a)).header("Content-Type", "image/png")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(png.toByteArray())));

        JsonNode meB = http.get("me", bearer(b)).json();
        assertNotEquals(emailA.toLowerCase(), meB.path("email").asText());
        assertFalse(http.get("me/preferences", bearer(b)).body().contains("a-only"));
        assertEquals(404, http.get("me/picture", bearer(b)).status());
        // B signing out ends B's session only.
        assertEquals(204, http.post("auth/logout", "application/json", "", bearer(b)).status());
        assertEquals(200, http.get("me", bearer(a)).status());
        assertTrue(http.get("me/preferences", bearer(a)).body().contains("a-only"));
        // A user id in a query or header changes nothing: the session decides.
        String idA = http.get("me", bearer(a)).json().path("id").asText();
        String c = token(register(email(), "correct horse", "C"));
        assertNotEquals(idA, http.get("me?userId=" + idA, "Authorization", "Bearer " + c, "X-User-Id", idA).json().path("id").asText());
    }

    @Test
    public void everyAccountPathNeedsASession() {
        for (String path : new String[] { "me", "me/picture", "me/preferences" }) {
            Http.Reply reply = http.get(path);
            assertEquals(path, 401, reply.status());
            assertEquals("unauthorized", reply.errorCode());
            assertEquals(401, http.get(path, "Authorization", "Bearer forged-token").status());
        }
        assertEquals(401, http.post("auth/logout", "application/json", "").status());
        assertTrue(sessions.validate("forged-token").isEmpty());
    }

    @Test
    public void unknownIdentityProviderIs404() {
        Http.Reply reply = http.get("auth/nope/login");
        assertEquals(404, reply.status());
        assertEquals("provider_not_found", reply.errorCode());
        assertEquals(404, http.post("auth/nope/token", "application/json", "{\"idToken\":\"x\"}").status());
    }
}
