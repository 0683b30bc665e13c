/**
 * The free journal as a service for other features (AI reflections, garden, statistics, export,
 * import): read and write a user's entries, and hear about changes through {@link JournalListener}
 * services (whiteboard). Every call names the user; an entry of another user is never returned.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.pauz.api.journal;
