package io.pauz.backup.internal;

import java.util.Map;

import io.pauz.api.bucket.ObjectInfo;

/**
 * One archive in {@code media-storage/backup-archives/}, as the REST API and Gogo show it. The counts come from
 * the archive object's user metadata (written with it), so listing never opens a zip.
 */
public record ArchiveInfo(String name, long size, String createdAt, long objects, long objectBytes, int databaseFiles,
        long databaseBytes, String sha256) {

    static final String META_CREATED = "created-at";
    static final String META_OBJECTS = "objects";
    static final String META_OBJECT_BYTES = "object-bytes";
    static final String META_DB_FILES = "db-files";
    static final String META_DB_BYTES = "db-bytes";

    static Map<String, String> metadata(Manifest m) {
        return Map.of(META_CREATED, m.createdAt(), META_OBJECTS, String.valueOf(m.objects().count()),
                META_OBJECT_BYTES, String.valueOf(m.objects().bytes()), META_DB_FILES, String.valueOf(m.database().files()),
                META_DB_BYTES, String.valueOf(m.database().bytes()));
    }

    static ArchiveInfo of(String name, ObjectInfo info) {
        Map<String, String> meta = info.userMetadata();
        return new ArchiveInfo(name, info.size(), meta.getOrDefault(META_CREATED, String.valueOf(info.lastModified())),
                number(meta.get(META_OBJECTS)), number(meta.get(META_OBJECT_BYTES)), (int) number(meta.get(META_DB_FILES)),
                number(meta.get(META_DB_BYTES)), info.sha256());
    }

    private static long number(String value) {
        try {
            return value == null ? -1 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
