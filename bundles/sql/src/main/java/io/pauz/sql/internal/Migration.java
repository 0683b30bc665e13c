package io.pauz.sql.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One versioned script, named {@code V<version>__<description>.sql}.
 *
 * @param checksum SHA-256 of the script, so an edited script that was already applied is noticed
 */
record Migration(int version, String description, String sql, String checksum) {
    private static final Pattern NAME = Pattern.compile("V(\\d{1,9})__([A-Za-z0-9_]+)\\.sql");

    static Optional<Migration> of(String fileName, String sql) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Migration(Integer.parseInt(m.group(1)), m.group(2).replace('_', ' '), sql, sha256(sql)));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
