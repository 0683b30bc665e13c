package io.pauz.guided.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;

import io.pauz.api.rest.ApiException;

/** Keyset paging position: the last session's start time and id, opaque to clients. */
public record Cursor(Instant startedAt, String id) {
    private static final Pattern FORMAT = Pattern.compile("(-?\\d{1,19}):(\\d{1,9}):([0-9a-f-]{36})");

    String encode() {
        String raw = startedAt.getEpochSecond() + ":" + startedAt.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    static Cursor decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            var m = FORMAT.matcher(raw);
            if (m.matches()) {
                return new Cursor(Instant.ofEpochSecond(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))), m.group(3));
            }
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            // falls through to the error below
        }
        throw ApiException.badRequest("bad_cursor", "cursor is not one this server gave out");
    }
}
