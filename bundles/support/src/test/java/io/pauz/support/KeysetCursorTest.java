package io.pauz.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import org.junit.Test;

import io.pauz.api.rest.ApiException;

public class KeysetCursorTest {
    @Test
    public void roundTripsTimeToTheNanosecondAndId() {
        for (Instant at : new Instant[] { Instant.parse("2026-03-01T10:15:30.123456789Z"), Instant.EPOCH,
                Instant.parse("1969-12-31T23:59:59.5Z") }) {
            KeysetCursor c = new KeysetCursor(at, UUID.randomUUID().toString());
            String s = c.encode();
            assertFalse(s.contains("=") || s.contains("+") || s.contains("/")); // safe in a query string
            assertEquals(c, KeysetCursor.decode(s));
        }
    }

    @Test
    public void noCursorIsTheFirstPage() {
        assertNull(KeysetCursor.decode(null));
        assertNull(KeysetCursor.decode(""));
    }

    @Test
    public void refusesCursorsThisServerDidNotGiveOut() {
        String id = UUID.randomUUID().toString();
        for (String bad : new String[] { "not base64!", "%%%", b64("hello"), b64("1:2:not-a-uuid"), b64("1:2"),
                b64("x:0:" + id), b64("1:1234567890:" + id), b64("99999999999999999:0:" + id),
                b64("1:0:" + id + ":extra"), b64("1:0:" + id.toUpperCase()) }) {
            try {
                KeysetCursor.decode(bad);
                fail("accepted " + bad);
            } catch (ApiException e) {
                assertEquals(400, e.status());
                assertEquals("bad_cursor", e.code());
            }
        }
    }

    private static String b64(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }
}
