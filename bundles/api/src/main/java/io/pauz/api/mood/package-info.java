/**
 * Mood analyzers: text in, a score in -1..1, a label and emotion weights out.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.pauz.api.mood;
