package io.pauz.backup.internal;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code manifest.json}, the last entry of every archive: what it holds and the SHA-256 of every other entry,
 * so a restore can prove the archive whole before it writes anything.
 *
 * @param format    always {@value #FORMAT}
 * @param version   layout version of the archive ({@value #VERSION})
 * @param createdAt when the backup started (ISO-8601, UTC)
 * @param database  the Derby database: its name and the entries under {@code db/<name>/}
 * @param objects   object count and bytes, in total and per bucket
 * @param files     every entry but the manifest
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
record Manifest(String format, int version, String createdAt, String pauzVersion, Database database, Objects objects,
        List<FileEntry> files) {
    static final String FORMAT = "pauz-backup";
    static final int VERSION = 1;

    record Database(String name, int files, long bytes) {
    }

    record Objects(long count, long bytes, Map<String, Long> perBucket) {
    }

    /**
     * One archive entry. Objects ({@code objects/<bucket>/<key>}) also carry their bucket, key, content type and
     * user metadata so the restore puts them back exactly; database files ({@code db/...}) carry only path, size and hash.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FileEntry(String path, long size, String sha256, String bucket, String key, String contentType,
            Map<String, String> metadata) {
    }
}
