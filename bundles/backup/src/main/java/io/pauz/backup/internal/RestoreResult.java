package io.pauz.backup.internal;

/**
 * A new data directory written from an archive. Its database is ready; its objects are put into the bucket store
 * of the instance that is started on it ({@code pendingArchive} under {@code <target>/restore/}).
 */
public record RestoreResult(String archive, String target, String database, int databaseFiles, long objects,
        long objectBytes, String pendingArchive) {
}
