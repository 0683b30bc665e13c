/**
 * Guided journaling sessions for other features: completion events (the garden plants a flower, statistics count
 * the session) and {@link io.pauz.api.guided.GuidedJournal}, the sessions with their prompts and answers (export,
 * import, statistics).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.pauz.api.guided;
