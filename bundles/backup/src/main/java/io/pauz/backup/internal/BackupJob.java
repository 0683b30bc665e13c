package io.pauz.backup.internal;

/**
 * One backup run as the API shows it.
 *
 * @param status  {@code running}, {@code done} or {@code failed}
 * @param entries archive entries written so far
 */
public record BackupJob(String id, String status, String startedAt, String finishedAt, long entries, ArchiveInfo archive,
        String error) {
}
