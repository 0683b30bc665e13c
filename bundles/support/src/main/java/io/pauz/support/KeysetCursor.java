package io.pauz.support;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;

import io.pauz.api.rest.ApiException;

/**
 * A keyset paging position: the last row's time and id (a UUID), opaque to clients. Mappers compare with
 * {@code #{after.at}} and {@code #{after.id}}.
 */
public record KeysetCursor(Instant at, String id) {
    private static final Pattern FORMAT = Pattern.compile("(-?\\d{1,19}):(\\d{1,9}):([0-9a-f-]{36})");

    /** The string a page hands out as {@code nextCursor}. */
    public String encode() {
        String raw = at.getEpochSecond() + ":" + at.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * @return null for no cursor (the first page)
     * @throws ApiException 400 {@code bad_cursor} for a string this server did not give out
     */
    public static KeysetCursor decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            var m = FORMAT.matcher(raw);
            if (m.matches()) {
                return new KeysetCursor(Instant.ofEpochSecond(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))),
                        m.group(3));
            }
        } catch (IllegalArgumentException | DateTimeException e) {
            // falls through to the error below
        }
        throw ApiException.badRequest("bad_cursor", "cursor is not one this server gave out");
    }
}
