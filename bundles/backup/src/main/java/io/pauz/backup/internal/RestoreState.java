package io.pauz.backup.internal;

/**
 * The restore of objects on an instance started on a restored data directory.
 *
 * @param status  {@code running}, {@code done} or {@code failed}
 * @param objects objects in the archive
 * @param done    objects in the store so far
 */
public record RestoreState(String archive, String status, long objects, long done, String error) {
}
