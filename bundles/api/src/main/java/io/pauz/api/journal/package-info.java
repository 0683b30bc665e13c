/**
 * The free journal as a service for other features (AI reflections, garden, statistics, export,
 * import): read and write a user's entries, and hear about changes through {@link JournalListener}
 * services (whiteboard). Every call names the user; an entry of another user is never returned.
 * {@link io.pauz.api.journal.Recordings} (1.1) turns recordings into spoken entries.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.pauz.api.journal;
