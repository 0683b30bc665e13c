/**
 * Speech engines that turn a recording into a transcript.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.pauz.api.speech;
